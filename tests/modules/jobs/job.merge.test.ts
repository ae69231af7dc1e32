// mergeJobs (SPEC Part 2, "Finding"): in one transaction, the merged job's notes, status history
// (one timeline by time), contacts (links deduplicated), interviews, tasks and tags (union, at
// most 20) move onto the kept job, whose empty fields are filled, and the merged job is gone.
// Refusals and failures change nothing. The services run on the test's clock: nothing sleeps.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/errors.ts';
import { JobService, type JobMergeHook } from '../../../src/modules/jobs/index.ts';
import { notesMerge } from '../../../src/modules/notes/index.ts';
import { createServices, type Services } from '../../../src/services.ts';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t } = useTestServices();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

let clock = new Date('2026-03-01T10:00:00.000Z');
const at = (iso: string) => (clock = new Date(iso));
let services: Services;
beforeAll(() => {
  services = createServices({ ...t.deps, now: () => clock });
});

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  at('2026-03-01T10:00:00.000Z');
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

const historyOf = async (jobId: string) =>
  (await t.db.jobStatusEvent.findMany({ where: { jobId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] })).map(
    (event) => `${event.occurredAt.toISOString()} ${event.fromStatus ?? '-'} -> ${event.toStatus}`,
  );

/** Everything of the owner that a merge may touch, for "nothing changed". */
async function snapshotOf(userId: string) {
  const job = { userId };
  return Promise.all([
    t.db.job.findMany({ where: job, orderBy: { id: 'asc' } }),
    t.db.note.findMany({ where: { job }, orderBy: { id: 'asc' } }),
    t.db.jobStatusEvent.findMany({ where: { job }, orderBy: { id: 'asc' } }),
    t.db.jobContact.findMany({ where: { job }, orderBy: [{ jobId: 'asc' }, { contactId: 'asc' }] }),
    t.db.interview.findMany({ where: job, orderBy: { id: 'asc' } }),
    t.db.task.findMany({ where: job, orderBy: { id: 'asc' } }),
    t.db.jobTag.findMany({ where: { job }, orderBy: [{ jobId: 'asc' }, { tagId: 'asc' }] }),
  ]);
}

/** Two jobs of Ann's with something of every relation, written at known times. */
async function twoFullJobs() {
  at('2026-03-01T10:00:00.000Z');
  const merged = await services.jobs.create(ann.id, {
    companyName: 'ACME Inc.',
    position: 'Engineer',
    status: 'wishlist',
    jobUrl: 'https://jobs.acme.com/42',
    location: 'Paris',
    description: 'The posting',
    salaryMin: 100,
    salaryMax: 200,
    salaryCurrency: 'EUR',
    salaryPeriod: 'year',
    tags: ['remote', 'Backend'],
  });
  at('2026-03-02T10:00:00.000Z');
  const kept = await services.jobs.create(ann.id, {
    companyName: 'Acme',
    position: 'Software Engineer',
    status: 'applied',
    location: 'Berlin',
    tags: ['backend', 'urgent'],
  });
  at('2026-03-03T10:00:00.000Z');
  await services.jobs.update(ann.id, merged.id, { status: 'applied' });
  at('2026-03-04T10:00:00.000Z');
  await services.jobs.update(ann.id, merged.id, { status: 'interviewing' });
  at('2026-03-05T10:00:00.000Z');
  await services.jobs.update(ann.id, kept.id, { status: 'rejected' });

  const [shared, onlyMerged, onlyKept] = await Promise.all(
    ['Shared', 'Only merged', 'Only kept'].map((name) => services.contacts.create(ann.id, { name })),
  );
  await services.contacts.link(ann.id, kept.id, shared!.id);
  await services.contacts.link(ann.id, kept.id, onlyKept!.id);
  await services.contacts.link(ann.id, merged.id, shared!.id);
  await services.contacts.link(ann.id, merged.id, onlyMerged!.id);
  const keptNote = await services.notes.create(ann.id, { jobId: kept.id, content: 'kept note' });
  const mergedNote = await services.notes.create(ann.id, { jobId: merged.id, content: 'merged note' });
  const interview = await services.interviews.create(ann.id, {
    jobId: merged.id,
    scheduledAt: '2030-03-10T10:00:00Z',
    keepStatus: true,
    contactIds: [onlyMerged!.id],
  });
  const task = await services.tasks.create(ann.id, { title: 'Follow up', jobId: merged.id });
  return { kept, merged, contacts: { shared, onlyMerged, onlyKept }, keptNote, mergedNote, interview, task };
}

describe('a merge', () => {
  it('moves every relation onto the kept job and deletes the merged one', async () => {
    const { kept, merged, contacts, keptNote, mergedNote, interview, task } = await twoFullJobs();
    at('2026-03-06T10:00:00.000Z');
    const answer = await services.jobs.merge(ann.id, kept.id, merged.id);
    expect(answer.id).toBe(kept.id);

    expect(await t.db.job.findUnique({ where: { id: merged.id } })).toBeNull();
    const notes = await t.db.note.findMany({ where: { jobId: kept.id }, orderBy: { content: 'asc' } });
    expect(notes.map((note) => note.id)).toEqual([keptNote.id, mergedNote.id]);
    const links = await t.db.jobContact.findMany({ where: { jobId: kept.id } });
    expect(links.map((link) => link.contactId).sort()).toEqual(
      [contacts.shared!.id, contacts.onlyMerged!.id, contacts.onlyKept!.id].sort(),
    );
    expect(await t.db.jobContact.count({ where: { jobId: merged.id } })).toBe(0);
    const movedInterview = await t.db.interview.findUniqueOrThrow({
      where: { id: interview.id },
      include: { contacts: true },
    });
    expect(movedInterview.jobId).toBe(kept.id);
    expect(movedInterview.contacts.map((link) => link.contactId)).toEqual([contacts.onlyMerged!.id]);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: task.id } })).jobId).toBe(kept.id);

    // Tags are the union: one "backend" (one tag of the user's vocabulary, its first spelling).
    const view = await services.jobs.find(ann.id, kept.id, { embed: () => true });
    expect(view?.tags).toEqual(['Backend', 'remote', 'urgent']);
    expect(await t.db.jobTag.count({ where: { jobId: merged.id } })).toBe(0);
  });

  it('writes one timeline sorted by time, chained, keeping the kept job’s status', async () => {
    const { kept, merged } = await twoFullJobs();
    at('2026-03-06T10:00:00.000Z');
    const answer = await services.jobs.merge(ann.id, kept.id, merged.id);
    // The kept job's creation (applied) follows the merged one's wishlist; the merged job's own
    // "applied" then changes nothing and is dropped.
    expect(await historyOf(kept.id)).toEqual([
      '2026-03-01T10:00:00.000Z - -> wishlist',
      '2026-03-02T10:00:00.000Z wishlist -> applied',
      '2026-03-04T10:00:00.000Z applied -> interviewing',
      '2026-03-05T10:00:00.000Z interviewing -> rejected',
    ]);
    expect(answer.status).toBe('rejected');
    expect(answer.statusChangedAt).toBe('2026-03-05T10:00:00.000Z');
  });

  it('appends a return to the kept status when the merged job moved last', async () => {
    at('2026-03-01T10:00:00.000Z');
    const merged = await services.jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    at('2026-03-02T10:00:00.000Z');
    const kept = await services.jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    at('2026-03-03T10:00:00.000Z');
    await services.jobs.update(ann.id, merged.id, { status: 'interviewing' });
    at('2026-03-06T10:00:00.000Z');
    const answer = await services.jobs.merge(ann.id, kept.id, merged.id);
    expect(await historyOf(kept.id)).toEqual([
      '2026-03-01T10:00:00.000Z - -> applied',
      '2026-03-03T10:00:00.000Z applied -> interviewing',
      '2026-03-06T10:00:00.000Z interviewing -> applied',
    ]);
    expect(answer.status).toBe('applied');
    expect(answer.statusChangedAt).toBe('2026-03-06T10:00:00.000Z');
  });

  it('fills the kept job’s empty fields from the merged job, and keeps the ones it has', async () => {
    const { kept, merged } = await twoFullJobs();
    await services.jobs.merge(ann.id, kept.id, merged.id);
    const row = await t.db.job.findUniqueOrThrow({ where: { id: kept.id } });
    expect(row).toMatchObject({
      companyName: 'Acme',
      position: 'Software Engineer',
      location: 'Berlin',
      jobUrl: 'https://jobs.acme.com/42',
      description: 'The posting',
      salaryMin: 100,
      salaryMax: 200,
      salaryCurrency: 'EUR',
      salaryPeriod: 'year',
    });
  });

  it('does not mix salaries: a kept salary stays whole', async () => {
    const merged = await services.jobs.create(ann.id, {
      companyName: 'Acme',
      position: 'Engineer',
      salaryMin: 10,
      salaryMax: 20,
      salaryCurrency: 'USD',
    });
    const kept = await services.jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer', salaryMax: 5 });
    await services.jobs.merge(ann.id, kept.id, merged.id);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({
      salaryMin: null,
      salaryMax: 5,
      salaryCurrency: null,
    });
  });
});

describe('a merge refused or failed changes nothing', () => {
  it('refuses more than 20 tags in all, naming tags', async () => {
    const kept = await services.jobs.create(ann.id, {
      companyName: 'Acme',
      position: 'Engineer',
      tags: Array.from({ length: 11 }, (_, i) => `kept-${i}`),
    });
    const merged = await services.jobs.create(ann.id, {
      companyName: 'Acme',
      position: 'Engineer',
      tags: [...Array.from({ length: 10 }, (_, i) => `merged-${i}`), 'kept-0'],
    });
    await services.notes.create(ann.id, { jobId: merged.id, content: 'stays' });
    const before = await snapshotOf(ann.id);
    await expectInvalidInput(
      services.jobs.merge(ann.id, kept.id, merged.id),
      'tags',
      'would hold 21 tags once merged; at most 20',
    );
    expect(await snapshotOf(ann.id)).toEqual(before);
  });

  it('accepts exactly 20 tags in all', async () => {
    const kept = await services.jobs.create(ann.id, {
      companyName: 'Acme',
      position: 'Engineer',
      tags: Array.from({ length: 10 }, (_, i) => `kept-${i}`),
    });
    const merged = await services.jobs.create(ann.id, {
      companyName: 'Acme',
      position: 'Engineer',
      tags: Array.from({ length: 10 }, (_, i) => `merged-${i}`),
    });
    await services.jobs.merge(ann.id, kept.id, merged.id);
    expect(await t.db.jobTag.count({ where: { jobId: kept.id } })).toBe(20);
  });

  it('rolls back when a step fails mid-merge (a hook that throws after notes moved)', async () => {
    const { kept, merged } = await twoFullJobs();
    const failing: JobMergeHook = {
      relation: 'failing',
      moveIn: () => Promise.reject(new Error('disk on fire')),
    };
    const jobs = new JobService(t.db, [], { now: () => clock, mergeHooks: [notesMerge, failing] });
    const before = await snapshotOf(ann.id);
    await expect(jobs.merge(ann.id, kept.id, merged.id)).rejects.toThrow('disk on fire');
    expect(await snapshotOf(ann.id)).toEqual(before);
  });

  it('refuses the same id twice, naming mergeId', async () => {
    const job = await services.jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer' });
    await expectInvalidInput(services.jobs.merge(ann.id, job.id, job.id), 'mergeId', 'must differ from keepId');
    await expectInvalidInput(
      services.jobs.merge(ann.id, job.id, job.id.toUpperCase()),
      'mergeId',
      'must differ from keepId',
    );
  });

  it('refuses ids that are not UUIDs, naming them', async () => {
    await expectInvalidInput(services.jobs.merge(ann.id, 'nope', MISSING_ID), 'keepId', 'must be a UUID');
    await expectInvalidInput(services.jobs.merge(ann.id, MISSING_ID, 'nope'), 'mergeId', 'must be a UUID');
  });

  it.each(['keepId', 'mergeId'] as const)(
    'answers NOT_FOUND for another user’s or a missing job as %s, changing nothing',
    async (which) => {
      const { kept, merged } = await twoFullJobs();
      const bobs = await services.jobs.create(bob.id, { companyName: 'Acme', position: 'Engineer' });
      const [annBefore, bobBefore] = await Promise.all([snapshotOf(ann.id), snapshotOf(bob.id)]);
      for (const foreign of [bobs.id, MISSING_ID]) {
        const [keepId, mergeId] = which === 'keepId' ? [foreign, merged.id] : [kept.id, foreign];
        const error = await appError(services.jobs.merge(ann.id, keepId, mergeId));
        expect(error).toBeInstanceOf(AppError);
        expect({ code: error.code, field: error.field, message: error.message }).toEqual({
          code: 'NOT_FOUND',
          field: which,
          message: 'Job not found',
        });
      }
      expect(await Promise.all([snapshotOf(ann.id), snapshotOf(bob.id)])).toEqual([annBefore, bobBefore]);
    },
  );
});
