// The README's "Reminders and calendar" examples (the reminders part) run in order as written and
// answer what the README shows; job-uuid is filled in by the test.
import { expect, it } from 'vitest';
import { readmeExamples } from '../support/readme.ts';
import { useTestApp } from '../support/test-app.ts';

const t = useTestApp();

it('the reminder examples answer as the README says', async () => {
  // The reminder examples (the calendar feed's run in readme-calendar.test.ts).
  const examples = readmeExamples('Reminders and calendar').filter((example) => !/calendarfeed/i.test(example.graphql));
  expect(examples.length).toBeGreaterThanOrEqual(2);
  const ann = await t.createUser();
  const job = await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Engineer' } });
  for (const example of examples) {
    const { status, data, errors } = await t.graphql(example.graphql.replaceAll('job-uuid', job.id), {
      token: ann.token,
    });
    expect({ status, errors }).toEqual({ status: 200, errors: undefined });
    expect(data).toEqual(example.answer);
  }
});
