// The calendar feed end to end: rotateCalendarFeed's URL, fetched over GET /calendar/<token>.ics
// with no auth header, parsed by an independent parser (ical.js), shows the user's interviews,
// note reminders, task due dates and job deadlines with stable UIDs; SEQUENCE grows on a change;
// a deleted item stays STATUS:CANCELLED for 30 days (by the services' clock, never slept on);
// ETag/If-None-Match gives 304; rotation and deleteCalendarFeed revoke the URL (404); another
// user's items never appear; the token reaches neither the log nor the metrics; RFC 5545 lines
// (CRLF, folded at 75 octets, escaped) survive a long non-ASCII description.
import { Writable } from 'node:stream';
import ICAL from 'ical.js';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../../src/services.ts';
import { useTestApp, type TestUser } from '../../support/test-app.ts';

const lines: string[] = [];
const capture = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    done();
  },
});

const t = useTestApp({
  logger: pino({ level: 'trace' }, capture),
  env: { PUBLIC_URL: 'https://tracker.example.com/' },
});

const ROTATE = `mutation { rotateCalendarFeed { success message code field url calendarFeed { createdAt lastFetchedAt } } }`;
const FEED = `query { calendarFeed { createdAt lastFetchedAt } }`;
const DELETE = `mutation { deleteCalendarFeed { success message code field deletedId } }`;

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string | null;
  location: string | null;
  url: string | null;
  sequence: number;
  status: string;
  start: string;
  end: string | null;
  allDay: boolean;
}

/** The feed as ical.js reads it (a parse error fails the test). */
function parse(text: string): { calendar: ICAL.Component; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const value = (name: string) => {
      const found = vevent.getFirstPropertyValue(name);
      return found === null || found === undefined ? null : String(found);
    };
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description ?? null,
      location: event.location ?? null,
      url: value('url'),
      sequence: event.sequence,
      status: value('status') ?? '',
      start: event.startDate.isDate ? event.startDate.toString() : event.startDate.toJSDate().toISOString(),
      end: vevent.hasProperty('dtend')
        ? event.endDate.isDate
          ? event.endDate.toString()
          : event.endDate.toJSDate().toISOString()
        : null,
      allDay: event.startDate.isDate,
    };
  });
  return { calendar, events };
}

async function rotate(user: TestUser): Promise<{ url: string; path: string }> {
  const { data, errors } = await t.graphql<{ rotateCalendarFeed: { success: boolean; url: string } }>(ROTATE, {
    token: user.token,
  });
  expect(errors).toBeUndefined();
  expect(data!.rotateCalendarFeed.success).toBe(true);
  const { url } = data!.rotateCalendarFeed;
  return { url, path: new URL(url).pathname };
}

const get = (path: string, headers: Record<string, string> = {}) => t.fetch(path, { headers });

async function feedOf(path: string) {
  const response = await get(path);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { response, text, ...parse(text) };
}

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

/** Ann's job with an interview (two contacts), a task, a note reminder and a deadline. */
async function annsItems() {
  const job = await t.db.job.create({
    data: {
      userId: ann.id,
      companyName: 'Acme',
      position: 'Engineer',
      deadline: new Date('2030-03-15'),
      jobUrl: 'https://jobs.example.com/1',
    },
  });
  const [jane, sam] = await Promise.all([
    t.db.contact.create({ data: { userId: ann.id, name: 'Jane Doe', role: 'Recruiter' } }),
    t.db.contact.create({ data: { userId: ann.id, name: 'Sam Lee' } }),
  ]);
  const interview = await t.app.services.interviews.create(ann.id, {
    jobId: job.id,
    scheduledAt: '2030-03-01T10:00:00Z',
    durationMinutes: 45,
    kind: 'technical',
    location: 'Room 4, Main St; 2nd floor',
    meetingUrl: 'https://meet.example.com/abc',
    contactIds: [jane.id, sam.id],
  });
  const task = await t.app.services.tasks.create(ann.id, {
    title: 'Send thank-you',
    dueAt: '2030-03-02T09:00:00Z',
    jobId: job.id,
  });
  const undated = await t.app.services.tasks.create(ann.id, { title: 'Someday' });
  const note = await t.app.services.notes.create(ann.id, {
    jobId: job.id,
    content: 'Prepare the system design story',
    reminderTime: '2030-02-28T18:00:00Z',
  });
  return { job, interview, task, undated, note };
}

describe('the feed URL', () => {
  it('rotateCalendarFeed answers an absolute URL on PUBLIC_URL; calendarFeed shows it without the URL', async () => {
    expect((await t.graphql(FEED, { token: ann.token })).data).toEqual({ calendarFeed: null });
    const { url } = await rotate(ann);
    expect(url).toMatch(/^https:\/\/tracker\.example\.com\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const { data } = await t.graphql<{ calendarFeed: { createdAt: string; lastFetchedAt: string | null } }>(FEED, {
      token: ann.token,
    });
    expect(data!.calendarFeed.lastFetchedAt).toBeNull();
    // Only the token's hash is kept.
    const token = /\/calendar\/(.+)\.ics$/.exec(url)![1]!;
    const row = await t.db.calendarFeed.findUniqueOrThrow({ where: { userId: ann.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('a fetch needs no auth header and sets lastFetchedAt', async () => {
    const { path } = await rotate(ann);
    const { response } = await feedOf(path);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const { data } = await t.graphql<{ calendarFeed: { lastFetchedAt: string | null } }>(FEED, { token: ann.token });
    expect(data!.calendarFeed.lastFetchedAt).not.toBeNull();
  });

  it('rotating revokes the old URL (404) and the new one works', async () => {
    const first = await rotate(ann);
    expect((await get(first.path)).status).toBe(200);
    const second = await rotate(ann);
    expect(second.path).not.toBe(first.path);
    expect((await get(first.path)).status).toBe(404);
    expect((await get(second.path)).status).toBe(200);
  });

  it('deleteCalendarFeed turns it off: 404, calendarFeed null, a second delete NOT_FOUND', async () => {
    const { path } = await rotate(ann);
    const { data } = await t.graphql<{ deleteCalendarFeed: { success: boolean; deletedId: string } }>(DELETE, {
      token: ann.token,
    });
    expect(data!.deleteCalendarFeed.success).toBe(true);
    expect(data!.deleteCalendarFeed.deletedId).toEqual(expect.any(String));
    expect((await get(path)).status).toBe(404);
    expect((await t.graphql(FEED, { token: ann.token })).data).toEqual({ calendarFeed: null });
    const again = await t.graphql(DELETE, { token: ann.token });
    expect(again.data).toEqual({
      deleteCalendarFeed: {
        success: false,
        message: 'Calendar feed not found',
        code: 'NOT_FOUND',
        field: null,
        deletedId: null,
      },
    });
  });

  it('unknown and malformed tokens are 404; other methods 405', async () => {
    for (const path of [
      `/calendar/${'A'.repeat(43)}.ics`,
      '/calendar/short.ics',
      '/calendar/',
      '/calendar/x/y.ics',
      `/calendar/${'%2F'.repeat(20)}.ics`,
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    const { path } = await rotate(ann);
    const posted = await t.fetch(path, { method: 'POST' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
  });

  it('the fields need a signed-in user', async () => {
    const { errors } = await t.graphql(ROTATE);
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the events', () => {
  it('interviews, note reminders, task due dates and job deadlines, with their details and stable UIDs', async () => {
    const { job, interview, task, undated, note } = await annsItems();
    const { path } = await rotate(ann);
    const { calendar, events, text } = await feedOf(path);

    expect(calendar.getFirstPropertyValue('refresh-interval')?.toString()).toBe('PT1H');
    expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
    expect(text).toContain('REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n');

    const byUid = new Map(events.map((event) => [event.uid, event]));
    expect([...byUid.keys()].sort()).toEqual(
      [
        `interview-${interview.id}@job-application-tracker`,
        `task-${task.id}@job-application-tracker`,
        `note-${note.id}@job-application-tracker`,
        `deadline-${job.id}@job-application-tracker`,
      ].sort(),
    );
    expect(text).not.toContain(undated.id); // a task without a due date has no event

    const meeting = byUid.get(`interview-${interview.id}@job-application-tracker`)!;
    expect(meeting).toMatchObject({
      summary: 'Interview: Engineer at Acme',
      location: 'Room 4, Main St; 2nd floor',
      url: 'https://meet.example.com/abc',
      start: '2030-03-01T10:00:00.000Z',
      end: '2030-03-01T10:45:00.000Z',
      sequence: 0,
      status: 'CONFIRMED',
      allDay: false,
    });
    expect(meeting.description).toContain('Engineer at Acme (technical interview)');
    expect(meeting.description).toContain('With: Jane Doe (Recruiter), Sam Lee');
    expect(meeting.description).toContain('Meeting: https://meet.example.com/abc');

    expect(byUid.get(`task-${task.id}@job-application-tracker`)).toMatchObject({
      summary: 'Task: Send thank-you',
      start: '2030-03-02T09:00:00.000Z',
      status: 'CONFIRMED',
    });
    expect(byUid.get(`note-${note.id}@job-application-tracker`)).toMatchObject({
      summary: 'Reminder: Engineer at Acme',
      description: 'Prepare the system design story',
      start: '2030-02-28T18:00:00.000Z',
    });
    expect(byUid.get(`deadline-${job.id}@job-application-tracker`)).toMatchObject({
      summary: 'Deadline: Engineer at Acme',
      start: '2030-03-15',
      end: '2030-03-16',
      allDay: true,
      url: 'https://jobs.example.com/1',
    });

    // The same items give the same UIDs on the next fetch, and the same bytes.
    const again = await feedOf(path);
    expect(again.text).toBe(text);
  });

  it('SEQUENCE grows on every change of an item, and only of that item', async () => {
    const { interview, task, note, job } = await annsItems();
    const { path } = await rotate(ann);
    const sequences = async () =>
      Object.fromEntries((await feedOf(path)).events.map((event) => [event.uid.split('-')[0], event.sequence]));
    expect(await sequences()).toEqual({ interview: 0, task: 0, note: 0, deadline: 0 });

    await t.app.services.interviews.update(ann.id, interview.id, { scheduledAt: '2030-03-01T11:00:00Z' });
    expect(await sequences()).toEqual({ interview: 1, task: 0, note: 0, deadline: 0 });
    await t.app.services.interviews.update(ann.id, interview.id, { location: 'Online' });
    await t.app.services.tasks.complete(ann.id, task.id);
    await t.app.services.notes.update(ann.id, note.id, { content: 'Rehearse' });
    expect(await sequences()).toEqual({ interview: 2, task: 1, note: 1, deadline: 0 });
    // Who takes part is in the description: dropping a contact is a change too.
    await t.app.services.interviews.update(ann.id, interview.id, { contactIds: [] });
    expect((await sequences()).interview).toBe(3);
    // The job's name is in every event's summary: all of them change.
    await t.app.services.jobs.update(ann.id, job.id, { companyName: 'Acme Corp' });
    expect(await sequences()).toEqual({ interview: 4, task: 2, note: 2, deadline: 1 });
    const { events } = await feedOf(path);
    expect(events.find((event) => event.uid.startsWith('task-'))?.summary).toBe('Task: Send thank-you (done)');
  });

  it('a deleted item stays STATUS:CANCELLED (SEQUENCE up) for 30 days, then leaves the feed', async () => {
    const { interview, task, note } = await annsItems();
    const { path } = await rotate(ann);
    await t.app.services.interviews.delete(ann.id, interview.id);
    await t.app.services.tasks.update(ann.id, task.id, { dueAt: null }); // no due date: no event
    await t.app.services.notes.delete(ann.id, note.id);

    const { events } = await feedOf(path);
    const cancelled = events.filter((event) => event.status === 'CANCELLED');
    expect(cancelled.map((event) => event.uid.split('-')[0]).sort()).toEqual(['interview', 'note', 'task']);
    const meeting = cancelled.find((event) => event.uid === `interview-${interview.id}@job-application-tracker`)!;
    expect(meeting).toMatchObject({
      sequence: 1,
      start: '2030-03-01T10:00:00.000Z',
      end: '2030-03-01T10:45:00.000Z',
      summary: 'Interview: Engineer at Acme',
    });

    // By the services' clock: still there after 29 days, gone after 31.
    const token = /\/calendar\/(.+)\.ics$/.exec(path)![1]!;
    const at = (days: number): Services =>
      createServices({ ...t.deps, now: () => new Date(Date.now() + days * 24 * 60 * 60 * 1000) });
    const later = async (days: number) => parse((await at(days).calendar.document(token))!.body).events;
    expect((await later(29)).filter((event) => event.status === 'CANCELLED')).toHaveLength(3);
    expect((await later(31)).filter((event) => event.status === 'CANCELLED')).toHaveLength(0);

    // Given a due date again, the task is back, confirmed, with a higher SEQUENCE.
    await t.app.services.tasks.update(ann.id, task.id, { dueAt: '2030-04-01T09:00:00Z' });
    const back = (await feedOf(path)).events.find((event) => event.uid === `task-${task.id}@job-application-tracker`);
    expect(back).toMatchObject({ status: 'CONFIRMED', sequence: 2, start: '2030-04-01T09:00:00.000Z' });
  });

  it('an item that had no event (an undated task) leaves no row behind when deleted', async () => {
    const { undated, task } = await annsItems();
    await t.app.services.tasks.delete(ann.id, undated.id);
    await t.app.services.tasks.delete(ann.id, task.id);
    const rows = await t.db.calendarItemRevision.findMany({ where: { itemId: { in: [undated.id, task.id] } } });
    expect(rows.map((row) => [row.itemId, row.cancelledAt !== null])).toEqual([[task.id, true]]);
  });

  it('deleting the job cancels its deadline and everything of it', async () => {
    const { job } = await annsItems();
    const { path } = await rotate(ann);
    await t.app.services.jobs.delete(ann.id, job.id);
    const { events } = await feedOf(path);
    expect(events).toHaveLength(4);
    expect(events.every((event) => event.status === 'CANCELLED')).toBe(true);
  });

  it('deleting a user with items and a feed works, and leaves nothing of the calendar behind', async () => {
    await annsItems();
    await rotate(ann);
    await t.db.user.delete({ where: { id: ann.id } });
    expect(await t.db.calendarItemRevision.count({ where: { userId: ann.id } })).toBe(0);
    expect(await t.db.calendarFeed.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('an item without a revision row (the LEFT JOIN of the feed) is still in the feed, at SEQUENCE 0', async () => {
    const { task } = await annsItems();
    await t.db.calendarItemRevision.delete({ where: { kind_itemId: { kind: 'task', itemId: task.id } } });
    const { path } = await rotate(ann);
    const uid = `task-${task.id}@job-application-tracker`;
    expect((await feedOf(path)).events.find((event) => event.uid === uid)?.sequence).toBe(0);
  });

  it('another user’s items never appear, and the feed is one SQL statement whatever the count', async () => {
    await annsItems();
    const bobJob = await t.db.job.create({
      data: { userId: bob.id, companyName: 'Bobco', position: 'Spy', deadline: new Date('2030-05-01') },
    });
    await t.app.services.interviews.create(bob.id, { jobId: bobJob.id, scheduledAt: '2030-05-02T10:00:00Z' });
    await t.app.services.notes.create(bob.id, {
      jobId: bobJob.id,
      content: 'Bob note',
      reminderTime: '2030-05-03T10:00:00Z',
    });
    await t.app.services.tasks.create(bob.id, { title: 'Bob task', dueAt: '2030-05-04T10:00:00Z' });
    await t.app.services.tasks.delete(
      bob.id,
      (await t.app.services.tasks.create(bob.id, { title: 'Gone', dueAt: '2030-05-05T10:00:00Z' })).id,
    );

    const annFeed = await rotate(ann);
    const bobFeed = await rotate(bob);
    t.sqlStatements.length = 0;
    const { text, events } = await feedOf(annFeed.path);
    expect(t.sqlStatements).toHaveLength(1);
    expect(events).toHaveLength(4);
    for (const secret of ['Bobco', 'Spy', 'Bob note', 'Bob task', 'Gone']) expect(text).not.toContain(secret);

    // Ten more interviews: still one statement.
    const job = await t.db.job.findFirstOrThrow({ where: { userId: ann.id } });
    for (let day = 10; day < 20; day++) {
      await t.app.services.interviews.create(ann.id, { jobId: job.id, scheduledAt: `2030-06-${day}T10:00:00Z` });
    }
    t.sqlStatements.length = 0;
    expect((await feedOf(annFeed.path)).events).toHaveLength(14);
    expect(t.sqlStatements).toHaveLength(1);

    const bobs = await feedOf(bobFeed.path);
    expect(bobs.text).not.toContain('Acme');
    expect(bobs.events.map((event) => event.status).sort()).toEqual([
      'CANCELLED',
      'CONFIRMED',
      'CONFIRMED',
      'CONFIRMED',
      'CONFIRMED',
    ]);
  });
});

describe('HTTP caching', () => {
  it('answers 304 to its ETag in If-None-Match, and 200 with a new ETag after a change', async () => {
    const { task } = await annsItems();
    const { path } = await rotate(ann);
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);

    const cached = await get(path, { 'if-none-match': etag });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
    expect(cached.headers.get('etag')).toBe(etag);
    expect((await get(path, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);

    // HEAD: the same headers, no body.
    const head = await t.fetch(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(await head.text()).toBe('');

    await t.app.services.tasks.update(ann.id, task.id, { title: 'Send a thank-you note' });
    const changed = await get(path, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});

describe('RFC 5545 text', () => {
  it('CRLF line ends, folding at 75 octets and escaping, on a long non-ASCII description', async () => {
    const job = await t.db.job.create({ data: { userId: ann.id, companyName: 'Zürich AG', position: 'Ingénieur' } });
    const content = `Préparer l’entretien; apporter: CV, portfolio\\notes — ${'élève 東京 '.repeat(40)}\nDeuxième ligne`;
    await t.app.services.notes.create(ann.id, { jobId: job.id, content, reminderTime: '2030-01-10T08:00:00Z' });
    const { path } = await rotate(ann);
    const { text, events } = await feedOf(path);

    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // every line ends with CRLF
    const physical = text.split('\r\n');
    for (const line of physical) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    const folded = physical.filter((line) => line.startsWith(' '));
    expect(folded.length).toBeGreaterThan(5);
    expect(text).toContain('apporter: CV\\, portfolio\\\\notes');
    expect(text).toContain('Préparer l’entretien\\;');

    // The independent parser reads it back whole: unfolded, unescaped, not a byte lost.
    expect(events[0]).toMatchObject({ summary: 'Reminder: Ingénieur at Zürich AG', description: content });
  });

  it('control characters of the items (BEL, ESC, DEL), which RFC 5545 TEXT forbids, are left out', async () => {
    const job = await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme\u007f', position: 'Dev' } });
    await t.app.services.tasks.create(ann.id, {
      jobId: job.id,
      title: 'Call\u0007 back\u001b[0m\tnow',
      dueAt: '2030-01-10T08:00:00Z',
    });
    const { path } = await rotate(ann);
    const { text, events } = await feedOf(path);
    // eslint-disable-next-line no-control-regex -- matching them is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(events.map((event) => event.summary)).toContainEqual(expect.stringContaining('Call back[0m\tnow'));
  });
});

describe('secrets', () => {
  it('the token is in neither the request log nor the metrics, and the path is logged redacted', async () => {
    lines.length = 0;
    const { path } = await rotate(ann);
    const token = /\/calendar\/(.+)\.ics$/.exec(path)![1]!;
    await get(path);
    await get(`/calendar/${token.slice(0, -1)}x.ics`); // a near miss, 404
    const metrics = await (await t.fetch('/metrics')).text();
    expect(metrics).toContain('route="/calendar"');
    expect(metrics).not.toContain(token);
    const log = lines.join('\n');
    expect(log).toContain('"path":"/calendar/[redacted].ics"');
    expect(log).not.toContain(token);
    expect(log).not.toContain(token.slice(0, 20));
    const keys = await t.redis.keys('*');
    expect(keys.join('\n')).not.toContain(token);
  });
});
