// The typed client SDK (src/sdk): the committed output is what codegen writes now, its types
// refuse wrong variables at compile time, and the client signs requests and surfaces errors.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { staleCodegenFiles } from '../../scripts/codegen-check.ts';
import {
  CreateJobDocument,
  CreateNoteDocument,
  DeleteJobDocument,
  DeleteNoteDocument,
  ForgetPasswordDocument,
  GraphQLRequestError,
  JobDocument,
  JobNotesDocument,
  JobsDocument,
  JobsWithNotesDocument,
  JobWithNotesDocument,
  MeDocument,
  RegisterDocument,
  ResendOtpDocument,
  UpdateJobDocument,
  UpdateNoteDocument,
  createClient,
  type MeQuery,
} from '../../src/sdk/index.ts';
import { requestError, SDK_ENDPOINT, useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const t = useSdkTestApp();
let ann: TestUser;

beforeAll(async () => {
  ann = await t.createUser();
});

describe('the committed SDK', () => {
  it('schema/schema.graphql and src/sdk/generated/ are what `npm run codegen` writes now', async () => {
    // The same check as `npm run codegen:check`: generated in memory and compared file by file.
    expect(await staleCodegenFiles()).toEqual([]);
  });
});

describe('compile-time checks of variables', () => {
  it('wrong variables do not compile (the directives below are checked by `tsc --noEmit -p .`)', async () => {
    const api = t.sdk(ann.token);
    // Each call below compiles only because its error is expected: remove a directive and tsc
    // fails; an expected error that disappears fails tsc too ("Unused '@ts-expect-error'").
    // At run time the server refuses the same values.
    const wrongType = await requestError(
      // @ts-expect-error status is a String filter, not a number
      api.request(JobsDocument, { status: 3 }),
    );
    expect(wrongType.status).toBe(400);
    expect(wrongType.errors[0]?.message).toMatch(/Variable "\$status" got invalid value 3/);

    const missing = await requestError(
      // @ts-expect-error jobData.companyName is required
      api.request(CreateJobDocument, { jobData: { position: 'Engineer' } }),
    );
    expect(missing.status).toBe(400);
    expect(missing.errors[0]?.message).toMatch(/companyName/);

    // Required variables are required; an operation without variables takes none.
    // @ts-expect-error JobDocument needs { id }
    await expect(api.request(JobDocument)).rejects.toBeInstanceOf(GraphQLRequestError);
    // @ts-expect-error MeDocument takes no variables
    await expect(api.request(MeDocument, { id: 'x' })).resolves.toMatchObject({ me: { id: ann.id } });
  });

  it('the same calls without the directives are compile errors naming the variable', () => {
    // Proves the directives above stand for real errors: compile those calls with the project's
    // compiler options and read the diagnostics.
    const file = path.join(ROOT, 'tests/sdk/__compile-check__.ts');
    const source = `import { createClient, CreateJobDocument, JobDocument, JobsDocument } from '../../src/sdk/index.ts';
const api = createClient({ endpoint: 'http://example.com/graphql' });
export const calls = [
  api.request(JobsDocument, { status: 3 }),
  api.request(CreateJobDocument, { jobData: { position: 'Engineer' } }),
  api.request(JobDocument),
  api.request(JobsDocument),
  api.request(JobDocument, { id: 'x' }),
];
`;
    const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (name) => ts.sys.readFile(name));
    const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (name) => (path.resolve(name) === file ? source : readFile(name));
    host.fileExists = (name) => path.resolve(name) === file || ts.sys.fileExists(name);
    host.getSourceFile = (name, languageVersion, ...rest) =>
      path.resolve(name) === file
        ? ts.createSourceFile(name, source, languageVersion)
        : getSourceFile(name, languageVersion, ...rest);
    const program = ts.createProgram([file], { ...options, noEmit: true }, host);
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file && path.resolve(diagnostic.file.fileName) === file)
      .map((diagnostic) => ({
        line: diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1,
        text: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      }));
    expect(diagnostics.map(({ line }) => line)).toEqual([4, 5, 6]);
    expect(diagnostics[0]?.text).toMatch(/'number' is not assignable to type 'string'/);
    expect(diagnostics[1]?.text).toMatch(/companyName/);
    expect(diagnostics[2]?.text).toMatch(/Expected 2 arguments, but got 1/);
  }, 60_000);
});

describe('the client', () => {
  it('sends the bearer token when one is set, and none otherwise', async () => {
    const api = t.sdk();
    const anonymous = await requestError(api.request(MeDocument));
    expect(t.sdkRequests.at(-1)?.headers.has('authorization')).toBe(false);
    expect(anonymous).toBeInstanceOf(GraphQLRequestError);
    expect(anonymous.code).toBe('UNAUTHENTICATED');

    api.setToken(ann.token);
    expect(api.token).toBe(ann.token);
    const { me } = await api.request(MeDocument);
    expect(me).toMatchObject({ id: ann.id, email: ann.email, isActive: true });
    const sent = t.sdkRequests.at(-1);
    expect(sent).toMatchObject({ url: SDK_ENDPOINT, method: 'POST' });
    expect(sent?.headers.get('authorization')).toBe(`Bearer ${ann.token}`);
    expect(sent?.headers.get('content-type')).toBe('application/json');
    // An operation without variables sends none.
    expect(JSON.parse(sent?.body ?? '')).toEqual({ query: MeDocument.toString() });

    api.setToken(null);
    await requestError(api.request(MeDocument));
    expect(t.sdkRequests.at(-1)?.headers.has('authorization')).toBe(false);

    await t.sdk(ann.token).request(JobsDocument, { limit: 1 });
    expect(t.sdkRequests.at(-1)?.headers.get('authorization')).toBe(`Bearer ${ann.token}`);
    expect(JSON.parse(t.sdkRequests.at(-1)?.body ?? '')).toMatchObject({ variables: { limit: 1 } });
  });

  it('throws GraphQLRequestError with code and status 401 for UNAUTHENTICATED', async () => {
    const error = await requestError(t.sdk('not-a-token').request(JobsDocument));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('GraphQLRequestError');
    expect(error.status).toBe(401);
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe(error.errors[0]?.message);
  });

  it('throws GraphQLRequestError with code, field and status 400 for BAD_USER_INPUT', async () => {
    const error = await requestError(t.sdk(ann.token).request(JobsDocument, { limit: 100_000 }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
  });

  it('carries attemptsRemaining and retryAfterSeconds from the auth errors', async () => {
    const api = t.sdk();
    const user = await t.createUser();
    for (const attemptsRemaining of [2, 1, 0]) {
      const { forgetPassword } = await api.request(ForgetPasswordDocument, { email: user.email });
      expect(forgetPassword.attemptsRemaining).toBe(attemptsRemaining);
    }
    const blocked = await requestError(api.request(ForgetPasswordDocument, { email: user.email }));
    expect(blocked.status).toBe(429);
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
    expect(blocked.errors[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('execute answers the whole response without throwing', async () => {
    const response = await t.sdk().execute(MeDocument);
    expect(response).toMatchObject({ status: 401, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('a non-GraphQL answer is a GraphQLRequestError with the HTTP status', async () => {
    const api = createClient({
      endpoint: SDK_ENDPOINT,
      fetch: () => Promise.resolve(new Response('Bad Gateway', { status: 502 })),
    });
    const error = await requestError(api.request(MeDocument));
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/HTTP 502: Bad Gateway/);
  });

  it('also sends parsed TypedDocumentNode documents', async () => {
    // The client prints it with graphql-js, loaded on demand (the generated documents need no parser).
    const document: TypedDocumentNode<{ me: Pick<MeQuery['me'], 'id' | 'email'> }, Record<string, never>> = parse(
      'query { me { id email } }',
    );
    expect(await t.sdk(ann.token).request(document)).toEqual({ me: { id: ann.id, email: ann.email } });
  });
});

describe('every operation of the SDK runs', () => {
  it('jobs and notes, from creation to deletion', async () => {
    const api = t.sdk(ann.token);
    const { createJob } = await api.request(CreateJobDocument, {
      jobData: { companyName: 'Google', position: 'Software Engineer', status: 'applied', appliedOn: '2024-01-15' },
    });
    expect(createJob).toMatchObject({ success: true, message: 'Job created successfully', code: null, field: null });
    const jobId = createJob.job?.id ?? '';
    expect(createJob.job).toMatchObject({ id: expect.any(String), status: 'applied', appliedOn: '2024-01-15' });

    const { updateJob } = await api.request(UpdateJobDocument, { id: jobId, jobData: { status: 'interviewing' } });
    expect(updateJob.job?.status).toBe('interviewing');
    expect((await api.request(JobDocument, { id: jobId })).job).toMatchObject({ id: jobId, status: 'interviewing' });
    expect((await api.request(JobsDocument, { status: 'interviewing' })).jobs.map((job) => job.id)).toContain(jobId);

    const { createNote } = await api.request(CreateNoteDocument, {
      noteData: { jobId, content: 'Follow up with recruiter next week', reminderTime: '2024-01-20T10:00:00Z' },
    });
    expect(createNote).toMatchObject({ success: true, note: { jobId, reminderTime: '2024-01-20T10:00:00.000Z' } });
    const noteId = createNote.note?.id ?? '';
    const { updateNote } = await api.request(UpdateNoteDocument, {
      id: noteId,
      noteData: { content: 'Called back', reminderTime: null },
    });
    expect(updateNote).toMatchObject({
      success: true,
      note: { id: noteId, content: 'Called back', reminderTime: null },
    });
    expect((await api.request(JobNotesDocument, { jobId })).jobNotes).toMatchObject([{ id: noteId, jobId }]);
    expect((await api.request(JobWithNotesDocument, { id: jobId })).job?.notes).toMatchObject([{ id: noteId }]);
    const withNotes = await api.request(JobsWithNotesDocument, { limit: 500 });
    expect(withNotes.jobs.find((job) => job.id === jobId)?.notes).toMatchObject([{ id: noteId }]);

    expect((await api.request(DeleteNoteDocument, { id: noteId })).deleteNote).toMatchObject({
      success: true,
      deletedId: noteId,
    });
    expect((await api.request(DeleteJobDocument, { id: jobId })).deleteJob).toMatchObject({
      success: true,
      deletedId: jobId,
    });
  });

  it('register and resendOtp (the rest of the auth flow, refresh and logout: tests/auth/graphql-flow.test.ts)', async () => {
    const api = t.sdk();
    const email = 'resend@example.com';
    const { register } = await api.request(RegisterDocument, {
      email,
      password: 'correct horse battery staple',
      firstName: 'Res',
      lastName: 'End',
    });
    expect(register.attemptsRemaining).toBe(2);
    const { resendOtp } = await api.request(ResendOtpDocument, { email, module: 'register' });
    expect(resendOtp.attemptsRemaining).toBe(1);
  });
});
