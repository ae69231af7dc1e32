// Interviews over GraphQL, through the SDK: the payloads, kind and outcome as fixed-set inputs
// (quoted, bare, from a variable; an unknown value named), the auto-advance of the job seen in
// the answer, Job.interviews and upcomingInterviews, ownership, and the query plan (statements
// do not grow with the rows).
import { readFileSync } from 'node:fs';
import { isEnumType, isScalarType } from 'graphql';
import { beforeEach, describe, expect, it } from 'vitest';
import { InterviewKind, InterviewOutcome } from '../../src/generated/prisma/enums.ts';
import { schema } from '../../src/schema.ts';
import {
  CreateInterviewDocument,
  DeleteInterviewDocument,
  JobsWithInterviewsDocument,
  UpcomingInterviewsDocument,
  UpdateInterviewDocument,
  type GraphQLResponse,
} from '../../src/sdk/index.ts';
import { useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const t = useSdkTestApp();
const MISSING_ID = '00000000-0000-4000-8000-00000000abcd';
const KINDS = 'phone_screen, technical, behavioral, onsite, panel, final, other';
const OUTCOMES = 'pending, passed, failed, cancelled';

let ann: TestUser;
let bob: TestUser;
let jobId: string;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  jobId = (await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Dev', status: 'applied' } }))
    .id;
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('createInterview', () => {
  it('answers the interview with its defaults, and moves an applied job to interviewing', async () => {
    const amy = await t.db.contact.create({ data: { userId: ann.id, name: 'Amy', company: 'Acme' } });
    const { createInterview } = await t.sdk(ann.token).request(CreateInterviewDocument, {
      interviewData: { jobId, scheduledAt: '2030-07-01T09:30:00+02:00', contactIds: [amy.id] },
    });
    expect(createInterview).toEqual({
      success: true,
      message: 'Interview created successfully',
      code: null,
      field: null,
      interview: {
        id: expect.any(String),
        scheduledAt: '2030-07-01T07:30:00.000Z',
        durationMinutes: 60,
        kind: 'other',
        location: null,
        meetingUrl: null,
        notes: null,
        outcome: 'pending',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        contacts: [{ id: amy.id, name: 'Amy' }],
        job: { id: jobId, status: 'interviewing' },
      },
    });
    const events = await t.db.jobStatusEvent.findMany({ where: { jobId, fromStatus: 'applied' } });
    expect(events).toMatchObject([{ toStatus: 'interviewing' }]);
  });

  it('keepStatus: true leaves the job as it is', async () => {
    const { createInterview } = await t.sdk(ann.token).request(CreateInterviewDocument, {
      interviewData: { jobId, scheduledAt: '2030-07-01T09:30:00Z', keepStatus: true },
    });
    expect(createInterview.interview?.job).toEqual({ id: jobId, status: 'applied' });
  });

  it.each([
    ['quoted', 'kind: "panel", outcome: "passed"'],
    ['bare', 'kind: panel, outcome: passed'],
  ])('takes kind and outcome %s', async (_spelling, fields) => {
    const { status, data, errors } = await t.graphql<{ createInterview: { interview: unknown } }>(
      `mutation { createInterview(interviewData: { jobId: "${jobId}", scheduledAt: "2030-07-01T09:30:00Z", ${fields} }) {
        success interview { kind outcome } } }`,
      { token: ann.token },
    );
    expect({ status, errors }).toEqual({ status: 200, errors: undefined });
    expect(data?.createInterview).toEqual({ success: true, interview: { kind: 'panel', outcome: 'passed' } });
  });

  it('takes kind and outcome from variables typed as the SDK types them', async () => {
    const { createInterview } = await t.sdk(ann.token).request(CreateInterviewDocument, {
      interviewData: { jobId, scheduledAt: '2030-07-01T09:30:00Z', kind: 'phone_screen', outcome: 'cancelled' },
    });
    expect(createInterview.interview).toMatchObject({ kind: 'phone_screen', outcome: 'cancelled' });
  });

  it.each([
    ['a quoted unknown kind', 'kind: "lunch"', 'kind', KINDS],
    ['a bare unknown kind', 'kind: lunch', 'kind', KINDS],
    ['a quoted unknown outcome', 'outcome: "won"', 'outcome', OUTCOMES],
    ['a bare unknown outcome', 'outcome: won', 'outcome', OUTCOMES],
  ])('refuses %s: BAD_USER_INPUT naming the field and listing the values', async (_case, field, name, values) => {
    const { status, data, errors } = await t.graphql(
      `mutation { createInterview(interviewData: { jobId: "${jobId}", scheduledAt: "2030-07-01T09:30:00Z", ${field} }) { success } }`,
      { token: ann.token },
    );
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors).toEqual([
      expect.objectContaining({
        message: `interviewData.${name} must be one of: ${values}`,
        extensions: { code: 'BAD_USER_INPUT', field: `interviewData.${name}` },
      }),
    ]);
    expect(await t.db.interview.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('refuses an unknown kind in a variable, BAD_USER_INPUT listing the values', async () => {
    const { status, errors } = await t.sdk(ann.token).execute(CreateInterviewDocument, {
      interviewData: { jobId, scheduledAt: '2030-07-01T09:30:00Z', kind: 'lunch' as never },
    });
    expect(status).toBe(400);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toBe(`interviewData.kind must be one of: ${KINDS}`);
    // The plumbing walks the variable's value to the refused field (src/graphql/fixed-set.ts).
    expect(errors?.[0]?.extensions?.field).toBe('interviewData.kind');
  });

  it.each([
    [{ durationMinutes: 4 }, 'interviewData.durationMinutes', 'must be between 5 and 1440'],
    [{ durationMinutes: 1441 }, 'interviewData.durationMinutes', 'must be between 5 and 1440'],
    [{ scheduledAt: '2030-07-01' }, 'interviewData.scheduledAt', 'must be an ISO 8601 date-time with a time zone'],
    [{ meetingUrl: 'ftp://example.com' }, 'interviewData.meetingUrl', 'must be an http or https URL'],
    [{ location: 'x'.repeat(201) }, 'interviewData.location', 'must be at most 200 characters'],
    [{ contactIds: [MISSING_ID] }, 'interviewData.contactIds', null],
  ])('answers success: false naming the field for %j', async (patch, field, problem) => {
    const { createInterview } = await t.sdk(ann.token).request(CreateInterviewDocument, {
      interviewData: { jobId, scheduledAt: '2030-07-01T09:30:00Z', ...patch },
    });
    expect(createInterview).toMatchObject({
      success: false,
      code: problem ? 'BAD_USER_INPUT' : 'NOT_FOUND',
      field,
      interview: null,
    });
    if (problem) expect(createInterview.message).toContain(`${field} ${problem}`);
    // Nothing stored, and the job did not move.
    expect(await t.db.interview.count({ where: { userId: ann.id } })).toBe(0);
    expect(await t.db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({ status: 'applied' });
  });
});

describe('updateInterview and deleteInterview', () => {
  it('update changes the fields given and replaces the contacts; delete answers deletedId', async () => {
    const [amy, ben] = await Promise.all(
      ['Amy', 'Ben'].map((name) => t.db.contact.create({ data: { userId: ann.id, name } })),
    );
    const api = t.sdk(ann.token);
    const { createInterview } = await api.request(CreateInterviewDocument, {
      interviewData: { jobId, scheduledAt: '2030-07-01T09:30:00Z', location: 'HQ', contactIds: [amy!.id] },
    });
    const id = createInterview.interview!.id;
    const { updateInterview } = await api.request(UpdateInterviewDocument, {
      id,
      interviewData: { outcome: 'passed', location: null, contactIds: [ben!.id] },
    });
    expect(updateInterview).toMatchObject({
      success: true,
      message: 'Interview updated successfully',
      interview: { id, outcome: 'passed', location: null, contacts: [{ id: ben!.id, name: 'Ben' }] },
    });
    const { deleteInterview } = await api.request(DeleteInterviewDocument, { id });
    expect(deleteInterview).toEqual({
      success: true,
      message: 'Interview deleted successfully',
      code: null,
      field: null,
      deletedId: id,
    });
    expect(await t.db.interview.count({ where: { id } })).toBe(0);
  });

  it("Bob's update and delete of Ann's interview answer exactly like a missing id, and change nothing", async () => {
    const { createInterview } = await t.sdk(ann.token).request(CreateInterviewDocument, {
      interviewData: { jobId, scheduledAt: '2030-07-01T09:30:00Z' },
    });
    const id = createInterview.interview!.id;
    const before = await t.db.interview.findUniqueOrThrow({ where: { id } });
    const asBob = t.sdk(bob.token);
    const same = async (send: (id: string) => Promise<GraphQLResponse<unknown>>) => {
      const forAnn = await send(id);
      expect(forAnn).toEqual(await send(MISSING_ID));
      return forAnn;
    };
    const updated = await same((target) =>
      asBob.execute(UpdateInterviewDocument, { id: target, interviewData: { notes: 'Pwned' } }),
    );
    expect(updated.data).toMatchObject({ updateInterview: { success: false, code: 'NOT_FOUND' } });
    const deleted = await same((target) => asBob.execute(DeleteInterviewDocument, { id: target }));
    expect(deleted.data).toMatchObject({ deleteInterview: { success: false, code: 'NOT_FOUND', deletedId: null } });
    expect(await t.db.interview.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });
});

describe('a document that writes, then reads', () => {
  it('reads the job’s status, history and interviews afresh after each interview write', async () => {
    const { id: wishlistId } = await t.db.job.create({
      data: { userId: ann.id, companyName: 'Initech', position: 'Dev', status: 'wishlist' },
    });
    const JOB = 'job { status statusHistory { toStatus } interviews { id } }';
    const create = (alias: string, day: number, keepStatus: boolean) =>
      `${alias}: createInterview(interviewData: { jobId: "${wishlistId}", scheduledAt: "2030-07-0${day}T09:00:00Z", keepStatus: ${keepStatus} }) { interview { id ${JOB} } }`;
    interface Written {
      interview: { id: string; job: { status: string; statusHistory: unknown[]; interviews: unknown[] } };
    }
    const created = await t.graphql<Record<'kept' | 'moved', Written>>(
      `mutation { ${create('kept', 1, true)} ${create('moved', 2, false)} }`,
      { token: ann.token },
    );
    expect(created.errors).toBeUndefined();
    const { kept, moved } = created.data!;
    expect(kept.interview.job).toEqual({
      status: 'wishlist',
      statusHistory: [],
      interviews: [{ id: kept.interview.id }],
    });
    expect(moved.interview.job).toEqual({
      status: 'interviewing',
      statusHistory: [{ toStatus: 'interviewing' }],
      interviews: [{ id: kept.interview.id }, { id: moved.interview.id }],
    });

    const changed = await t.graphql<{ touched: Written; gone: unknown; after: Written }>(
      `mutation {
        touched: updateInterview(id: "${moved.interview.id}", interviewData: { notes: "x" }) { interview { id ${JOB} } }
        gone: deleteInterview(id: "${kept.interview.id}") { deletedId }
        after: updateInterview(id: "${moved.interview.id}", interviewData: { notes: "y" }) { interview { id ${JOB} } }
      }`,
      { token: ann.token },
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data?.touched.interview.job.interviews).toHaveLength(2);
    expect(changed.data?.after.interview.job.interviews).toEqual([{ id: moved.interview.id }]);
  });
});

describe('reads', () => {
  it('Job.interviews lists a job’s interviews soonest first', async () => {
    const api = t.sdk(ann.token);
    for (const scheduledAt of ['2030-07-03T09:00:00Z', '2030-07-01T09:00:00Z', '2030-07-02T09:00:00Z']) {
      await api.request(CreateInterviewDocument, { interviewData: { jobId, scheduledAt } });
    }
    const { jobs } = await api.request(JobsWithInterviewsDocument);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.interviews.map((interview) => interview.scheduledAt)).toEqual([
      '2030-07-01T09:00:00.000Z',
      '2030-07-02T09:00:00.000Z',
      '2030-07-03T09:00:00.000Z',
    ]);
  });

  it('upcomingInterviews answers the next 14 days by default, soonest first, only yours', async () => {
    const api = t.sdk(ann.token);
    const schedule = async (scheduledAt: string) =>
      (await api.request(CreateInterviewDocument, { interviewData: { jobId, scheduledAt } })).createInterview.interview!
        .id;
    await schedule(inDays(-1));
    const inTen = await schedule(inDays(10));
    const inTwo = await schedule(inDays(2));
    const inTwenty = await schedule(inDays(20));
    const bobJob = await t.db.job.create({ data: { userId: bob.id, companyName: 'Bob Co', position: 'Dev' } });
    await t.sdk(bob.token).request(CreateInterviewDocument, {
      interviewData: { jobId: bobJob.id, scheduledAt: inDays(1) },
    });
    const ids = async (days?: number) =>
      (await api.request(UpcomingInterviewsDocument, days === undefined ? {} : { days })).upcomingInterviews.map(
        (interview) => interview.id,
      );
    expect(await ids()).toEqual([inTwo, inTen]);
    expect(await ids(30)).toEqual([inTwo, inTen, inTwenty]);
    expect(await ids(1)).toEqual([]);
  });

  it.each([0, 366])('upcomingInterviews(days: %i) is BAD_USER_INPUT naming days', async (days) => {
    const { data, errors } = await t.sdk(ann.token).execute(UpcomingInterviewsDocument, { days });
    expect(data).toBeNull();
    expect(errors?.[0]).toMatchObject({
      message: 'days must be between 1 and 365',
      extensions: { code: 'BAD_USER_INPUT', field: 'days' },
    });
  });
});

describe('the schema and the SDK', () => {
  it.each([
    ['InterviewKindValue', 'InterviewKind', Object.values(InterviewKind)],
    ['InterviewOutcomeValue', 'InterviewOutcome', Object.values(InterviewOutcome)],
  ])('%s is a scalar listing the values, %s the output enum, codegen.yml the union', (scalar, output, values) => {
    const type = schema.getType(scalar);
    expect(isScalarType(type)).toBe(true);
    expect(type?.description).toContain(`One of: ${values.join(', ')}`);
    const outputType = schema.getType(output);
    // The printed schema sorts enum values.
    expect(isEnumType(outputType) && outputType.getValues().map((value) => value.name)).toEqual([...values].sort());
    const line = new RegExp(`^\\s*${scalar}:\\s*"(.*)"\\s*$`, 'm').exec(readFileSync('codegen.yml', 'utf8'))?.[1];
    expect(line?.split('|').map((value) => value.trim().replace(/^'|'$/g, ''))).toEqual(values);
  });
});

describe('the query plan has no N+1', () => {
  async function statementsFor(jobCount: number, query: string): Promise<number> {
    const owner = await t.createUser();
    const contacts = await Promise.all(
      ['Amy', 'Ben'].map((name) => t.db.contact.create({ data: { userId: owner.id, name } })),
    );
    for (let index = 0; index < jobCount; index += 1) {
      await t.db.job.create({
        data: {
          userId: owner.id,
          companyName: `Company ${index}`,
          position: 'Engineer',
          status: 'interviewing',
          createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, index)),
          interviews: {
            create: [1, 2].map((day) => ({
              userId: owner.id,
              scheduledAt: new Date(Date.UTC(2030, 6, day)),
              contacts: { create: contacts.map((contact) => ({ contactId: contact.id })) },
            })),
          },
        },
      });
    }
    t.sqlStatements.length = 0;
    const { status, data, errors } = await t.graphql<{
      jobs: { interviews: { contacts: unknown[] }[] }[];
    }>(query, { token: owner.token });
    const statements = t.sqlStatements.length;
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data?.jobs).toHaveLength(jobCount);
    expect(data?.jobs.every((job) => job.interviews.length === 2)).toBe(true);
    expect(data?.jobs.every((job) => job.interviews.every((interview) => interview.contacts.length === 2))).toBe(true);
    return statements;
  }

  it('jobs { interviews { contacts { id } job { id } } } runs as many statements for 100 jobs as for 10', async () => {
    const query = '{ jobs(limit: 500) { id interviews { id contacts { id } job { id } } } }';
    const forTen = await statementsFor(10, query);
    const forHundred = await statementsFor(100, query);
    expect(forHundred).toBe(forTen);
    // The account check, the jobs with their interviews and contacts, the interviews' jobs.
    expect(forTen).toBe(3);
  });

  it("an interview's job and that job's interviews and their contacts' jobs are loaded in one batch each", async () => {
    const query =
      '{ jobs(limit: 500) { id interviews { id contacts { id jobs { id } } job { id interviews { id } } } } }';
    const forTen = await statementsFor(10, query);
    const forHundred = await statementsFor(100, query);
    expect(forHundred).toBe(forTen);
  });

  it('the batched path (an interview’s job’s interviews) answers what the embedded one does', async () => {
    const api = t.sdk(ann.token);
    for (const scheduledAt of ['2030-07-02T09:00:00Z', '2030-07-01T09:00:00Z']) {
      await api.request(CreateInterviewDocument, { interviewData: { jobId, scheduledAt } });
    }
    const { data } = await t.graphql<{
      jobs: { interviews: { id: string; job: { interviews: { id: string }[] } }[] }[];
    }>('{ jobs { interviews { id job { interviews { id } } } } }', { token: ann.token });
    const embedded = data!.jobs[0]!.interviews;
    expect(embedded).toHaveLength(2);
    for (const interview of embedded) {
      expect(interview.job.interviews).toEqual(embedded.map(({ id }) => ({ id })));
    }
  });
});
