// graphql-jit runs a document once it has run GRAPHQL_JIT_AFTER_RUNS times: the answers,
// errors included, must not change when it takes over.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type GraphQLResponse, type TestApp, type TestUser, useTestApp } from '../support/test-app.ts';

const AFTER_RUNS = 2;
const t = useTestApp({ env: { GRAPHQL_JIT_AFTER_RUNS: String(AFTER_RUNS) } });
let ann: TestUser;
let jobId: string;

beforeAll(async () => {
  ann = await t.createUser();
  const job = await t.db.job.create({
    data: { userId: ann.id, companyName: 'Acme', position: 'Engineer', appliedOn: new Date('2024-02-29') },
  });
  await t.db.note.create({
    data: { jobId: job.id, content: 'call back', reminderTime: new Date('2024-03-01T08:30:00Z') },
  });
  jobId = job.id;
});

/** The same request AFTER_RUNS + 3 times: graphql-js first, then the compiled document. */
async function acrossTheThreshold(query: string, options: Parameters<TestApp['graphql']>[1] = {}) {
  const answers: GraphQLResponse[] = [];
  for (let run = 0; run < AFTER_RUNS + 3; run += 1) answers.push(await t.graphql(query, options));
  return answers;
}

describe('a document compiled after its first runs', () => {
  it('answers data exactly as before', async () => {
    const answers = await acrossTheThreshold(
      `query ($id: ID!) { job(id: $id) { id companyName appliedOn createdAt notes { content reminderTime job { id } } }
        jobs(limit: 5) { ...F } me { email } } fragment F on Job { id status notes { id } }`,
      { token: ann.token, variables: { id: jobId } },
    );
    expect(answers[0]!.errors).toBeUndefined();
    expect(answers[0]!.data).toMatchObject({
      job: { companyName: 'Acme', appliedOn: '2024-02-29', notes: [{ reminderTime: '2024-03-01T08:30:00.000Z' }] },
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it('answers errors as before: code, status, message and path; locations until it is compiled', async () => {
    const unauthenticated = await acrossTheThreshold('{ jobs { id } }');
    expect(unauthenticated[0]).toMatchObject({
      status: 401,
      errors: [{ path: ['jobs'], locations: [{ line: 1, column: 3 }], extensions: { code: 'UNAUTHENTICATED' } }],
    });
    for (const answer of unauthenticated) expect(answer).toEqual(unauthenticated[0]);

    const badId = await acrossTheThreshold('query ($id: ID!) { job(id: $id) { id } }', {
      token: ann.token,
      variables: { id: 'not-a-uuid' },
    });
    // `job` is nullable: the answer carries data, so it is 200 (GraphQL over HTTP).
    expect(badId[0]).toMatchObject({
      status: 200,
      errors: [{ path: ['job'], extensions: { code: 'BAD_USER_INPUT' } }],
    });
    // A service's error on the compiled path has no `locations` (graphql-jit keeps no AST nodes
    // for it; docs/PERFORMANCE.md). That shows where graphql-jit takes over; all the rest is the same.
    const hasLocations = badId.map((answer) => (answer.errors?.[0] as { locations?: unknown }).locations !== undefined);
    expect(hasLocations).toEqual([...Array<boolean>(AFTER_RUNS).fill(true), false, false, false]);
    const withoutLocations = (answer: GraphQLResponse) => ({
      ...answer,
      errors: answer.errors?.map((error) => ({ ...error, locations: undefined })),
    });
    for (const answer of badId) expect(withoutLocations(answer)).toEqual(withoutLocations(badId[0]!));
  });

  it('leaves bad variables to graphql-js: 400, with its message naming the variable', async () => {
    const answers = await acrossTheThreshold('query ($limit: Int) { jobs(limit: $limit) { id } }', {
      token: ann.token,
      variables: { limit: 'ten' },
    });
    expect(answers[0]).toMatchObject({
      status: 400,
      errors: [{ message: expect.stringMatching(/^Variable "\$limit"/) }],
    });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });
});

describe('GRAPHQL_JIT=false', () => {
  it('keeps every document on graphql-js, with the same answers', async () => {
    const plain = await createTestApp({ env: { GRAPHQL_JIT: 'false' } });
    try {
      expect(plain.config.graphql.jitAfterRuns).toBeNull();
      const owner = await plain.createUser();
      const answer = await plain.graphql('{ jobs { id } me { email } }', { token: owner.token });
      expect(answer).toEqual({ status: 200, data: { jobs: [], me: { email: owner.email } } });
      // Past the default threshold, a service's error still has the locations only graphql-js gives it.
      for (let run = 0; run < 6; run += 1) {
        const badId = await plain.graphql('query ($id: ID!) { job(id: $id) { id } }', {
          token: owner.token,
          variables: { id: 'not-a-uuid' },
        });
        expect(badId.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, locations: [{ line: 1 }] });
      }
    } finally {
      await plain.close();
    }
  });
});
