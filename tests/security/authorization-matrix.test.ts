// Who may touch what, derived from the printed schema so that the matrix cannot fall behind it:
// 1. every root field (and REST route) that takes an id, asked by user B for each of user A's
//    objects, answers exactly like a missing id, and A's rows stay as they were;
// 2. every root field (and REST route) that needs a token refuses each token of the "JWT attack
//    matrix" (none, garbage, another key, alg none, expired, deleted user, revoked, ...).
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import {
  buildSchema,
  getNamedType,
  isInputObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import jwt from 'jsonwebtoken';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTH_BASE_PATH, AUTH_ROUTES } from '../../src/modules/auth/index.ts';
import { AUTH_MUTATIONS } from '../../src/modules/auth/auth.graphql.ts';
import { PORTABILITY_PATHS } from '../../src/modules/portability/index.ts';
import {
  ArchiveJobDocument,
  CalendarFeedDocument,
  CompleteTaskDocument,
  ContactDocument,
  ContactsDocument,
  CreateContactDocument,
  CreateInterviewDocument,
  CreateJobDocument,
  CreateNoteDocument,
  CreateTaskDocument,
  DeleteCalendarFeedDocument,
  DeleteContactDocument,
  DeleteInterviewDocument,
  DeleteJobDocument,
  DeleteNoteDocument,
  DeleteSavedViewDocument,
  DeleteTagDocument,
  DeleteTaskDocument,
  ForgetPasswordDocument,
  JobDocument,
  JobNotesDocument,
  JobsConnectionDocument,
  JobsDocument,
  LinkContactDocument,
  MergeJobsDocument,
  LoginDocument,
  LogoutAllDocument,
  LogoutDocument,
  MeDocument,
  RefreshDocument,
  RegisterDocument,
  RenameTagDocument,
  ResendOtpDocument,
  StatsDocument,
  ResetPasswordDocument,
  RotateCalendarFeedDocument,
  SavedViewsDocument,
  SaveViewDocument,
  TagsDocument,
  TasksDocument,
  UnarchiveJobDocument,
  UnlinkContactDocument,
  UpcomingInterviewsDocument,
  UpdateContactDocument,
  UpdateInterviewDocument,
  UpdateJobDocument,
  UpdateNoteDocument,
  UpdateSettingsDocument,
  UpdateTaskDocument,
  VerifyOtpDocument,
  type GraphQLClient,
  type GraphQLResponse,
  ImportJobsDocument,
} from '../../src/sdk/index.ts';
import { useSdkTestApp } from '../support/sdk.ts';
import { TEST_ENV, type TestUser } from '../support/test-app.ts';

const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
const rootTypes = [schema.getQueryType(), schema.getMutationType()].filter(
  (type): type is GraphQLObjectType => type !== null && type !== undefined,
);
const rootFields = rootTypes.flatMap((type) =>
  Object.values(type.getFields()).map((field) => ({ coordinate: `${type.name}.${field.name}`, field })),
);

/** Every path from an argument to an ID (directly, or through input objects, any depth). */
function idPaths(type: GraphQLInputType, path: string, seen = new Set<string>()): string[] {
  const named = getNamedType(type);
  if (named.name === 'ID') return [path];
  if (!isInputObjectType(named) || seen.has(named.name)) return [];
  const next = new Set(seen).add(named.name);
  return Object.values(named.getFields()).flatMap((inputField) =>
    idPaths(inputField.type, `${path}.${inputField.name}`, next),
  );
}
const idArgumentsOf = (field: GraphQLField<unknown, unknown>) =>
  field.args.flatMap((arg: GraphQLArgument) => idPaths(arg.type, arg.name));

/** Root fields that take an id, as `Query.job(id)` / `Mutation.createNote(noteData.jobId)`. */
const ID_TAKING_FIELDS = rootFields
  .flatMap(({ coordinate, field }) => idArgumentsOf(field).map((path) => `${coordinate}(${path})`))
  .sort();

/** The root fields a client may call without a token (the brief's list; the rest need one). */
const PUBLIC_FIELDS = new Set([
  'Mutation.register',
  'Mutation.verifyOtp',
  'Mutation.resendOtp',
  'Mutation.login',
  'Mutation.forgetPassword',
  'Mutation.resetPassword',
  'Mutation.refresh',
]);
const TOKEN_TABLE = rootFields.map(({ coordinate }) => ({ coordinate, needsToken: !PUBLIC_FIELDS.has(coordinate) }));
const REST_TABLE = Object.entries(AUTH_ROUTES)
  .map(([coordinate, route]) => ({
    coordinate,
    method: route.method,
    path: `${AUTH_BASE_PATH}${route.path}`,
    needsToken: !PUBLIC_FIELDS.has(coordinate),
  }))
  .concat(
    // Exports and imports (src/modules/portability/portability.rest.ts): plain routes, not SOFA's.
    PORTABILITY_PATHS.map((path) => ({
      coordinate: path,
      method: path === '/import' ? ('POST' as const) : ('GET' as const),
      path,
      needsToken: true,
    })),
  );

const t = useSdkTestApp();
let ann: TestUser; // A: owns the data
let bob: TestUser; // B: tries to reach it
let annJobIds: string[];
let annNoteIds: string[];
let annContactIds: string[];
// Bob's own job and contact, for the link fields: only the other id of the pair is A's.
let bobJobId: string;
let bobContactId: string;
let annTaskIds: string[];
let bobTaskId: string;
let annInterviewIds: string[];
// Bob's own interview, for updateInterview(interviewData.contactIds): only the contact is A's.
let bobInterviewId: string;
let annViewIds: string[];
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';

/** A's rows, whole: the user (email, password hash, token version, is_active...), jobs, notes and tasks. */
async function snapshotOf(userId: string) {
  const [user, jobs, notes, contacts, jobContacts, tasks] = await Promise.all([
    t.db.user.findUniqueOrThrow({ where: { id: userId } }),
    t.db.job.findMany({ where: { userId }, orderBy: { id: 'asc' } }),
    t.db.note.findMany({ where: { job: { userId } }, orderBy: { id: 'asc' } }),
    t.db.contact.findMany({ where: { userId }, orderBy: { id: 'asc' } }),
    t.db.jobContact.findMany({ where: { job: { userId } }, orderBy: [{ jobId: 'asc' }, { contactId: 'asc' }] }),
    t.db.task.findMany({ where: { userId }, orderBy: { id: 'asc' } }),
  ]);
  const interviews = await t.db.interview.findMany({
    where: { userId },
    orderBy: { id: 'asc' },
    include: { contacts: { orderBy: { contactId: 'asc' } } },
  });
  const savedViews = await t.db.savedView.findMany({ where: { userId }, orderBy: { id: 'asc' } });
  const calendarFeed = await t.db.calendarFeed.findUnique({ where: { userId } });
  return { user, jobs, notes, contacts, jobContacts, tasks, interviews, savedViews, calendarFeed };
}

beforeAll(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  const jobs = await Promise.all(
    [
      { companyName: 'Acme', position: 'Engineer', status: 'applied' as const },
      {
        companyName: 'Globex',
        position: 'Architect',
        status: 'interviewing' as const,
        appliedOn: new Date('2024-01-15'),
      },
    ].map((data) => t.db.job.create({ data: { userId: ann.id, ...data } })),
  );
  const notes = await Promise.all([
    t.db.note.create({ data: { jobId: jobs[0]!.id, content: 'Ann only' } }),
    t.db.note.create({
      data: { jobId: jobs[1]!.id, content: 'Call back', reminderTime: new Date('2030-01-20T10:00:00Z') },
    }),
  ]);
  annJobIds = jobs.map((job) => job.id);
  annNoteIds = notes.map((note) => note.id);
  // Tags are reached by name, not id: checked apart below.
  await t.db.tag.create({
    data: { userId: ann.id, name: 'remote', nameKey: 'remote', jobs: { create: { jobId: jobs[0]!.id } } },
  });
  // Bob has data of his own, so "not found" is not just "Bob has nothing".
  const bobJob = await t.db.job.create({ data: { userId: bob.id, companyName: 'Bob Co', position: 'Dev' } });
  await t.db.note.create({ data: { jobId: bobJob.id, content: 'Bob only' } });
  bobJobId = bobJob.id;
  const contacts = await Promise.all(
    [{ name: 'Jane Recruiter', email: 'jane@example.com' }, { name: 'Sam Referral' }].map((data) =>
      t.db.contact.create({ data: { userId: ann.id, ...data } }),
    ),
  );
  annContactIds = contacts.map((contact) => contact.id);
  await t.db.jobContact.create({ data: { jobId: jobs[0]!.id, contactId: contacts[0]!.id } });
  bobContactId = (await t.db.contact.create({ data: { userId: bob.id, name: 'Bob’s contact' } })).id;
  const tasks = await Promise.all([
    t.db.task.create({ data: { userId: ann.id, jobId: jobs[0]!.id, title: 'Follow up', kind: 'follow_up' } }),
    t.db.task.create({ data: { userId: ann.id, title: 'Loose', dueAt: new Date('2030-01-20T10:00:00Z') } }),
  ]);
  annTaskIds = tasks.map((task) => task.id);
  bobTaskId = (await t.db.task.create({ data: { userId: bob.id, jobId: bobJob.id, title: 'Bob only' } })).id;
  const interviews = await Promise.all(
    jobs.map((job, index) =>
      t.db.interview.create({
        data: {
          userId: ann.id,
          jobId: job.id,
          scheduledAt: new Date(`2030-02-0${index + 1}T10:00:00Z`),
          contacts: { create: [{ contactId: contacts[index]!.id }] },
        },
      }),
    ),
  );
  annInterviewIds = interviews.map((interview) => interview.id);
  bobInterviewId = (
    await t.db.interview.create({ data: { userId: bob.id, jobId: bobJobId, scheduledAt: new Date('2030-02-01Z') } })
  ).id;
  annViewIds = [
    (
      await t.db.savedView.create({
        data: { userId: ann.id, name: 'Applied', nameKey: 'applied', filter: { status: ['applied'] } },
      })
    ).id,
  ];
  await t.db.savedView.create({ data: { userId: bob.id, name: 'Bob’s view', nameKey: 'bob’s view' } });
});

// ---------------------------------------------------------------------------------------------
// 1. Ownership matrix
// ---------------------------------------------------------------------------------------------

type Check = (response: GraphQLResponse<Record<string, unknown>>) => void;

const expectNullJob: Check = ({ status, data, errors }) => {
  expect(status).toBe(200);
  expect(errors).toBeUndefined();
  expect(data).toEqual({ job: null });
};
const expectNotFoundError: Check = ({ errors }) => {
  expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
};
const expectNotFoundPayload =
  (field: string): Check =>
  ({ status, data, errors }) => {
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data?.[field]).toMatchObject({ success: false, code: 'NOT_FOUND' });
  };

const expectNoTasks: Check = ({ status, data, errors }) => {
  expect(status).toBe(200);
  expect(errors).toBeUndefined();
  expect(data).toEqual({ tasks: [] });
};

interface MatrixEntry {
  send(client: GraphQLClient, id: string): Promise<GraphQLResponse<Record<string, unknown>>>;
  check: Check;
}

/** One entry per id-taking root field and id path of the schema (checked below). */
const OWNERSHIP_MATRIX: Record<string, MatrixEntry> = {
  'Query.job(id)': { send: (c, id) => c.execute(JobDocument, { id }), check: expectNullJob },
  'Query.jobNotes(jobId)': { send: (c, jobId) => c.execute(JobNotesDocument, { jobId }), check: expectNotFoundError },
  'Mutation.updateJob(id)': {
    send: (c, id) => c.execute(UpdateJobDocument, { id, jobData: { status: 'rejected', companyName: 'Pwned' } }),
    check: expectNotFoundPayload('updateJob'),
  },
  'Mutation.deleteJob(id)': {
    send: (c, id) => c.execute(DeleteJobDocument, { id }),
    check: expectNotFoundPayload('deleteJob'),
  },
  'Mutation.createNote(noteData.jobId)': {
    send: (c, jobId) => c.execute(CreateNoteDocument, { noteData: { jobId, content: 'Pwned' } }),
    check: expectNotFoundPayload('createNote'),
  },
  'Mutation.updateNote(id)': {
    send: (c, id) =>
      c.execute(UpdateNoteDocument, { id, noteData: { content: 'Pwned', reminderTime: '2031-01-01T00:00:00Z' } }),
    check: expectNotFoundPayload('updateNote'),
  },
  'Mutation.deleteNote(id)': {
    send: (c, id) => c.execute(DeleteNoteDocument, { id }),
    check: expectNotFoundPayload('deleteNote'),
  },
  'Mutation.archiveJob(id)': {
    send: (c, id) => c.execute(ArchiveJobDocument, { id }),
    check: expectNotFoundPayload('archiveJob'),
  },
  'Mutation.unarchiveJob(id)': {
    send: (c, id) => c.execute(UnarchiveJobDocument, { id }),
    check: expectNotFoundPayload('unarchiveJob'),
  },
  'Query.contact(id)': {
    send: (c, id) => c.execute(ContactDocument, { id }),
    check: ({ status, data, errors }) => {
      expect(status).toBe(200);
      expect(errors).toBeUndefined();
      expect(data).toEqual({ contact: null });
    },
  },
  'Mutation.updateContact(id)': {
    send: (c, id) => c.execute(UpdateContactDocument, { id, contactData: { name: 'Pwned', email: null } }),
    check: expectNotFoundPayload('updateContact'),
  },
  'Mutation.deleteContact(id)': {
    send: (c, id) => c.execute(DeleteContactDocument, { id }),
    check: expectNotFoundPayload('deleteContact'),
  },
  // The pair's other id is Bob's own: only A's id can be the reason for NOT_FOUND.
  'Mutation.linkContact(jobId)': {
    send: (c, jobId) => c.execute(LinkContactDocument, { jobId, contactId: bobContactId }),
    check: expectNotFoundPayload('linkContact'),
  },
  'Mutation.linkContact(contactId)': {
    send: (c, contactId) => c.execute(LinkContactDocument, { jobId: bobJobId, contactId }),
    check: expectNotFoundPayload('linkContact'),
  },
  'Mutation.unlinkContact(jobId)': {
    send: (c, jobId) => c.execute(UnlinkContactDocument, { jobId, contactId: bobContactId }),
    check: expectNotFoundPayload('unlinkContact'),
  },
  'Mutation.unlinkContact(contactId)': {
    send: (c, contactId) => c.execute(UnlinkContactDocument, { jobId: bobJobId, contactId }),
    check: expectNotFoundPayload('unlinkContact'),
  },
  // The pair's other id is Bob's own job: only A's id can be the reason for NOT_FOUND.
  'Mutation.mergeJobs(keepId)': {
    send: (c, keepId) => c.execute(MergeJobsDocument, { keepId, mergeId: bobJobId }),
    check: expectNotFoundPayload('mergeJobs'),
  },
  'Mutation.mergeJobs(mergeId)': {
    send: (c, mergeId) => c.execute(MergeJobsDocument, { keepId: bobJobId, mergeId }),
    check: expectNotFoundPayload('mergeJobs'),
  },
  // Another user's job as a filter matches nothing: an empty list, as for a missing job.
  'Query.tasks(filter.jobId)': {
    send: (c, jobId) => c.execute(TasksDocument, { filter: { jobId } }),
    check: expectNoTasks,
  },
  'Mutation.createTask(taskData.jobId)': {
    send: (c, jobId) => c.execute(CreateTaskDocument, { taskData: { title: 'Pwned', jobId } }),
    check: expectNotFoundPayload('createTask'),
  },
  'Mutation.updateTask(id)': {
    send: (c, id) =>
      c.execute(UpdateTaskDocument, { id, taskData: { title: 'Pwned', completed: true, dueAt: null, jobId: null } }),
    check: expectNotFoundPayload('updateTask'),
  },
  // B moves B's own task to A's job.
  'Mutation.updateTask(taskData.jobId)': {
    send: (c, jobId) => c.execute(UpdateTaskDocument, { id: bobTaskId, taskData: { jobId } }),
    check: expectNotFoundPayload('updateTask'),
  },
  'Mutation.completeTask(id)': {
    send: (c, id) => c.execute(CompleteTaskDocument, { id }),
    check: expectNotFoundPayload('completeTask'),
  },
  'Mutation.deleteTask(id)': {
    send: (c, id) => c.execute(DeleteTaskDocument, { id }),
    check: expectNotFoundPayload('deleteTask'),
  },
  'Mutation.createInterview(interviewData.jobId)': {
    send: (c, jobId) =>
      c.execute(CreateInterviewDocument, { interviewData: { jobId, scheduledAt: '2030-03-01T10:00:00Z' } }),
    check: expectNotFoundPayload('createInterview'),
  },
  'Mutation.createInterview(interviewData.contactIds)': {
    send: (c, contactId) =>
      c.execute(CreateInterviewDocument, {
        interviewData: { jobId: bobJobId, scheduledAt: '2030-03-01T10:00:00Z', contactIds: [bobContactId, contactId] },
      }),
    check: expectNotFoundPayload('createInterview'),
  },
  'Mutation.updateInterview(id)': {
    send: (c, id) =>
      c.execute(UpdateInterviewDocument, { id, interviewData: { notes: 'Pwned', outcome: 'failed', contactIds: [] } }),
    check: expectNotFoundPayload('updateInterview'),
  },
  'Mutation.updateInterview(interviewData.contactIds)': {
    send: (c, contactId) =>
      c.execute(UpdateInterviewDocument, { id: bobInterviewId, interviewData: { contactIds: [contactId] } }),
    check: expectNotFoundPayload('updateInterview'),
  },
  'Mutation.deleteInterview(id)': {
    send: (c, id) => c.execute(DeleteInterviewDocument, { id }),
    check: expectNotFoundPayload('deleteInterview'),
  },
  // Another user's saved view answers like a missing one: NOT_FOUND naming view, no jobs.
  'Query.jobsConnection(view)': {
    send: (c, view) => c.execute(JobsConnectionDocument, { view }),
    check: expectNotFoundError,
  },
  'Mutation.deleteSavedView(id)': {
    send: (c, id) => c.execute(DeleteSavedViewDocument, { id }),
    check: expectNotFoundPayload('deleteSavedView'),
  },
};

/** REST routes taking an id: the routes' fields among the id-taking fields (none today). */
const REST_OWNERSHIP_MATRIX: Record<string, never> = {};

describe('ownership matrix (user B against each of user A’s objects)', () => {
  it('covers every root field of the schema that takes an id, and nothing else', () => {
    expect(ID_TAKING_FIELDS).toEqual([
      'Mutation.archiveJob(id)',
      'Mutation.completeTask(id)',
      'Mutation.createInterview(interviewData.contactIds)',
      'Mutation.createInterview(interviewData.jobId)',
      'Mutation.createNote(noteData.jobId)',
      'Mutation.createTask(taskData.jobId)',
      'Mutation.deleteContact(id)',
      'Mutation.deleteInterview(id)',
      'Mutation.deleteJob(id)',
      'Mutation.deleteNote(id)',
      'Mutation.deleteSavedView(id)',
      'Mutation.deleteTask(id)',
      'Mutation.linkContact(contactId)',
      'Mutation.linkContact(jobId)',
      'Mutation.mergeJobs(keepId)',
      'Mutation.mergeJobs(mergeId)',
      'Mutation.unarchiveJob(id)',
      'Mutation.unlinkContact(contactId)',
      'Mutation.unlinkContact(jobId)',
      'Mutation.updateContact(id)',
      'Mutation.updateInterview(id)',
      'Mutation.updateInterview(interviewData.contactIds)',
      'Mutation.updateJob(id)',
      'Mutation.updateNote(id)',
      'Mutation.updateTask(id)',
      'Mutation.updateTask(taskData.jobId)',
      'Query.contact(id)',
      'Query.job(id)',
      'Query.jobNotes(jobId)',
      'Query.jobsConnection(view)',
      'Query.tasks(filter.jobId)',
    ]);
    // A new id-taking field (or id inside an input) fails here until it gets a matrix entry.
    expect(Object.keys(OWNERSHIP_MATRIX).sort()).toEqual(ID_TAKING_FIELDS);
  });

  it('covers every REST route that takes an id', () => {
    const restFields = new Set(Object.keys(AUTH_ROUTES));
    const restIdFields = ID_TAKING_FIELDS.filter((entry) => restFields.has(entry.replace(/\(.*$/, '')));
    expect(Object.keys(REST_OWNERSHIP_MATRIX).sort()).toEqual(restIdFields);
  });

  // Every id of A's, whatever it names: a job id where a note id goes is as foreign as a note id.
  const objects = () => [
    ...annJobIds.map((id, index) => ({ label: `job #${index + 1}`, id })),
    ...annNoteIds.map((id, index) => ({ label: `note #${index + 1}`, id })),
    ...annContactIds.map((id, index) => ({ label: `contact #${index + 1}`, id })),
    ...annTaskIds.map((id, index) => ({ label: `task #${index + 1}`, id })),
    ...annInterviewIds.map((id, index) => ({ label: `interview #${index + 1}`, id })),
    ...annViewIds.map((id, index) => ({ label: `saved view #${index + 1}`, id })),
  ];

  for (const [entry, { send, check }] of Object.entries(OWNERSHIP_MATRIX)) {
    it(`${entry}: B gets not-found for each of A’s jobs and notes, like a missing id`, async () => {
      const before = await snapshotOf(ann.id);
      const asBob = t.sdk(bob.token);
      const forMissing = await send(asBob, MISSING_ID);
      check(forMissing);
      for (const { label, id } of objects()) {
        const forAnn = await send(asBob, id);
        check(forAnn);
        expect(forAnn, `${entry} with A's ${label}`).toEqual(forMissing);
      }
      expect(await snapshotOf(ann.id)).toEqual(before);
    });
  }

  it('tags (by name): B renaming or deleting A’s tag answers like a missing one, and A’s tag stays', async () => {
    const asBob = t.sdk(bob.token);
    for (const from of ['remote', 'REMOTE']) {
      const [forAnn, forMissing] = await Promise.all([
        asBob.execute(RenameTagDocument, { from, to: 'Pwned' }),
        asBob.execute(RenameTagDocument, { from: 'no such tag', to: 'Pwned' }),
      ]);
      expect(forAnn.data?.renameTag).toMatchObject({ success: false, code: 'NOT_FOUND' });
      expect(forAnn).toEqual(forMissing);
      const [deleteAnn, deleteMissing] = await Promise.all([
        asBob.execute(DeleteTagDocument, { name: from }),
        asBob.execute(DeleteTagDocument, { name: 'no such tag' }),
      ]);
      expect(deleteAnn.data?.deleteTag).toMatchObject({ success: false, code: 'NOT_FOUND' });
      expect(deleteAnn).toEqual(deleteMissing);
    }
    expect((await asBob.execute(TagsDocument)).data?.tags).toEqual([]);
    expect((await t.sdk(ann.token).execute(TagsDocument)).data?.tags).toEqual([{ name: 'remote', count: 1 }]);
  });

  it('stats (no id): B’s stats never count A’s jobs, and A’s do', async () => {
    // A's jobs applied (Globex by its appliedOn, 2024-01-15) in the window; the events are removed
    // after, so the other tests see A as before.
    const events = await Promise.all(
      annJobIds.map((jobId) =>
        t.db.jobStatusEvent.create({
          data: { jobId, toStatus: 'applied', occurredAt: new Date('2024-01-10T10:00:00Z') },
        }),
      ),
    );
    const window = { from: '2024-01-01', to: '2024-01-31' };
    try {
      const [forBob, forAnn] = await Promise.all([
        t.sdk(bob.token).request(StatsDocument, window),
        t.sdk(ann.token).request(StatsDocument, window),
      ]);
      expect(forAnn.stats.applications).toBe(annJobIds.length);
      expect(forBob.stats).toMatchObject({ applications: 0, bySource: [] });
      // Bob's own job only.
      expect(forBob.stats.byStatus.reduce((sum, row) => sum + row.count, 0)).toBe(1);
    } finally {
      await t.db.jobStatusEvent.deleteMany({ where: { id: { in: events.map((event) => event.id) } } });
    }
  });

  it('calendar feed (no id): B’s fields reach only B’s feed, and B’s feed shows none of A’s items', async () => {
    const asAnn = t.sdk(ann.token);
    const asBob = t.sdk(bob.token);
    const annRotated = await asAnn.request(RotateCalendarFeedDocument);
    const annFeed = await t.db.calendarFeed.findUniqueOrThrow({ where: { userId: ann.id } });
    try {
      // B has no feed: A's is invisible, and B's delete does not reach it.
      expect((await asBob.request(CalendarFeedDocument)).calendarFeed).toBeNull();
      expect((await asBob.request(DeleteCalendarFeedDocument)).deleteCalendarFeed).toMatchObject({
        success: false,
        code: 'NOT_FOUND',
      });
      // B's own rotation makes B's feed and leaves A's URL working.
      const bobRotated = await asBob.request(RotateCalendarFeedDocument);
      expect(bobRotated.rotateCalendarFeed.url).not.toBe(annRotated.rotateCalendarFeed.url);
      expect(await t.db.calendarFeed.findUniqueOrThrow({ where: { userId: ann.id } })).toEqual(annFeed);
      const annText = await (await t.fetch(new URL(annRotated.rotateCalendarFeed.url!).pathname)).text();
      const bobText = await (await t.fetch(new URL(bobRotated.rotateCalendarFeed.url!).pathname)).text();
      for (const id of [...annInterviewIds, ...annTaskIds, ...annNoteIds]) {
        expect(bobText).not.toContain(id);
      }
      expect(bobText).not.toMatch(/Acme|Globex|Call back/);
      expect(annText).toContain(annInterviewIds[0]!);
      expect(bobText).toContain(bobInterviewId);
    } finally {
      await t.db.calendarFeed.deleteMany({ where: { userId: { in: [ann.id, bob.id] } } });
    }
  });

  it('leaves A’s data whole and visible to A', async () => {
    const { user, jobs, notes, contacts, jobContacts, tasks, interviews } = await snapshotOf(ann.id);
    expect(user).toMatchObject({ isActive: true, tokenVersion: 0 });
    expect(jobs.map((job) => job.id).sort()).toEqual([...annJobIds].sort());
    expect(jobs.map((job) => job.companyName).sort()).toEqual(['Acme', 'Globex']);
    expect(notes.map((note) => note.content).sort()).toEqual(['Ann only', 'Call back']);
    expect(contacts.map((contact) => contact.name).sort()).toEqual(['Jane Recruiter', 'Sam Referral']);
    expect(jobContacts.map(({ jobId, contactId }) => ({ jobId, contactId }))).toEqual([
      { jobId: annJobIds[0], contactId: annContactIds[0] },
    ]);
    expect(tasks.map((task) => task.title).sort()).toEqual(['Follow up', 'Loose']);
    expect(interviews.map((interview) => [interview.id, interview.notes, interview.contacts.length]).sort()).toEqual(
      annInterviewIds.map((id) => [id, null, 1]).sort(),
    );
    const { data } = await t.sdk(ann.token).execute(JobDocument, { id: annJobIds[0]! });
    expect(data?.job).toMatchObject({ id: annJobIds[0], companyName: 'Acme' });
    const views = await t.sdk(ann.token).execute(SavedViewsDocument);
    expect(views.data?.savedViews.map((view) => view.id)).toEqual(annViewIds);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Which operations need a token, and the JWT attack matrix
// ---------------------------------------------------------------------------------------------

/** A well-formed call of each root field, so that the token is the only thing that can fail. */
const CALLS: Record<string, (client: GraphQLClient) => Promise<GraphQLResponse<Record<string, unknown>>>> = {
  'Query.jobs': (c) => c.execute(JobsDocument, { status: 'applied', limit: 10, offset: 0 }),
  'Query.job': (c) => c.execute(JobDocument, { id: annJobIds[0]! }),
  'Query.jobNotes': (c) => c.execute(JobNotesDocument, { jobId: annJobIds[0]! }),
  'Query.me': (c) => c.execute(MeDocument),
  'Mutation.createJob': (c) =>
    c.execute(CreateJobDocument, { jobData: { companyName: 'Intruder', position: 'Spy', status: 'offer' } }),
  'Mutation.updateJob': (c) =>
    c.execute(UpdateJobDocument, { id: annJobIds[0]!, jobData: { companyName: 'Pwned', status: 'rejected' } }),
  'Mutation.deleteJob': (c) => c.execute(DeleteJobDocument, { id: annJobIds[1]! }),
  'Mutation.createNote': (c) => c.execute(CreateNoteDocument, { noteData: { jobId: annJobIds[0]!, content: 'Pwned' } }),
  'Mutation.updateNote': (c) => c.execute(UpdateNoteDocument, { id: annNoteIds[0]!, noteData: { content: 'Pwned' } }),
  'Mutation.deleteNote': (c) => c.execute(DeleteNoteDocument, { id: annNoteIds[1]! }),
  'Mutation.archiveJob': (c) => c.execute(ArchiveJobDocument, { id: annJobIds[0]! }),
  'Mutation.unarchiveJob': (c) => c.execute(UnarchiveJobDocument, { id: annJobIds[0]! }),
  'Query.tags': (c) => c.execute(TagsDocument),
  'Mutation.renameTag': (c) => c.execute(RenameTagDocument, { from: 'remote', to: 'Pwned' }),
  'Mutation.deleteTag': (c) => c.execute(DeleteTagDocument, { name: 'remote' }),
  'Query.contacts': (c) => c.execute(ContactsDocument, { search: 'jane' }),
  'Query.contact': (c) => c.execute(ContactDocument, { id: annContactIds[0]! }),
  'Mutation.createContact': (c) => c.execute(CreateContactDocument, { contactData: { name: 'Intruder' } }),
  'Mutation.updateContact': (c) =>
    c.execute(UpdateContactDocument, { id: annContactIds[0]!, contactData: { name: 'Pwned' } }),
  'Mutation.deleteContact': (c) => c.execute(DeleteContactDocument, { id: annContactIds[1]! }),
  'Mutation.linkContact': (c) => c.execute(LinkContactDocument, { jobId: annJobIds[1]!, contactId: annContactIds[1]! }),
  'Mutation.unlinkContact': (c) =>
    c.execute(UnlinkContactDocument, { jobId: annJobIds[0]!, contactId: annContactIds[0]! }),
  // Both of A's jobs: with an accepted token this would merge them.
  'Mutation.mergeJobs': (c) => c.execute(MergeJobsDocument, { keepId: annJobIds[0]!, mergeId: annJobIds[1]! }),
  'Query.tasks': (c) => c.execute(TasksDocument, { filter: { done: false, jobId: annJobIds[0]! } }),
  'Mutation.createTask': (c) =>
    c.execute(CreateTaskDocument, { taskData: { title: 'Pwned', kind: 'other', jobId: annJobIds[0]! } }),
  'Mutation.updateTask': (c) => c.execute(UpdateTaskDocument, { id: annTaskIds[0]!, taskData: { title: 'Pwned' } }),
  'Mutation.completeTask': (c) => c.execute(CompleteTaskDocument, { id: annTaskIds[0]! }),
  'Mutation.deleteTask': (c) => c.execute(DeleteTaskDocument, { id: annTaskIds[1]! }),
  'Mutation.updateSettings': (c) =>
    c.execute(UpdateSettingsDocument, { settingsData: { timeZone: 'Asia/Tokyo', reminderEmails: false } }),
  'Query.upcomingInterviews': (c) => c.execute(UpcomingInterviewsDocument, { days: 365 }),
  'Query.stats': (c) => c.execute(StatsDocument, { from: '2024-01-01', to: '2024-03-31' }),
  'Mutation.createInterview': (c) =>
    c.execute(CreateInterviewDocument, {
      interviewData: { jobId: annJobIds[0]!, scheduledAt: '2030-03-01T10:00:00Z' },
    }),
  'Mutation.updateInterview': (c) =>
    c.execute(UpdateInterviewDocument, { id: annInterviewIds[0]!, interviewData: { notes: 'Pwned' } }),
  'Mutation.deleteInterview': (c) => c.execute(DeleteInterviewDocument, { id: annInterviewIds[1]! }),
  'Query.jobsConnection': (c) =>
    c.execute(JobsConnectionDocument, { first: 5, filter: { status: ['applied'] }, view: annViewIds[0]! }),
  'Query.savedViews': (c) => c.execute(SavedViewsDocument),
  'Mutation.saveView': (c) => c.execute(SaveViewDocument, { name: 'Applied', filter: { archived: true } }),
  'Mutation.deleteSavedView': (c) => c.execute(DeleteSavedViewDocument, { id: annViewIds[0]! }),
  // A multipart upload (the SDK posts JSON only); with an accepted token this would import a job.
  'Mutation.importJobs': async (c) => {
    const form = new FormData();
    const variables = { file: null, format: 'csv', dryRun: false };
    form.set('operations', JSON.stringify({ query: ImportJobsDocument.toString(), variables }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob(['Company,Position\nIntruder,Spy\n']), 'jobs.csv');
    const response = await t.fetch('/graphql', {
      method: 'POST',
      headers: c.token ? { authorization: `Bearer ${c.token}` } : {},
      body: form,
    });
    return {
      status: response.status,
      ...((await response.json()) as Omit<GraphQLResponse<Record<string, unknown>>, 'status'>),
    };
  },
  'Query.calendarFeed': (c) => c.execute(CalendarFeedDocument),
  'Mutation.rotateCalendarFeed': (c) => c.execute(RotateCalendarFeedDocument),
  'Mutation.deleteCalendarFeed': (c) => c.execute(DeleteCalendarFeedDocument),
  'Mutation.logout': (c) => c.execute(LogoutDocument),
  'Mutation.logoutAll': (c) => c.execute(LogoutAllDocument),
  // Public: well-formed calls that fail (or succeed) for reasons other than a token.
  'Mutation.register': (c) =>
    c.execute(RegisterDocument, {
      email: `new-${Date.now()}@example.com`,
      password: 'a perfectly long passphrase 42',
      firstName: 'New',
      lastName: 'Person',
    }),
  'Mutation.verifyOtp': (c) => c.execute(VerifyOtpDocument, { email: ann.email, code: '000000', module: 'login' }),
  'Mutation.resendOtp': (c) => c.execute(ResendOtpDocument, { email: 'nobody@example.com', module: 'register' }),
  'Mutation.login': (c) => c.execute(LoginDocument, { email: 'nobody@example.com', password: 'wrong password 123' }),
  'Mutation.forgetPassword': (c) => c.execute(ForgetPasswordDocument, { email: 'nobody@example.com' }),
  'Mutation.resetPassword': (c) =>
    c.execute(ResetPasswordDocument, {
      email: 'nobody@example.com',
      code: '123456',
      newPassword: 'another passphrase 99',
    }),
  'Mutation.refresh': async (c) => {
    const { refreshToken } = await t.app.services.sessions.start({ id: bob.id, tokenVersion: 0 });
    return c.execute(RefreshDocument, { refreshToken });
  },
};

const AUTHENTICATED_FIELDS = TOKEN_TABLE.filter((row) => row.needsToken).map((row) => row.coordinate);
const AUTHENTICATED_ROUTES = REST_TABLE.filter((row) => row.needsToken);

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with exactly the app's claims for `user`, signed as told. */
function handToken(
  user: { id: string; tokenVersion: number; sessionId: string },
  {
    secret = TEST_ENV.JWT_SECRET_KEY,
    algorithm = 'HS256',
    expiresIn = 600,
  }: { secret?: string; algorithm?: jwt.Algorithm; expiresIn?: number } = {},
): string {
  return jwt.sign({ type: 'access', ver: user.tokenVersion, sid: user.sessionId }, secret, {
    algorithm,
    subject: user.id,
    expiresIn,
  });
}

function subjectOf(token: string): { id: string; tokenVersion: number; sessionId: string } {
  const claims = jwt.decode(token) as { sub: string; ver: number; sid: string };
  return { id: claims.sub, tokenVersion: claims.ver, sessionId: claims.sid };
}

/** Every token that must be refused, each claiming to be A (or a user that is gone). */
async function attackTokens(): Promise<Record<string, string | null>> {
  const annSubject = subjectOf(ann.token);
  const now = Math.floor(Date.now() / 1000);
  // alg none: the app's header and claims, no signature.
  const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
    type: 'access',
    ver: annSubject.tokenVersion,
    sid: annSubject.sessionId,
    sub: ann.id,
    iat: now,
    exp: now + 600,
  })}.`;
  // "alg confusion": HS256 claimed in the header, signature made over it with another key.
  const resigned = (() => {
    const [header, payload] = handToken(annSubject).split('.');
    const signature = createHmac('sha256', 'not-the-server-key').update(`${header}.${payload}`).digest('base64url');
    return `${header}.${payload}.${signature}`;
  })();
  // Deleted: a real, valid token whose user is then removed.
  const gone = await t.createUser();
  await t.db.user.delete({ where: { id: gone.id } });
  // Revoked: a real session of A's, signed out through the API.
  const { accessToken: revoked } = await t.app.services.sessions.start({ id: ann.id, tokenVersion: 0 });
  const logout = await t.sdk(revoked).execute(LogoutDocument);
  expect(logout.errors).toBeUndefined();
  // A's claims but Bob's session id, correctly signed.
  const bobSubject = subjectOf(bob.token);
  // A stale token version (as after logoutAll or a password reset), correctly signed.
  return {
    'no token': null,
    'a garbage token': 'garbage',
    'three garbage segments': 'eyJub3Qi.eyJqd3Qi.c2lnbmF0dXJl',
    'another key': handToken(annSubject, { secret: 'another-secret-key-0123456789abcdef' }),
    'a tampered signature': resigned,
    'alg none': unsigned,
    'HS512 with the right key (pinned to HS256)': handToken(annSubject, { algorithm: 'HS512' }),
    'an expired token': handToken(annSubject, { expiresIn: -60 }),
    'a deleted user': gone.token,
    'a revoked token (after logout)': revoked,
    'another user’s session id': handToken({ ...annSubject, sessionId: bobSubject.sessionId }),
    'a stale token version': handToken({ ...annSubject, tokenVersion: annSubject.tokenVersion + 1 }),
    'a type other than access': jwt.sign(
      { type: 'refresh', ver: 0, sid: annSubject.sessionId },
      TEST_ENV.JWT_SECRET_KEY,
      {
        subject: ann.id,
        expiresIn: 600,
      },
    ),
    'a sub that is not a UUID': handToken({ ...annSubject, id: 'admin' }),
  };
}

describe('token table (derived from the schema)', () => {
  it('lists every root field and REST route with whether it needs a token', () => {
    // Every public field exists (a rename cannot silently drop one), and they are the app's own list.
    expect(
      TOKEN_TABLE.filter((row) => !row.needsToken)
        .map((row) => row.coordinate)
        .sort(),
    ).toEqual([...PUBLIC_FIELDS].sort());
    expect([...AUTH_MUTATIONS].map((name) => `Mutation.${name}`).sort()).toEqual([...PUBLIC_FIELDS].sort());
    expect(AUTHENTICATED_FIELDS.sort()).toEqual(
      [
        'Query.jobs',
        'Query.job',
        'Query.jobNotes',
        'Query.me',
        'Mutation.createJob',
        'Mutation.updateJob',
        'Mutation.deleteJob',
        'Mutation.createNote',
        'Mutation.updateNote',
        'Mutation.deleteNote',
        'Query.contacts',
        'Query.contact',
        'Mutation.createContact',
        'Mutation.updateContact',
        'Mutation.deleteContact',
        'Mutation.linkContact',
        'Mutation.unlinkContact',
        'Query.tasks',
        'Mutation.createTask',
        'Mutation.updateTask',
        'Mutation.completeTask',
        'Mutation.deleteTask',
        'Mutation.updateSettings',
        'Query.upcomingInterviews',
        'Mutation.createInterview',
        'Mutation.updateInterview',
        'Mutation.deleteInterview',
        'Mutation.logout',
        'Mutation.logoutAll',
        'Mutation.archiveJob',
        'Mutation.unarchiveJob',
        'Query.tags',
        'Mutation.renameTag',
        'Mutation.deleteTag',
        'Query.jobsConnection',
        'Query.savedViews',
        'Mutation.saveView',
        'Mutation.deleteSavedView',
        'Mutation.mergeJobs',
        'Query.stats',
        'Mutation.importJobs',
        'Query.calendarFeed',
        'Mutation.rotateCalendarFeed',
        'Mutation.deleteCalendarFeed',
      ].sort(),
    );
    expect(AUTHENTICATED_ROUTES.map((row) => `${row.method} ${row.path}`).sort()).toEqual([
      'GET /auth/me',
      'GET /export/data.json',
      'GET /export/jobs.csv',
      'POST /auth/logout',
      'POST /auth/logout-all',
      'POST /import',
    ]);
    // A new root field fails here until it gets a well-formed call (and so a row in the matrix).
    expect(Object.keys(CALLS).sort()).toEqual(rootFields.map((row) => row.coordinate).sort());
  });

  it('a hand-signed token with the app’s claims is accepted (the attacks below fail for their flaw only)', async () => {
    const valid = handToken(subjectOf(ann.token));
    const { data, errors } = await t.sdk(valid).execute(MeDocument);
    expect(errors).toBeUndefined();
    expect(data?.me).toMatchObject({ id: ann.id, email: ann.email });
    const response = await t.fetch('/auth/me', { headers: { authorization: `Bearer ${valid}` } });
    expect(response.status).toBe(200);
  });

  it('public fields answer without a token, never UNAUTHENTICATED', async () => {
    for (const { coordinate } of TOKEN_TABLE.filter((row) => !row.needsToken)) {
      const { status, errors } = await CALLS[coordinate]!(t.sdk());
      expect(status, coordinate).toBeLessThan(500);
      expect(errors?.[0]?.extensions?.code, coordinate).not.toBe('UNAUTHENTICATED');
    }
  });
});

describe('JWT attack matrix', () => {
  let tokens: Record<string, string | null>;
  let annBefore: Awaited<ReturnType<typeof snapshotOf>>;
  beforeAll(async () => {
    tokens = await attackTokens();
    annBefore = await snapshotOf(ann.id);
  });

  it('refuses every attack token on every GraphQL field that needs one, with UNAUTHENTICATED', async () => {
    const failures: string[] = [];
    for (const [attack, token] of Object.entries(tokens)) {
      for (const coordinate of AUTHENTICATED_FIELDS) {
        const { data, errors } = await CALLS[coordinate]!(t.sdk(token ?? undefined));
        const fieldName = coordinate.split('.')[1]!;
        const code = errors?.[0]?.extensions?.code;
        if (code !== 'UNAUTHENTICATED' || (data?.[fieldName] ?? null) !== null) {
          failures.push(`${coordinate} with ${attack}: code ${String(code)}, data ${JSON.stringify(data)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every attack token on every REST route that needs one, with 401', async () => {
    const failures: string[] = [];
    for (const [attack, token] of Object.entries(tokens)) {
      for (const { method, path } of AUTHENTICATED_ROUTES) {
        const response = await t.fetch(path, {
          method,
          headers: {
            ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          ...(method === 'POST' ? { body: '{}' } : {}),
        });
        const body = (await response.json()) as { code?: string };
        if (response.status !== 401 || body.code !== 'UNAUTHENTICATED') {
          failures.push(`${method} ${path} with ${attack}: ${response.status} ${JSON.stringify(body)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('changed nothing of A’s: user row, jobs, notes', async () => {
    expect(await snapshotOf(ann.id)).toEqual(annBefore);
    expect(await t.db.job.count({ where: { companyName: 'Intruder' } })).toBe(0);
    expect(await t.db.contact.count({ where: { name: 'Intruder' } })).toBe(0);
  });
});
