// The README's "Reminders and calendar" examples run as written, in order, as one signed-in user:
// every mutation succeeds and answers what the README shows; the URL rotateCalendarFeed answers is
// a feed that ical.js parses, fetched as the README's curl lines do (a 200, then a 304 with the
// ETag), and after deleteCalendarFeed it answers 404.
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { readmeExamples } from '../support/readme.ts';
import { useTestApp } from '../support/test-app.ts';

const t = useTestApp();

describe('README: Reminders and calendar', () => {
  it('every example runs, in order, and the URL it hands out is a working feed until deleted', async () => {
    const user = await t.createUser();
    const job = await t.db.job.create({ data: { userId: user.id, companyName: 'Acme', position: 'Engineer' } });
    await t.app.services.interviews.create(user.id, { jobId: job.id, scheduledAt: '2030-03-01T10:00:00Z' });
    // The calendar feed's examples (the section's reminder examples run in readme-reminders.test.ts).
    const examples = readmeExamples('Reminders and calendar').filter((example) =>
      /calendarfeed/i.test(example.graphql),
    );
    expect(examples.map((example) => /\{\s*(\w+)/.exec(example.graphql.replace(/^(mutation|query)/, ''))?.[1])).toEqual(
      ['rotateCalendarFeed', 'calendarFeed', 'deleteCalendarFeed'],
    );
    let path: string | undefined;
    for (const example of examples) {
      const { status, data, errors } = await t.graphql<Record<string, Record<string, unknown> | null>>(
        example.graphql,
        { token: user.token },
      );
      expect(errors, example.graphql).toBeUndefined();
      expect(status).toBe(200);
      const [root] = Object.values(data ?? {});
      if (example.answer) expect(root).toMatchObject(example.answer);
      if (root && typeof root.url === 'string') {
        path = new URL(root.url).pathname;
        // curl -i "$URL", then again with its ETag.
        const first = await t.fetch(path);
        expect(first.status).toBe(200);
        const calendar = new ICAL.Component(ICAL.parse(await first.text()));
        expect(calendar.getAllSubcomponents('vevent').map((event) => event.getFirstPropertyValue('summary'))).toEqual([
          'Interview: Engineer at Acme',
        ]);
        const again = await t.fetch(path, { headers: { 'if-none-match': first.headers.get('etag')! } });
        expect(again.status).toBe(304);
      }
      if (root && 'lastFetchedAt' in root) expect(root.lastFetchedAt).toEqual(expect.any(String));
    }
    expect(path).toBeDefined();
    expect((await t.fetch(path!)).status).toBe(404);
  });
});
