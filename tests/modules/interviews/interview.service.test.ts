// InterviewService's own rules, called directly over this file's database: an interview belongs
// to its job's owner (another user's job, interview or contact fails NOT_FOUND exactly like a
// missing one, and changes nothing), bad input fails BAD_USER_INPUT naming the field and stores
// nothing, scheduling moves a wishlist or applied job to interviewing in the same transaction,
// and upcoming reads a window from the services' clock (set here, never slept on).
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../../src/generated/prisma/enums.ts';
import { createServices, type Services } from '../../../src/services.ts';
import { appError, expectInvalidInput } from '../../support/services.ts';
import { useTestApp, type TestUser } from '../../support/test-app.ts';

const t = useTestApp();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';
const NOW = new Date('2030-06-01T12:00:00.000Z');
let clock = NOW;
let services: Services;
beforeAll(() => {
  services = createServices({ ...t.deps, now: () => clock });
});

let ann: TestUser;
let bob: TestUser;
let annJobId: string;
beforeEach(async () => {
  clock = NOW;
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  annJobId = (await job(ann.id, 'interviewing')).id;
});

const job = (userId: string, status: JobStatus) =>
  t.db.job.create({ data: { userId, companyName: 'Acme', position: 'Engineer', status } });
const contact = (userId: string, name: string) => t.db.contact.create({ data: { userId, name } });
const eventsOf = (jobId: string) => t.db.jobStatusEvent.findMany({ where: { jobId }, orderBy: { occurredAt: 'asc' } });
/** This test's interviews (the file's tests share one database). */
const interviewRows = () =>
  t.db.interview.findMany({
    where: { userId: { in: [ann.id, bob.id] } },
    orderBy: { id: 'asc' },
    include: { contacts: true },
  });
const at = (iso: string) => ({ jobId: annJobId, scheduledAt: iso });

/** NOT_FOUND with the same code, message and field whether the row is someone else's or missing. */
async function expectNotFoundAlike(
  forOthers: () => Promise<unknown>,
  forMissing: () => Promise<unknown>,
  expected: { message: string; field?: string },
) {
  const others = await appError(forOthers());
  const missing = await appError(forMissing());
  const shape = (error: typeof others) => ({ code: error.code, message: error.message, field: error.field });
  expect(shape(others)).toEqual({ code: 'NOT_FOUND', field: undefined, ...expected });
  expect(shape(missing)).toEqual(shape(others));
}

describe('create', () => {
  it('stores the interview with its defaults: 60 minutes, kind other, outcome pending, no contacts', async () => {
    const created = await services.interviews.create(ann.id, at('2030-07-01T09:30:00+02:00'));
    expect(created).toEqual({
      id: expect.any(String),
      jobId: annJobId,
      scheduledAt: '2030-07-01T07:30:00.000Z',
      durationMinutes: 60,
      kind: 'other',
      location: null,
      meetingUrl: null,
      notes: null,
      outcome: 'pending',
      contacts: [],
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
    const [row] = await interviewRows();
    expect(row).toMatchObject({ id: created.id, userId: ann.id, jobId: annJobId, durationMinutes: 60 });
  });

  it('takes every field, trims the texts, and answers the contacts by name', async () => {
    const [zed, amy] = [await contact(ann.id, 'Zed'), await contact(ann.id, 'Amy')];
    const created = await services.interviews.create(ann.id, {
      ...at('2030-07-01T09:30:00Z'),
      durationMinutes: 45,
      kind: 'technical',
      location: '  Room 4  ',
      meetingUrl: 'https://meet.example.com/abc',
      notes: '  Bring the laptop ',
      outcome: 'passed',
      contactIds: [zed.id, amy.id, zed.id.toUpperCase()],
    });
    expect(created).toMatchObject({
      durationMinutes: 45,
      kind: 'technical',
      location: 'Room 4',
      meetingUrl: 'https://meet.example.com/abc',
      notes: 'Bring the laptop',
      outcome: 'passed',
      contacts: [
        { id: amy.id, name: 'Amy' },
        { id: zed.id, name: 'Zed' },
      ],
    });
  });

  it.each([
    ['durationMinutes', { durationMinutes: 4 }, 'must be between 5 and 1440'],
    ['durationMinutes', { durationMinutes: 1441 }, 'must be between 5 and 1440'],
    ['durationMinutes', { durationMinutes: 30.5 }, 'must be an integer'],
    ['scheduledAt', { scheduledAt: '2030-07-01T09:30:00' }, 'must be an ISO 8601 date-time with a time zone'],
    ['scheduledAt', { scheduledAt: undefined }, 'must be an ISO 8601 date-time with a time zone'],
    ['kind', { kind: 'lunch' }, 'must be one of: phone_screen, technical, behavioral, onsite, panel, final, other'],
    ['outcome', { outcome: 'won' }, 'must be one of: pending, passed, failed, cancelled'],
    ['location', { location: 'x'.repeat(201) }, 'must be at most 200 characters'],
    ['meetingUrl', { meetingUrl: 'ftp://example.com/x' }, 'must be an http or https URL'],
    ['meetingUrl', { meetingUrl: `https://example.com/${'x'.repeat(2030)}` }, 'must be at most 2048 characters'],
    ['notes', { notes: 'x'.repeat(10_001) }, 'must be at most 10000 characters'],
    ['contactIds.0', { contactIds: ['nope'] }, 'must be a UUID'],
    ['keepStatus', { keepStatus: 'yes' }, 'must be a boolean'],
    ['jobId', { jobId: 'nope' }, 'must be a UUID'],
  ])('refuses a bad %s (%j), naming interviewData.%s, and stores nothing', async (field, patch, message) => {
    const error = await appError(services.interviews.create(ann.id, { ...at('2030-07-01T09:30:00Z'), ...patch }));
    expect({ code: error.code, field: error.field }).toEqual({
      code: 'BAD_USER_INPUT',
      field: `interviewData.${field}`,
    });
    expect(error.message).toContain(`interviewData.${field} ${message}`);
    expect(await interviewRows()).toEqual([]);
  });

  it('accepts durations of exactly 5 and 1440 minutes', async () => {
    for (const durationMinutes of [5, 1440]) {
      const created = await services.interviews.create(ann.id, { ...at('2030-07-01T09:30:00Z'), durationMinutes });
      expect(created.durationMinutes).toBe(durationMinutes);
    }
  });

  it("another user's job fails NOT_FOUND naming jobId like a missing one, and stores nothing", async () => {
    await expectNotFoundAlike(
      () => services.interviews.create(bob.id, at('2030-07-01T09:30:00Z')),
      () => services.interviews.create(bob.id, { ...at('2030-07-01T09:30:00Z'), jobId: MISSING_ID }),
      { message: 'Job not found', field: 'interviewData.jobId' },
    );
    expect(await interviewRows()).toEqual([]);
  });

  it("another user's contact fails NOT_FOUND naming contactIds like a missing one, and stores nothing", async () => {
    const bobJob = await job(bob.id, 'applied');
    const annContact = await contact(ann.id, 'Ann’s recruiter');
    const bobContact = await contact(bob.id, 'Bob’s recruiter');
    const send = (contactId: string) => () =>
      services.interviews.create(bob.id, {
        jobId: bobJob.id,
        scheduledAt: '2030-07-01T09:30:00Z',
        contactIds: [bobContact.id, contactId],
      });
    await expectNotFoundAlike(send(annContact.id), send(MISSING_ID), {
      message: 'Contact not found',
      field: 'interviewData.contactIds',
    });
    expect(await interviewRows()).toEqual([]);
    // The refused interview took the job's status change back with it.
    expect(await t.db.job.findUniqueOrThrow({ where: { id: bobJob.id } })).toMatchObject({ status: 'applied' });
    expect(await eventsOf(bobJob.id)).toEqual([]);
  });
});

describe('auto-advance of the job', () => {
  it.each(['wishlist', 'applied'] as const)(
    'a %s job moves to interviewing, with one event dated when the interview is created',
    async (status) => {
      const { id: jobId } = await job(ann.id, status);
      await services.interviews.create(ann.id, { jobId, scheduledAt: '2030-07-01T09:30:00Z' });
      expect(await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
        status: 'interviewing',
        statusChangedAt: NOW,
      });
      expect(await eventsOf(jobId)).toEqual([
        expect.objectContaining({ fromStatus: status, toStatus: 'interviewing', occurredAt: NOW }),
      ]);
    },
  );

  it('interviews scheduled at once on an applied job (some keeping its status) move it once, without deadlock', async () => {
    const { id: jobId } = await job(ann.id, 'applied');
    // The status change locks the job before the insert's foreign-key lock: the other order deadlocks here.
    await Promise.all(
      [false, true, false, true, false].map((keepStatus, index) =>
        services.interviews.create(ann.id, { jobId, scheduledAt: `2030-07-0${index + 1}T09:30:00Z`, keepStatus }),
      ),
    );
    expect(await t.db.interview.count({ where: { jobId } })).toBe(5);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'interviewing' });
    expect(await eventsOf(jobId)).toEqual([
      expect.objectContaining({ fromStatus: 'applied', toStatus: 'interviewing' }),
    ]);
  });

  it('keepStatus: true keeps the status and writes no event', async () => {
    const { id: jobId } = await job(ann.id, 'applied');
    await services.interviews.create(ann.id, { jobId, scheduledAt: '2030-07-01T09:30:00Z', keepStatus: true });
    expect(await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'applied' });
    expect(await eventsOf(jobId)).toEqual([]);
  });

  it.each(['interviewing', 'offer', 'accepted', 'rejected', 'withdrawn'] as const)(
    'a job that is %s stays so, without an event',
    async (status) => {
      const { id: jobId, updatedAt } = await job(ann.id, status);
      await services.interviews.create(ann.id, { jobId, scheduledAt: '2030-07-01T09:30:00Z' });
      expect(await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status, updatedAt });
      expect(await eventsOf(jobId)).toEqual([]);
    },
  );

  it('a failure after the status change (a contact that is not yours) rolls back the change and the interview', async () => {
    const { id: jobId } = await job(ann.id, 'wishlist');
    const bobContact = await contact(bob.id, 'Bob’s');
    const error = await appError(
      services.interviews.create(ann.id, { jobId, scheduledAt: '2030-07-01T09:30:00Z', contactIds: [bobContact.id] }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'wishlist' });
    expect(await eventsOf(jobId)).toEqual([]);
    expect(await interviewRows()).toEqual([]);
  });

  it('updating or deleting an interview never moves the job', async () => {
    const { id: jobId } = await job(ann.id, 'applied');
    const created = await services.interviews.create(ann.id, {
      jobId,
      scheduledAt: '2030-07-01T09:30:00Z',
      keepStatus: true,
    });
    await services.interviews.update(ann.id, created.id, { outcome: 'passed' });
    await services.interviews.delete(ann.id, created.id);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'applied' });
    expect(await eventsOf(jobId)).toEqual([]);
  });
});

describe('update', () => {
  it('changes only the fields given; null clears location, meetingUrl and notes', async () => {
    const created = await services.interviews.create(ann.id, {
      ...at('2030-07-01T09:30:00Z'),
      kind: 'onsite',
      location: 'HQ',
      meetingUrl: 'https://meet.example.com/x',
      notes: 'Prepare',
    });
    clock = new Date('2030-06-02T08:00:00.000Z');
    const updated = await services.interviews.update(ann.id, created.id, {
      durationMinutes: 90,
      location: null,
      meetingUrl: null,
    });
    expect(updated).toEqual({
      ...created,
      durationMinutes: 90,
      location: null,
      meetingUrl: null,
      updatedAt: '2030-06-02T08:00:00.000Z',
    });
    const again = await services.interviews.update(ann.id, created.id, {
      scheduledAt: '2030-07-02T10:00:00Z',
      kind: 'final',
      outcome: 'cancelled',
      notes: null,
    });
    expect(again).toMatchObject({
      scheduledAt: '2030-07-02T10:00:00.000Z',
      kind: 'final',
      outcome: 'cancelled',
      notes: null,
    });
  });

  it('contactIds replaces the set; [] removes everyone; absent keeps it', async () => {
    const [amy, ben, cid] = [await contact(ann.id, 'Amy'), await contact(ann.id, 'Ben'), await contact(ann.id, 'Cid')];
    const created = await services.interviews.create(ann.id, {
      ...at('2030-07-01T09:30:00Z'),
      contactIds: [amy.id, ben.id],
    });
    const replaced = await services.interviews.update(ann.id, created.id, { contactIds: [cid.id, ben.id] });
    expect(replaced.contacts.map((c) => c.name)).toEqual(['Ben', 'Cid']);
    const kept = await services.interviews.update(ann.id, created.id, { notes: 'x' });
    expect(kept.contacts.map((c) => c.name)).toEqual(['Ben', 'Cid']);
    const emptied = await services.interviews.update(ann.id, created.id, { contactIds: [] });
    expect(emptied.contacts).toEqual([]);
  });

  it('a contact that is not yours refuses the whole update', async () => {
    const amy = await contact(ann.id, 'Amy');
    const bobContact = await contact(bob.id, 'Bob’s');
    const created = await services.interviews.create(ann.id, { ...at('2030-07-01T09:30:00Z'), contactIds: [amy.id] });
    const error = await appError(
      services.interviews.update(ann.id, created.id, { notes: 'changed', contactIds: [bobContact.id] }),
    );
    expect({ code: error.code, field: error.field }).toEqual({ code: 'NOT_FOUND', field: 'interviewData.contactIds' });
    expect(await services.interviews.find(ann.id, created.id)).toEqual(created);
  });

  it.each([
    ['durationMinutes', { durationMinutes: 1441 }, 'must be between 5 and 1440'],
    ['durationMinutes', { durationMinutes: null }, 'must not be null'],
    ['kind', { kind: null }, 'must not be null'],
    ['outcome', { outcome: 'maybe' }, 'must be one of: pending, passed, failed, cancelled'],
    ['scheduledAt', { scheduledAt: 'tomorrow' }, 'must be an ISO 8601 date-time with a time zone'],
    ['location', { location: '   ' }, 'must not be empty'],
    ['meetingUrl', { meetingUrl: 'javascript:alert(1)' }, 'must be an http or https URL'],
  ])('refuses a bad %s, naming interviewData.%s', async (field, patch, message) => {
    const created = await services.interviews.create(ann.id, at('2030-07-01T09:30:00Z'));
    const error = await appError(services.interviews.update(ann.id, created.id, patch));
    expect({ code: error.code, field: error.field }).toEqual({
      code: 'BAD_USER_INPUT',
      field: `interviewData.${field}`,
    });
    expect(error.message).toContain(`interviewData.${field} ${message}`);
    expect(await services.interviews.find(ann.id, created.id)).toEqual(created);
  });

  it('never changes the job, whatever the input says', async () => {
    const other = await job(ann.id, 'offer');
    const created = await services.interviews.create(ann.id, at('2030-07-01T09:30:00Z'));
    const updated = await services.interviews.update(ann.id, created.id, { jobId: other.id } as never);
    expect(updated.jobId).toBe(annJobId);
  });

  it("another user's interview fails NOT_FOUND like a missing one, and stays as it was", async () => {
    const created = await services.interviews.create(ann.id, at('2030-07-01T09:30:00Z'));
    await expectNotFoundAlike(
      () => services.interviews.update(bob.id, created.id, { notes: 'Pwned' }),
      () => services.interviews.update(bob.id, MISSING_ID, { notes: 'Pwned' }),
      { message: 'Interview not found' },
    );
    await expectInvalidInput(services.interviews.update(ann.id, 'nope', {}), 'id', 'must be a UUID');
    expect(await services.interviews.find(ann.id, created.id)).toEqual(created);
  });
});

describe('delete', () => {
  it('deletes the interview and its contact links, keeping the contacts and the job', async () => {
    const amy = await contact(ann.id, 'Amy');
    const created = await services.interviews.create(ann.id, { ...at('2030-07-01T09:30:00Z'), contactIds: [amy.id] });
    expect(await services.interviews.delete(ann.id, created.id)).toEqual({ id: created.id, jobId: annJobId });
    expect(await interviewRows()).toEqual([]);
    expect(await t.db.interviewContact.count({ where: { contactId: amy.id } })).toBe(0);
    expect(await t.db.contact.count({ where: { id: amy.id } })).toBe(1);
    expect(await t.db.job.count({ where: { id: annJobId } })).toBe(1);
  });

  it("another user's interview fails NOT_FOUND like a missing one, and stays", async () => {
    const created = await services.interviews.create(ann.id, at('2030-07-01T09:30:00Z'));
    await expectNotFoundAlike(
      () => services.interviews.delete(bob.id, created.id),
      () => services.interviews.delete(bob.id, MISSING_ID),
      { message: 'Interview not found' },
    );
    expect(await services.interviews.find(ann.id, created.id)).toEqual(created);
  });
});

describe('reads', () => {
  it('upcoming answers the owner’s interviews from now until now + days, soonest first', async () => {
    const later = await job(ann.id, 'applied');
    const schedule = (jobId: string, iso: string, userId = ann.id) =>
      services.interviews.create(userId, { jobId, scheduledAt: iso, keepStatus: true });
    await schedule(annJobId, '2030-06-01T11:59:59.999Z'); // just before now
    const atNow = await schedule(annJobId, '2030-06-01T12:00:00.000Z');
    const inThirteenDays = await schedule(later.id, '2030-06-14T12:00:00.000Z');
    const tomorrow = await schedule(later.id, '2030-06-02T11:00:00.000Z');
    await schedule(annJobId, '2030-06-15T12:00:00.000Z'); // exactly 14 days on: outside
    const bobJob = await job(bob.id, 'applied');
    await schedule(bobJob.id, '2030-06-03T12:00:00.000Z', bob.id);

    const ids = async (days?: number) => (await services.interviews.upcoming(ann.id, days)).map((i) => i.id);
    expect(await ids()).toEqual([atNow.id, tomorrow.id, inThirteenDays.id]);
    expect(await ids(1)).toEqual([atNow.id, tomorrow.id]);
    expect(await ids(365)).toHaveLength(4);
    // The window moves with the clock.
    clock = new Date('2030-06-02T11:00:00.001Z');
    expect(await ids(1)).toEqual([]);
    expect(await ids(14)).toEqual([inThirteenDays.id, expect.any(String)]);
  });

  it.each([0, 366, -1, 1.5, '7'])('upcoming refuses days = %j, naming days', async (days) => {
    const error = await appError(services.interviews.upcoming(ann.id, days));
    expect({ code: error.code, field: error.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'days' });
  });

  it('listForJobs answers every job asked for, by time then id, only the owner’s', async () => {
    const bobJob = await job(bob.id, 'applied');
    await services.interviews.create(bob.id, { jobId: bobJob.id, scheduledAt: '2030-07-01T09:00:00Z' });
    const empty = await job(ann.id, 'applied');
    const second = await services.interviews.create(ann.id, at('2030-07-02T09:00:00Z'));
    const ties = [
      await services.interviews.create(ann.id, at('2030-07-01T09:00:00Z')),
      await services.interviews.create(ann.id, at('2030-07-01T09:00:00Z')),
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    const byJob = await services.interviews.listForJobs(ann.id, [annJobId, empty.id, bobJob.id]);
    expect([...byJob.keys()]).toEqual([annJobId, empty.id, bobJob.id]);
    expect(byJob.get(annJobId)!.map((i) => i.id)).toEqual([...ties.map((i) => i.id), second.id]);
    expect(byJob.get(empty.id)).toEqual([]);
    expect(byJob.get(bobJob.id)).toEqual([]);
  });

  it("find answers null for another user's interview, like a missing one", async () => {
    const created = await services.interviews.create(ann.id, at('2030-07-01T09:30:00Z'));
    expect(await services.interviews.find(bob.id, created.id)).toBeNull();
    expect(await services.interviews.find(bob.id, MISSING_ID)).toBeNull();
    expect(await services.interviews.find(ann.id, created.id)).toEqual(created);
  });
});
