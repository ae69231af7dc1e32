// Property-based fuzzing of every REST route and every GraphQL operation, with and without a
// valid token: malformed JSON, wrong types, huge strings, hostile unicode, nulls and random
// GraphQL documents. Whatever arrives, the app answers below 500 (and never 503: PostgreSQL and
// Redis are up), with a JSON body that carries no stack trace, and leaves the data as it was.
//
// Requests go out raw through `t.fetch` on purpose: the fuzz sends what the SDK cannot express
// (broken bodies, wrong types, random documents) and reads the raw answer. Well-formed operations
// still come from the SDK's generated documents.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  OperationTypeNode,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toRestName } from '../../src/http/rest-shim.ts';
import { AUTH_BASE_PATH, AUTH_ROUTES } from '../../src/modules/auth/index.ts';
import { MAX_BODY_BYTES } from '../../src/http/security.ts';
import { canonicalTimeZone } from '../../src/modules/users/index.ts';
import { JOB_ORDER_FIELDS } from '../../src/modules/jobs/job.connection.validation.ts';
import * as sdk from '../../src/sdk/index.ts';
import { useSdkTestApp } from '../support/sdk.ts';
import type { TestUser } from '../support/test-app.ts';

const schema = buildSchema(readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
const queryType = schema.getQueryType()!;
const mutationType = schema.getMutationType()!;
const ROOT_FIELDS = [
  ...Object.keys(queryType.getFields()).map((name) => `Query.${name}`),
  ...Object.keys(mutationType.getFields()).map((name) => `Mutation.${name}`),
].sort();

/** Every generated SDK document, with the root fields it selects and its variable types. */
const OPERATIONS = Object.entries(sdk as Record<string, unknown>)
  .filter(
    (entry): entry is [string, sdk.TypedDocumentString<unknown, unknown>] =>
      entry[1] instanceof sdk.TypedDocumentString,
  )
  .flatMap(([name, document]) => {
    const text = document.toString();
    const operation = parse(text).definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    // Fragment documents (JobFields, ...) are building blocks, not operations.
    if (!operation) return [];
    const root = operation.operation === OperationTypeNode.MUTATION ? 'Mutation' : 'Query';
    const fields = operation.selectionSet.selections.flatMap((selection) =>
      selection.kind === Kind.FIELD ? [`${root}.${selection.name.value}`] : [],
    );
    const variables = (operation.variableDefinitions ?? []).map((definition) => ({
      name: definition.variable.name.value,
      type: typeFromAST(schema, definition.type) as GraphQLInputType,
    }));
    return [{ name, text, fields, variables }];
  });

const REST_ROUTES = Object.entries(AUTH_ROUTES).map(([coordinate, route]) => {
  const [root, fieldName] = coordinate.split('.') as ['Query' | 'Mutation', string];
  const field = (root === 'Query' ? queryType : mutationType).getFields()[fieldName]!;
  return {
    coordinate,
    method: route.method,
    path: `${AUTH_BASE_PATH}${route.path}`,
    args: field.args.map((arg) => ({ name: arg.name, rest: toRestName(arg.name), type: arg.type })),
  };
});
const POST_PATHS = ['/graphql', ...REST_ROUTES.filter((route) => route.method === 'POST').map((route) => route.path)];

// Fixed seeds: a failure prints its seed and path, and replays with the same numbers.
const SEED = 0x5eed_f022;
const REQUEST_TIMEOUT_MS = 10_000;

const t = useSdkTestApp();
let owner: TestUser; // the token holder of the fuzz; its seeded rows must survive
let victim: TestUser; // never signs in; every row of it must survive
let disposable: TestUser; // signs out during the fuzz (logout, logoutAll)
let ownerJobIds: string[];
let ownerNoteIds: string[];
let victimJobIds: string[];
let victimNoteIds: string[];
let victimInterviewIds: string[];
let ownerInterviewIds: string[];
let ownerContactIds: string[];
let victimContactIds: string[];
let ownerTaskIds: string[];
let victimTaskIds: string[];
const SCRATCH_JOB_ID = randomUUID(); // the owner's one job the fuzz may legitimately change

beforeAll(async () => {
  [owner, victim, disposable] = await Promise.all([t.createUser(), t.createUser(), t.createUser()]);
  const seed = async (userId: string) => {
    const jobs = await Promise.all(
      ['Acme', 'Globex'].map((companyName, index) =>
        t.db.job.create({
          data: { userId, companyName, position: `Engineer ${index}`, appliedOn: new Date('2024-01-15') },
        }),
      ),
    );
    const notes = await Promise.all(
      jobs.map((job) =>
        t.db.note.create({
          data: { jobId: job.id, content: `Note on ${job.companyName}`, reminderTime: new Date('2030-01-01Z') },
        }),
      ),
    );
    const contact = await t.db.contact.create({
      data: { userId, name: 'Jane Recruiter', email: 'jane@example.com', linkedinUrl: 'https://example.com/in/jane' },
    });
    await t.db.jobContact.create({ data: { jobId: jobs[0]!.id, contactId: contact.id } });
    const tasks = await Promise.all([
      t.db.task.create({ data: { userId, jobId: jobs[0]!.id, title: `Follow up ${jobs[0]!.companyName}` } }),
      t.db.task.create({ data: { userId, title: 'Loose', kind: 'prepare', dueAt: new Date('2030-01-01Z') } }),
    ]);
    const interview = await t.db.interview.create({
      data: {
        userId,
        jobId: jobs[0]!.id,
        scheduledAt: new Date('2030-01-02T10:00:00Z'),
        location: 'HQ',
        contacts: { create: [{ contactId: contact.id }] },
      },
    });
    return {
      jobIds: jobs.map((job) => job.id),
      noteIds: notes.map((note) => note.id),
      contactIds: [contact.id],
      taskIds: tasks.map((task) => task.id),
      interviewIds: [interview.id],
    };
  };
  ({
    jobIds: ownerJobIds,
    noteIds: ownerNoteIds,
    contactIds: ownerContactIds,
    taskIds: ownerTaskIds,
    interviewIds: ownerInterviewIds,
  } = await seed(owner.id));
  ({
    jobIds: victimJobIds,
    noteIds: victimNoteIds,
    contactIds: victimContactIds,
    taskIds: victimTaskIds,
    interviewIds: victimInterviewIds,
  } = await seed(victim.id));
}, 60_000);

// ---------------------------------------------------------------------------------------------
// Data invariants
// ---------------------------------------------------------------------------------------------

async function snapshot() {
  const [users, jobs, notes, tasks, victimSessions, contacts, jobContacts, interviews] = await Promise.all([
    t.db.user.findMany({ orderBy: { id: 'asc' } }),
    t.db.job.findMany({ where: { id: { not: SCRATCH_JOB_ID } }, orderBy: { id: 'asc' } }),
    t.db.note.findMany({ where: { jobId: { not: SCRATCH_JOB_ID } }, orderBy: { id: 'asc' } }),
    // A task on the scratch job may change or go with it (jobId null is not SCRATCH_JOB_ID here).
    t.db.task.findMany({
      where: { OR: [{ jobId: null }, { jobId: { not: SCRATCH_JOB_ID } }] },
      orderBy: { id: 'asc' },
    }),
    t.db.session.findMany({ where: { userId: victim.id }, orderBy: { id: 'asc' } }),
    t.db.contact.findMany({ orderBy: { id: 'asc' } }),
    // Links of the scratch job may change (linkContact/unlinkContact on it, its deletion).
    t.db.jobContact.findMany({
      where: { jobId: { not: SCRATCH_JOB_ID } },
      orderBy: [{ jobId: 'asc' }, { contactId: 'asc' }],
    }),
    // Only the scratch job may gain (or lose) interviews: every other one stays as it was.
    t.db.interview.findMany({
      where: { jobId: { not: SCRATCH_JOB_ID } },
      orderBy: { id: 'asc' },
      include: { contacts: { orderBy: { contactId: 'asc' } } },
    }),
  ]);
  return { users, jobs, notes, tasks, victimSessions, contacts, jobContacts, interviews };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

interface Allowed {
  /** The user whose token was sent; only they may gain jobs and notes. */
  holder: string | null;
  /** A createJob / createNote / createTask may have run with valid-looking input. */
  mayCreate: boolean;
  /** A register may have run with valid-looking input (a new, inactive user). */
  mayRegister: boolean;
  /** An updateSettings may have run: the holder's settings (and updated_at) may move, within the rules. */
  maySetSettings?: boolean;
}

const SETTINGS_MASK = {
  timeZone: '',
  reminderEmails: false,
  interviewReminderLeadMinutes: [],
  followUpAfterDays: 0,
  ghostedAfterDays: 0,
  updatedAt: null,
};

/** Whatever the fuzz sent, stored settings obey updateSettings' rules. */
function expectValidSettings(user: Snapshot['users'][number], message: string) {
  const leads = user.interviewReminderLeadMinutes;
  expect(
    {
      timeZone: canonicalTimeZone(user.timeZone) === user.timeZone,
      leads:
        leads.length <= 5 &&
        leads.every((lead, index) => lead >= 5 && lead <= 40_320 && (index === 0 || lead < leads[index - 1]!)),
      followUp: user.followUpAfterDays >= 0 && user.followUpAfterDays <= 365,
      ghosted: user.ghostedAfterDays >= 1 && user.ghostedAfterDays <= 365,
    },
    `${message}: settings ${JSON.stringify(user)}`,
  ).toEqual({ timeZone: true, leads: true, followUp: true, ghosted: true });
}

/** Every row that existed is unchanged; new rows only where the operation allows, for the holder. */
async function expectUnchanged(before: Snapshot, allowed: Allowed, input: string) {
  const after = await snapshot();
  const message = `data changed by ${input.slice(0, 500)}`;
  const byId = <Row extends { id: string }>(rows: Row[]) => new Map(rows.map((row) => [row.id, row]));
  const usersAfter = byId(after.users);
  for (const user of before.users) {
    const now = usersAfter.get(user.id);
    const settingsMayMove = allowed.maySetSettings === true && user.id === allowed.holder;
    if (settingsMayMove && now) expectValidSettings(now, message);
    const mask = <Row extends object>(row: Row) => (settingsMayMove ? { ...row, ...SETTINGS_MASK } : row);
    if (user.id === disposable.id) {
      // Signs out during the fuzz: only its token version may move.
      expect(now && { ...mask(now), tokenVersion: 0, updatedAt: null }, message).toEqual({
        ...mask(user),
        tokenVersion: 0,
        updatedAt: null,
      });
    } else {
      expect(now && mask(now), message).toEqual(mask(user));
    }
  }
  const newUsers = after.users.filter((user) => !before.users.some((old) => old.id === user.id));
  if (!allowed.mayRegister) expect(newUsers, message).toEqual([]);
  for (const user of newUsers) expect(user.isActive, message).toBe(false);

  const jobsAfter = byId(after.jobs);
  for (const job of before.jobs) expect(jobsAfter.get(job.id), message).toEqual(job);
  const newJobs = after.jobs.filter((job) => !before.jobs.some((old) => old.id === job.id));
  for (const job of newJobs) {
    expect(allowed.mayCreate && job.userId === allowed.holder, `${message}: new job ${JSON.stringify(job)}`).toBe(true);
  }
  const notesAfter = byId(after.notes);
  for (const note of before.notes) expect(notesAfter.get(note.id), message).toEqual(note);
  const newNotes = after.notes.filter((note) => !before.notes.some((old) => old.id === note.id));
  for (const note of newNotes) {
    const job = jobsAfter.get(note.jobId);
    expect(allowed.mayCreate && job?.userId === allowed.holder, `${message}: new note ${JSON.stringify(note)}`).toBe(
      true,
    );
  }
  const tasksAfter = byId(after.tasks);
  for (const task of before.tasks) expect(tasksAfter.get(task.id), message).toEqual(task);
  const newTasks = after.tasks.filter((task) => !before.tasks.some((old) => old.id === task.id));
  for (const task of newTasks) {
    expect(allowed.mayCreate && task.userId === allowed.holder, `${message}: new task ${JSON.stringify(task)}`).toBe(
      true,
    );
  }
  expect(after.victimSessions, message).toEqual(before.victimSessions);
  const contactsAfter = byId(after.contacts);
  for (const contact of before.contacts) expect(contactsAfter.get(contact.id), message).toEqual(contact);
  const newContacts = after.contacts.filter((contact) => !before.contacts.some((old) => old.id === contact.id));
  for (const contact of newContacts) {
    expect(
      allowed.mayCreate && contact.userId === allowed.holder,
      `${message}: new contact ${JSON.stringify(contact)}`,
    ).toBe(true);
  }
  expect(after.jobContacts, message).toEqual(before.jobContacts);
  expect(after.interviews, message).toEqual(before.interviews);
}

// ---------------------------------------------------------------------------------------------
// Requests and the response properties
// ---------------------------------------------------------------------------------------------

type Auth = 'none' | 'valid' | 'garbage';
const authArb = fc.constantFrom<Auth>('none', 'valid', 'garbage');

/** A fresh valid token (signing out in one run must not spoil the next). */
async function tokenFor(userId: string): Promise<string> {
  const user = await t.db.user.findUniqueOrThrow({ where: { id: userId } });
  return (await t.app.services.sessions.start(user)).accessToken;
}

async function authorization(auth: Auth, userId: string): Promise<Record<string, string>> {
  if (auth === 'none') return {};
  if (auth === 'garbage') return { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.garbage' };
  return { authorization: `Bearer ${await tokenFor(userId)}` };
}

const STACK_TRACE = /\bat .+\.(ts|js):\d+/;
/** The GraphQL (and REST) codes of an answer that is a server failure whatever its HTTP status. */
const SERVER_FAILURE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE']);

function failureCodes(body: unknown): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const { errors, code } = body as { errors?: unknown; code?: unknown };
  const codes = Array.isArray(errors)
    ? errors.map((error) => (error as { extensions?: { code?: unknown } } | null)?.extensions?.code)
    : [code];
  return codes.filter((value): value is string => typeof value === 'string' && SERVER_FAILURE_CODES.has(value));
}

const STRING_ARGS = new Map(
  REST_ROUTES.map((route) => [
    route.path,
    route.args.filter((arg) => ['String', 'ID'].includes(getNamedType(arg.type).name)).map((arg) => arg.name),
  ]),
);

const statusTally = new Map<number, number>();
/** Sends one request and checks what every answer must be; returns the parsed JSON body. */
async function send(path: string, init: RequestInit & { body?: string }, input: string): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in ${REQUEST_TIMEOUT_MS} ms (a hang) to ${input}`)),
      REQUEST_TIMEOUT_MS,
    );
  });
  let response: Response;
  let text: string;
  try {
    response = await Promise.race([t.fetch(path, init), timeout]);
    text = await Promise.race([response.text(), timeout]);
  } finally {
    clearTimeout(timer);
  }
  const { status } = response;
  statusTally.set(status, (statusTally.get(status) ?? 0) + 1);
  const context = `${init.method ?? 'GET'} ${path} ${input.slice(0, 500)}\n→ ${status} ${text.slice(0, 500)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }

  expect(status, context).toBeLessThan(500);
  expect(failureCodes(body), context).toEqual([]);
  const bytes = init.body === undefined ? 0 : Buffer.byteLength(init.body);
  if (bytes > MAX_BODY_BYTES) expect(status, context).toBe(413);
  expect(response.headers.get('content-type') ?? '', context).toMatch(/json/);
  expect(text, context).not.toMatch(STACK_TRACE);
  expect(text, context).not.toMatch(/node_modules/);
  expect(body, `${context}: not JSON`).not.toBeUndefined();
  return body;
}

function post(path: string, body: string, headers: Record<string, string>, contentType: string | null) {
  return {
    method: 'POST',
    headers: {
      ...(contentType ? { 'content-type': contentType } : {}),
      accept: 'application/graphql-response+json, application/json',
      ...headers,
    },
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

/** NUL, bidi controls, lone surrogates, a BOM: the characters most likely to break something. */
const CONTROLS = ['\u0000', '\u202E', '\u200F', '\uD800', '\uDFFF', '\uFEFF'];
/** Other hostile text: separators, emoji (with ZWJ), case-folding traps and injections. */
const SPECIALS = [
  '\u200E',
  '\u2066',
  '\uDBFF',
  '\u2028',
  '\u0085',
  '😀',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  'ﷺ',
  'İ',
  'ß',
  '\\',
  '"',
  "'",
  '\r\n',
  '%00',
  '${{7*7}}',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '__proto__',
  'constructor',
];
const unicodeArb = fc
  .array(
    fc.oneof(
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      { weight: 2, arbitrary: fc.constantFrom(...CONTROLS) },
      { weight: 1, arbitrary: fc.constantFrom(...SPECIALS) },
      { weight: 1, arbitrary: fc.string() },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** Strings up to ~200 KB of one repeated unit (cheap to build, sizes around the body cap). */
const hugeStringArb = fc
  .tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('a', 'é', '😀', '\u0000', ' ', '\u202E', 'x\uD800'))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** Arrays or objects nested up to 600 levels (bounded). */
const deepArb = fc.tuple(fc.integer({ min: 1, max: 600 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = arrays ? [] : {};
  for (let level = 0; level < depth; level += 1) value = arrays ? [value] : { a: value };
  return value;
});

/** Any JSON value, usually of the wrong type for the field it lands in. */
const wrongArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 2 ** 31, 2 ** 53 + 1, -0.5, 1e308, '', [], {}) },
  { weight: 1, arbitrary: deepArb },
  { weight: 2, arbitrary: unicodeArb },
);

/** Ids: random UUIDs, the victim's real ids, and not-UUIDs (never the owner's own protected rows). */
/** An arbitrary built when first used: the seeded ids exist only once beforeAll has run. */
const lazy = <T>(build: () => fc.Arbitrary<T>): fc.Arbitrary<T> => fc.constant(null).chain(build);

const idArb = fc.oneof(
  fc.uuid(),
  lazy(() =>
    fc.constantFrom(
      ...victimJobIds,
      ...victimNoteIds,
      ...victimContactIds,
      ...victimTaskIds,
      ...victimInterviewIds,
      SCRATCH_JOB_ID,
    ),
  ),
  fc.constantFrom(
    '',
    '0',
    '-1',
    'null',
    '00000000-0000-0000-0000-000000000000',
    "1' OR '1'='1",
    'ffffffff-ffff-ffff-ffff-fffffffffffff',
  ),
  unicodeArb,
);

const emailArb = fc.oneof(
  fc.emailAddress(),
  lazy(() => fc.constantFrom(owner.email, victim.email, owner.email.toUpperCase(), ` ${victim.email} `)),
  unicodeArb,
);

/**
 * A value for a GraphQL input type: well-typed (with hostile content), wrong-typed, or null; with
 * `typedOnly`, always of the right type (the content is still hostile: NUL, bidi, surrogates...).
 */
function valueFor(type: GraphQLInputType, typedOnly = false, name = ''): fc.Arbitrary<unknown> {
  const inner = getNullableType(type);
  let typed: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    typed = fc.array(valueFor(inner.ofType, typedOnly, name), { maxLength: 3 });
  } else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    typed = fc.record(
      Object.fromEntries(fields.map((field) => [field.name, valueFor(field.type, typedOnly, field.name)])),
      {
        requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name),
      },
    );
  } else if (isEnumType(inner)) {
    const values = fc.constantFrom(...inner.getValues().map((value) => value.name));
    typed = typedOnly ? values : fc.oneof(values, unicodeArb);
  } else if (isScalarType(inner)) {
    const hint = VALID_LOOKING[name];
    typed = hint
      ? fc.oneof({ weight: 2, arbitrary: hint }, { weight: 1, arbitrary: scalarArb(inner.name) })
      : scalarArb(inner.name);
  } else {
    typed = wrongArb;
  }
  if (typedOnly) return typed;
  return fc.oneof(
    { weight: 6, arbitrary: typed },
    { weight: 2, arbitrary: wrongArb },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

const digits = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * Years weighted towards the ends of what PostgreSQL, the driver and JavaScript all hold
 * (0001..9999): year 0, which PostgreSQL has not, and 0001 and 9999, which a time zone can push
 * out of range.
 */
const yearArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(0, 1, 9999) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 9999 }) },
);

/** "YYYY-MM-DD", days up to 31 in every month (so some do not exist). */
const dayArb = fc
  .tuple(yearArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .map(([year, month, day]) => `${digits(year, 4)}-${digits(month, 2)}-${digits(day, 2)}`);

/**
 * ISO 8601 date-times with Z or any offset JavaScript reads (±23:59): "0001-01-01T00:30:00+01:00"
 * is year 0 in UTC, and PostgreSQL refuses offsets past ±15:59 written as text.
 */
const dateTimeArb = fc
  .tuple(
    dayArb,
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.oneof(
      fc.constant('Z'),
      fc
        .tuple(
          fc.constantFrom('+', '-'),
          fc.integer({ min: 0, max: 23 }),
          fc.oneof(fc.constantFrom(0, 30, 45), fc.integer({ min: 0, max: 59 })),
        )
        .map(([sign, hours, minutes]) => `${sign}${digits(hours, 2)}:${digits(minutes, 2)}`),
    ),
  )
  .map(([day, hours, minutes, zone]) => `${day}T${digits(hours, 2)}:${digits(minutes, 2)}:59.999${zone}`);

/** jobsConnection cursors: base64url JSON of the right shape with values of every kind, or not base64 at all. */
const cursorArb = fc.oneof(
  fc
    .record({
      v: fc.oneof(fc.constant(null), fc.integer(), fc.double(), dayArb, dateTimeArb, unicodeArb),
      id: fc.oneof(idArb, unicodeArb),
      o: fc.constantFrom('created_at:desc', 'applied_on:asc', 'priority:desc', 'relevance'),
    })
    .map((content) => Buffer.from(JSON.stringify(content)).toString('base64url')),
  fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
  unicodeArb,
);

/** Valid-looking values by field name, so that hostile text also reaches the database. */
const VALID_LOOKING: Record<string, fc.Arbitrary<unknown>> = {
  appliedOn: fc.oneof(fc.constantFrom('2024-01-15', '2000-02-29', '1970-01-01'), dayArb),
  reminderTime: fc.oneof(fc.constantFrom('2024-01-20T10:00:00Z', '2030-12-31T23:59:59+14:00'), dateTimeArb),
  status: fc.constantFrom('wishlist', 'applied', 'interviewing', 'offer', 'accepted', 'rejected', 'withdrawn'),
  code: fc.stringMatching(/^\d{6}$/),
  password: fc.constantFrom('a perfectly long passphrase 42'),
  newPassword: fc.constantFrom('another long passphrase 43'),
  dueAt: fc.oneof(fc.constantFrom('2024-01-20T10:00:00Z', '2030-12-31T23:59:59+14:00'), dateTimeArb),
  dueBefore: fc.oneof(fc.constantFrom('2024-01-20T10:00:00Z', '2030-12-31T23:59:59+14:00'), dateTimeArb),
  limit: fc.integer({ min: 0, max: 500 }),
  offset: fc.integer({ min: 0, max: 1000 }),
  // The jobs' Part 2 fields (SPEC "Richer applications"): valid-looking and edge values.
  statusChangedAt: fc.oneof(fc.constantFrom('2024-01-20T10:00:00Z', '2999-01-01T00:00:00Z'), dateTimeArb),
  deadline: fc.oneof(fc.constantFrom('2030-01-31', '2024-02-30'), dayArb),
  jobUrl: fc.oneof(
    fc.webUrl(),
    fc.constantFrom('https://example.com/jobs/42', 'ftp://example.com/x', 'javascript:alert(1)', 'http://'),
  ),
  workMode: fc.constantFrom('onsite', 'hybrid', 'remote', 'Remote', 'office'),
  salaryPeriod: fc.constantFrom('hour', 'day', 'month', 'year', 'week'),
  salaryCurrency: fc.constantFrom('EUR', 'usd', 'XYZ', 'EURO', ' chf '),
  priority: fc.integer({ min: -1, max: 7 }),
  salaryMin: fc.oneof(fc.integer({ min: -1, max: 200_000 }), fc.constant(2 ** 31 - 1)),
  salaryMax: fc.oneof(fc.integer({ min: -1, max: 200_000 }), fc.constant(2 ** 31 - 1)),
  tags: fc.oneof(fc.constantFrom('remote', 'Remote', 'İ'.repeat(50), 'x'.repeat(51), ' '), unicodeArb),
  // Interviews (SPEC "Contacts, interviews, tasks"): edges of each rule.
  scheduledAt: fc.oneof(fc.constantFrom('2030-07-01T09:30:00+02:00', '2030-07-01T09:30:00'), dateTimeArb),
  durationMinutes: fc.constantFrom(4, 5, 60, 1440, 1441),
  meetingUrl: fc.oneof(
    fc.webUrl(),
    fc.constantFrom('https://meet.example.com/abc', 'ftp://example.com/x', `https://x.io/${'a'.repeat(2040)}`),
  ),
  days: fc.constantFrom(0, 1, 14, 365, 366),
  keepStatus: fc.boolean(),
  linkedinUrl: fc.oneof(
    fc.constantFrom('https://www.linkedin.com/in/jane', 'http://example.com', 'javascript:alert(1)', 'ftp://x.io'),
    fc.webUrl(),
  ),
  timeZone: fc.constantFrom('Europe/Paris', 'europe/paris', 'Etc/UTC', 'US/Eastern', ' UTC ', 'Mars/Olympus', '+05:00'),
  // Given to each entry of the list.
  interviewReminderLeadMinutes: fc.constantFrom(4, 5, 60, 1440, 40_320, 40_321),
  followUpAfterDays: fc.integer({ min: -1, max: 366 }),
  ghostedAfterDays: fc.integer({ min: -1, max: 366 }),
  // jobsConnection and saved views (SPEC "Finding"): page sizes at the edges, cursors well
  // formed or tampered, the filter's days and instants, search text around its cap.
  first: fc.constantFrom(-1, 0, 1, 20, 100, 101),
  last: fc.constantFrom(-1, 0, 1, 20, 100, 101),
  after: cursorArb,
  before: cursorArb,
  appliedFrom: fc.oneof(fc.constantFrom('2024-01-15', '2024-02-30'), dayArb),
  appliedTo: fc.oneof(fc.constantFrom('2024-12-31', '2023-01-01'), dayArb),
  updatedSince: fc.oneof(fc.constantFrom('2024-01-20T10:00:00Z', '2024-01-20T10:00:00'), dateTimeArb),
  companyName: fc.oneof(fc.constantFrom('Acme', '%', '_', '\\'), unicodeArb),
  search: fc.oneof(fc.constantFrom('acme', 'x'.repeat(200), 'x'.repeat(201), '%_', ' '), unicodeArb),
};

function scalarArb(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case 'ID':
      return idArb;
    case 'Int':
      return fc.oneof(fc.integer(), fc.constantFrom(0, -1, 500, 501, 2 ** 31, -(2 ** 31) - 1));
    case 'Boolean':
      return fc.boolean();
    // Fixed-set scalars: mostly a value of the set, else anything a string can hold.
    case 'TaskKindValue':
      return fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom('follow_up', 'prepare', 'thank_you', 'other') },
        { weight: 1, arbitrary: unicodeArb },
      );
    case 'InterviewKindValue':
      return fc.constantFrom('phone_screen', 'technical', 'behavioral', 'onsite', 'panel', 'final', 'other', 'lunch');
    case 'InterviewOutcomeValue':
      return fc.constantFrom('pending', 'passed', 'failed', 'cancelled', 'won');
    case 'JobStatusValue':
      return fc.constantFrom(
        'wishlist',
        'applied',
        'interviewing',
        'offer',
        'accepted',
        'rejected',
        'withdrawn',
        'hired',
      );
    case 'JobOrderFieldValue':
      return fc.constantFrom(...JOB_ORDER_FIELDS, 'salary');
    case 'OrderDirectionValue':
      return fc.constantFrom('asc', 'desc', 'up');
    case 'ImportFormatValue':
      return fc.constantFrom('csv', 'json', 'xlsx');
    default:
      return fc.oneof(
        { weight: 4, arbitrary: unicodeArb },
        { weight: 2, arbitrary: emailArb },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            '2024-01-15',
            '2024-02-30',
            '2024-01-20T10:00:00Z',
            '2024-01-20T10:00:00',
            '9999-12-31T23:59:59+14:00',
            '0000-01-01',
            '0001-01-01T00:00:00+01:00',
            '9999-12-31T23:59:59-14:00',
            '123456',
            'applied',
            'wishlist',
            'a perfectly long passphrase 42',
          ),
        },
        { weight: 1, arbitrary: fc.string({ minLength: 150, maxLength: 12_000 }) },
      );
  }
}

/** Raw bodies: random text, truncated JSON, deep nesting, and JSON of the wrong shape. */
const rawBodyArb = fc.oneof(
  unicodeArb,
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.nat()).map(([value, cut]) => {
    const text = JSON.stringify(value);
    return text.slice(0, cut % (text.length + 1));
  }),
  fc.tuple(fc.constantFrom(...OPERATIONS), fc.nat()).map(([operation, cut]) => {
    const text = JSON.stringify({ query: operation.text, variables: {} });
    return text.slice(0, cut % (text.length + 1));
  }),
  fc
    .tuple(fc.integer({ min: 1, max: 5_000 }), fc.constantFrom('[', '{"a":', '{"query":', '"'))
    .map(([n, open]) => open.repeat(n)),
  deepArb.map((value) => JSON.stringify(value)),
  wrongArb.map((value) => JSON.stringify(value) ?? 'undefined'),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '{}',
    '"{}"',
    '{"query":null}',
    '{"query":{}}',
    '{"query":"{ me { id } }","variables":"x"}',
    '\uFEFF{}',
    '{"__proto__":{"admin":true}}',
  ),
);

const contentTypeArb = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/graphql',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=utf-16',
  null,
);

// GraphQL documents ---------------------------------------------------------------------------

const ALL_TYPES = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));
const FIELD_NAMES = [
  ...new Set(
    ALL_TYPES.flatMap((type) => ('getFields' in type ? Object.keys((type as GraphQLObjectType).getFields()) : [])),
  ),
];
const ARGUMENT_NAMES = [
  ...new Set(
    [queryType, mutationType].flatMap((type) =>
      Object.values(type.getFields()).flatMap((f) => f.args.map((a) => a.name)),
    ),
  ),
];
const nameArb = fc.oneof(
  fc.constantFrom(...FIELD_NAMES, ...ARGUMENT_NAMES, '__typename', '__schema', '__type', 'id'),
  fc.stringMatching(/^[_A-Za-z][_0-9A-Za-z]{0,10}$/),
);

const literalArb: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => String(value)),
    unicodeArb.map((value) => JSON.stringify(value)),
    fc.constantFrom(
      'true',
      'false',
      'null',
      'applied',
      'register',
      'login',
      '$id',
      '$x',
      '"""block"""',
      '1e999',
      '0x10',
    ),
    idArb.map((value) => JSON.stringify(value)),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.tuple(nameArb, tie('value')), { maxLength: 3 })
      .map((entries) => `{${entries.map(([key, value]) => `${key}: ${value}`).join(', ')}}`),
  ),
})).value;

/** Selections of real (and some made-up) field names, with random arguments, aliases and fragments. */
function selectionArb(type: GraphQLObjectType | null, depth: number): fc.Arbitrary<string> {
  const fields = type ? Object.values(type.getFields()) : [];
  const oneField = fc
    .tuple(
      fields.length > 0
        ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: fc.constant(null) })
        : fc.constant(null),
      nameArb,
      fc.option(nameArb, { freq: 3 }),
      fc.array(
        fc.tuple(
          fc.oneof(
            nameArb,
            fields.length > 0 ? fc.constantFrom(...fields.flatMap((f) => f.args.map((a) => a.name)), 'id') : nameArb,
          ),
          literalArb,
        ),
        {
          maxLength: 3,
        },
      ),
      fc.constantFrom('', '', '', ' @include(if: true)', ' @skip(if: false)', ' @deprecated', ' @include(if: $x)'),
      fc.boolean(),
    )
    .chain(([field, randomName, alias, args, directive, subselectAnyway]) => {
      const name = field ? field.name : randomName;
      const head = `${alias ? `${alias}: ` : ''}${name}${args.length > 0 ? `(${args.map(([key, value]) => `${key}: ${value}`).join(', ')})` : ''}${directive}`;
      const fieldType = field ? getNamedType(field.type) : null;
      const objectType = fieldType && isObjectType(fieldType) ? fieldType : null;
      if (depth <= 0 || (!objectType && !subselectAnyway)) return fc.constant(head);
      return selectionArb(objectType, depth - 1).map((inner) => `${head} { ${inner} }`);
    });
  const fragment = fc
    .tuple(
      fc.constantFrom('Job', 'Note', 'User', 'Contact', 'Task', 'JobPayload', 'MutationPayload', 'Query', 'Nope'),
      fc.constant(null),
    )
    .chain(([typeName]) => {
      const target = schema.getType(typeName);
      return selectionArb(target && isObjectType(target) ? target : null, Math.max(0, depth - 1)).map(
        (inner) => `... on ${typeName} { ${inner} }`,
      );
    });
  return fc
    .array(fc.oneof({ weight: 5, arbitrary: oneField }, { weight: 1, arbitrary: fragment }), {
      minLength: 1,
      maxLength: 4,
    })
    .map((items) => items.join(' '));
}

const structuredDocumentArb = fc
  .tuple(
    fc.constantFrom(
      'query',
      'mutation',
      'subscription',
      '',
      'query Q($id: ID!, $x: Boolean)',
      'mutation M($x: String)',
    ),
    fc.boolean(),
    fc.option(
      fc.constantFrom(
        'fragment F on Job { id notes { id } }',
        'fragment F on F { ...F }',
        'fragment F on Query { ...F }',
      ),
    ),
  )
  .chain(([head, onMutation, fragment]) =>
    // The root type is drawn apart from the operation keyword: mismatches are part of the fuzz.
    selectionArb(onMutation ? mutationType : queryType, 3).map(
      (selection) => `${head} { ${selection} }${fragment ? ` ${fragment}` : ''}`,
    ),
  );

const GRAMMAR_TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '=',
  '@',
  '$',
  '!',
  '|',
  '&',
  '...',
  ',',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'true',
  'false',
  'null',
  'type',
  'schema',
  'directive',
  '"',
  '"""',
  '#',
  '\n',
  '1',
  '-1',
  '1.5e3',
  '"text"',
  '$id',
  '__typename',
  'ID!',
  'String',
];
const tokensDocumentArb = fc
  .array(fc.oneof(fc.constantFrom(...GRAMMAR_TOKENS), fc.constantFrom(...FIELD_NAMES)), { maxLength: 60 })
  .map((tokens) => tokens.join(' '));

const documentArb = fc.oneof(
  { weight: 1, arbitrary: unicodeArb },
  { weight: 2, arbitrary: tokensDocumentArb },
  { weight: 4, arbitrary: structuredDocumentArb },
  { weight: 1, arbitrary: fc.constantFrom(...OPERATIONS).map((operation) => operation.text) },
);

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

/** Before each run, the owner's scratch job exists (a run may delete it). */
async function ensureScratchJob() {
  await t.db.job.upsert({
    where: { id: SCRATCH_JOB_ID },
    create: { id: SCRATCH_JOB_ID, userId: owner.id, companyName: 'Scratch', position: 'Any' },
    update: {},
  });
}

/** One fuzz run: snapshot, send, check the answer, check the data. */
async function fuzzRun(
  path: string,
  init: (holder: string) => Promise<RequestInit & { body?: string }>,
  {
    input,
    usesLogout,
    mayCreate,
    mayRegister,
  }: { input: string; usesLogout: boolean; mayCreate: boolean; mayRegister: boolean },
) {
  await ensureScratchJob();
  const holder = usesLogout ? disposable.id : owner.id;
  const before = await snapshot();
  const request = await init(holder);
  const body = await send(path, request, input);
  // Only a request that names updateSettings can run it.
  const maySetSettings = /updateSettings/.test(request.body ?? '');
  await expectUnchanged(before, { holder, mayCreate, mayRegister, maySetSettings }, `${path} ${input}`);
  return body;
}

const RUNS = {
  raw: 500,
  rest: 500,
  operations: 800,
  documents: 600,
  huge: 60,
  realIds: 200,
  typed: 300,
  dates: 120,
  settings: 120,
  stats: 120,
  calendar: 300,
};

describe('fuzzing', () => {
  it('covers every root field with an SDK document, and every REST route', () => {
    expect([...new Set(OPERATIONS.flatMap((operation) => operation.fields))].sort()).toEqual(ROOT_FIELDS);
    expect(REST_ROUTES.map((route) => route.path).sort()).toEqual([
      '/auth/forget-password',
      '/auth/login',
      '/auth/logout',
      '/auth/logout-all',
      '/auth/me',
      '/auth/refresh',
      '/auth/register',
      '/auth/resend-otp',
      '/auth/reset-password',
      '/auth/verify-otp',
    ]);
  });

  it(`raw bodies (broken JSON, deep nesting, wrong shapes) to /graphql and every POST /auth route: ${RUNS.raw} runs`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...POST_PATHS),
        rawBodyArb,
        contentTypeArb,
        authArb,
        async (path, body, contentType, auth) => {
          const usesLogout = /logout/i.test(path + body);
          await fuzzRun(path, async (holder) => post(path, body, await authorization(auth, holder), contentType), {
            input: JSON.stringify({ body: body.slice(0, 300), contentType, auth }),
            usesLogout,
            mayCreate: /create(Job|Note|Contact|Task)/.test(body),
            mayRegister: path === '/auth/register' || /register/.test(body),
          });
        },
      ),
      { numRuns: RUNS.raw, seed: SEED },
    );
  }, 60_000);

  const restBodyArb = fc.constantFrom(...REST_ROUTES).chain((route) =>
    fc.tuple(
      fc.constant(route),
      fc.record(Object.fromEntries(route.args.map((arg) => [arg.rest, valueFor(arg.type, false, arg.name)])), {
        requiredKeys: [],
      }),
      fc.dictionary(fc.oneof(nameArb, unicodeArb), wrongArb, { maxKeys: 3 }),
      fc.boolean(),
    ),
  );

  it(`JSON objects of right and wrong types to every /auth route: ${RUNS.rest} runs`, async () => {
    await fc.assert(
      fc.asyncProperty(
        restBodyArb,
        authArb,
        fc.string({ maxLength: 40 }),
        async ([route, fields, extra, withExtra], auth, query) => {
          const object = withExtra ? { ...extra, ...fields } : fields;
          const body = JSON.stringify(object);
          const usesLogout = route.path.includes('logout');
          const search = `?${new URLSearchParams({ q: query, ...(route.method === 'GET' ? (fields as Record<string, string>) : {}) })}`;
          const answer = await fuzzRun(
            route.path + (route.method === 'GET' ? search : ''),
            async (holder) => {
              const headers = await authorization(auth, holder);
              return route.method === 'GET'
                ? { method: 'GET', headers }
                : post(route.path, body, headers, 'application/json');
            },
            {
              input: `${route.path} ${body.slice(0, 400)} (${auth})`,
              usesLogout,
              mayCreate: false,
              mayRegister: route.path === '/auth/register',
            },
          );
          expect(answer).toBeTypeOf('object');
        },
      ),
      { numRuns: RUNS.rest, seed: SEED + 1 },
    );
  }, 60_000);

  it(`every GraphQL operation with random variables (typed, wrong-typed, null, missing): ${RUNS.operations} runs`, async () => {
    const operationArb = fc.constantFrom(...OPERATIONS).chain((operation) =>
      fc.tuple(
        fc.constant(operation),
        fc.record(
          Object.fromEntries(
            operation.variables.map((variable) => [variable.name, valueFor(variable.type, false, variable.name)]),
          ),
          {
            requiredKeys: [],
          },
        ),
        fc.oneof(
          { weight: 5, arbitrary: fc.constant('object') },
          { weight: 1, arbitrary: fc.constantFrom('null', 'string', 'array', 'absent') },
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(operationArb, authArb, async ([operation, variables, shape], auth) => {
        // The SDK's document, with variables the SDK's types would refuse.
        const payload: Record<string, unknown> = {
          query: operation.text,
          operationName: operation.name.replace(/Document$/, ''),
        };
        if (shape === 'object') payload.variables = variables;
        else if (shape === 'null') payload.variables = null;
        else if (shape === 'string') payload.variables = JSON.stringify(variables);
        else if (shape === 'array') payload.variables = [variables];
        const body = JSON.stringify(payload);
        const answer = await fuzzRun(
          '/graphql',
          async (holder) => post('/graphql', body, await authorization(auth, holder), 'application/json'),
          {
            input: `${operation.name} ${JSON.stringify(variables).slice(0, 400)} (${auth}, variables ${shape})`,
            usesLogout: operation.fields.some((field) => field.includes('logout')),
            mayCreate: operation.fields.some((field) => /create(Job|Note|Contact|Task)$/.test(field)),
            mayRegister: operation.fields.includes('Mutation.register'),
          },
        );
        expect(answer).toBeTypeOf('object');
        if (
          auth !== 'valid' &&
          operation.fields.some(
            (field) => !/register|verifyOtp|resendOtp|login|forgetPassword|resetPassword|refresh/.test(field),
          )
        ) {
          const errors = (answer as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
          expect(errors.length, `${operation.name} without a valid token answered no error`).toBeGreaterThan(0);
        }
      }),
      { numRuns: RUNS.operations, seed: SEED + 2 },
    );
  }, 60_000);

  it(`every GraphQL operation with well-typed variables of hostile unicode, signed in: ${RUNS.typed} runs`, async () => {
    const operationArb = fc
      .constantFrom(...OPERATIONS)
      .chain((operation) =>
        fc.tuple(
          fc.constant(operation),
          fc.record(
            Object.fromEntries(
              operation.variables.map((variable) => [variable.name, valueFor(variable.type, true, variable.name)]),
            ),
          ),
        ),
      );
    await fc.assert(
      fc.asyncProperty(operationArb, async ([operation, variables]) => {
        const body = JSON.stringify({ query: operation.text, variables });
        await fuzzRun(
          '/graphql',
          async (holder) => post('/graphql', body, await authorization('valid', holder), 'application/json'),
          {
            input: `${operation.name} ${JSON.stringify(variables).slice(0, 400)}`,
            usesLogout: operation.fields.some((field) => field.includes('logout')),
            mayCreate: operation.fields.some((field) => /create(Job|Note|Contact|Task)$/.test(field)),
            mayRegister: operation.fields.includes('Mutation.register'),
          },
        );
      }),
      { numRuns: RUNS.typed, seed: SEED + 6 },
    );
  }, 60_000);

  it(`random GraphQL documents (strings, grammar tokens, real fields with random arguments and aliases): ${RUNS.documents} runs`, async () => {
    const variablesArb = fc.oneof(
      fc.constant(undefined),
      fc.record({ id: idArb, x: wrongArb }, { requiredKeys: [] }),
      wrongArb,
    );
    await fc.assert(
      fc.asyncProperty(documentArb, variablesArb, authArb, async (document, variables, auth) => {
        const body = JSON.stringify({ query: document, variables });
        await fuzzRun(
          '/graphql',
          async (holder) => post('/graphql', body, await authorization(auth, holder), 'application/json'),
          {
            input: `${document.slice(0, 400)} variables ${JSON.stringify(variables)?.slice(0, 200)} (${auth})`,
            usesLogout: /logout/.test(document),
            mayCreate: /create(Job|Note|Contact|Task)/.test(document),
            mayRegister: /register/.test(document),
          },
        );
      }),
      { numRuns: RUNS.documents, seed: SEED + 3 },
    );
  }, 60_000);

  it(`huge strings up to ~200 KB: 413 over ${MAX_BODY_BYTES} bytes, never 5xx: ${RUNS.huge} runs`, async () => {
    const targetArb = fc.oneof(
      fc
        .constantFrom('createNote', 'updateNote', 'createJob', 'jobs', 'createContact', 'contacts', 'createTask')
        .map((name) => ({ kind: 'graphql' as const, name })),
      fc
        .constantFrom(...REST_ROUTES.filter((route) => route.method === 'POST' && route.args.length > 0))
        .map((route) => ({
          kind: 'rest' as const,
          route,
        })),
    );
    await fc.assert(
      fc.asyncProperty(targetArb, hugeStringArb, authArb, async (target, huge, auth) => {
        let path: string;
        let body: string;
        if (target.kind === 'graphql') {
          const variables: Record<string, Record<string, unknown>> = {
            createNote: { noteData: { jobId: SCRATCH_JOB_ID, content: huge } },
            updateNote: { id: victimNoteIds[0]!, noteData: { content: huge } },
            createJob: { jobData: { companyName: huge, position: huge.slice(0, 10) } },
            jobs: { status: huge },
            createContact: { contactData: { name: huge.slice(0, 10), notes: huge, email: huge } },
            contacts: { search: huge },
            createTask: { taskData: { title: huge, jobId: SCRATCH_JOB_ID } },
          };
          const document = {
            createNote: sdk.CreateNoteDocument,
            updateNote: sdk.UpdateNoteDocument,
            createJob: sdk.CreateJobDocument,
            jobs: sdk.JobsDocument,
            createContact: sdk.CreateContactDocument,
            contacts: sdk.ContactsDocument,
            createTask: sdk.CreateTaskDocument,
          }[target.name];
          path = '/graphql';
          body = JSON.stringify({ query: document.toString(), variables: variables[target.name] });
        } else {
          path = target.route.path;
          body = JSON.stringify(Object.fromEntries(target.route.args.map((arg) => [arg.rest, huge])));
        }
        await fuzzRun(path, async (holder) => post(path, body, await authorization(auth, holder), 'application/json'), {
          input: `${target.kind === 'graphql' ? target.name : target.route.path} with ${huge.length} chars of ${JSON.stringify(huge.slice(0, 2))} (${auth})`,
          usesLogout: false,
          mayCreate: target.kind === 'graphql' && target.name.startsWith('create'),
          mayRegister: target.kind === 'rest' && target.route.path === '/auth/register',
        });
      }),
      { numRuns: RUNS.huge, seed: SEED + 4 },
    );
  }, 60_000);

  it(`the owner's real ids with wrongly typed or invalid input change nothing: ${RUNS.realIds} runs`, async () => {
    const invalidText = fc.oneof(
      wrongArb.filter((value) => typeof value !== 'string'),
      fc.constantFrom('', '   ', 'x'.repeat(10_001)),
    );
    const caseArb = fc.oneof(
      fc.record({
        document: fc.constant(sdk.UpdateJobDocument),
        id: lazy(() => fc.constantFrom(...ownerJobIds)),
        data: fc.record({
          jobData: fc.record(
            {
              status: fc.oneof(
                invalidText,
                unicodeArb.filter(
                  (s) => !/^(wishlist|applied|interviewing|offer|accepted|rejected|withdrawn)$/.test(s),
                ),
              ),
              companyName: valueFor(schema.getType('String') as GraphQLInputType),
            },
            { requiredKeys: ['status'] },
          ),
        }),
      }),
      fc.record({
        document: fc.constant(sdk.UpdateNoteDocument),
        id: lazy(() => fc.constantFrom(...ownerNoteIds)),
        data: fc.record({
          noteData: fc.record({ content: invalidText, reminderTime: wrongArb }, { requiredKeys: ['content'] }),
        }),
      }),
      fc.record({
        document: fc.constant(sdk.UpdateInterviewDocument),
        id: lazy(() => fc.constantFrom(...ownerInterviewIds)),
        data: fc.record({
          interviewData: fc.record(
            {
              durationMinutes: fc.constantFrom(0, 4, 1441, -1, 2 ** 31 - 1),
              location: invalidText,
              kind: fc.constantFrom('lunch', '', 'TECHNICAL'),
            },
            { requiredKeys: ['durationMinutes'] },
          ),
        }),
      }),
      fc.record({
        document: fc.constant(sdk.UpdateContactDocument),
        id: lazy(() => fc.constantFrom(...ownerContactIds)),
        data: fc.record({
          contactData: fc.record(
            { name: invalidText, email: wrongArb, linkedinUrl: fc.constantFrom('javascript:alert(1)', 'x', '') },
            { requiredKeys: ['name'] },
          ),
        }),
      }),
      fc.record({
        document: fc.constant(sdk.UpdateTaskDocument),
        id: lazy(() => fc.constantFrom(...ownerTaskIds)),
        data: fc.record({
          taskData: fc.record(
            { title: invalidText, kind: wrongArb, dueAt: wrongArb, completed: fc.boolean(), jobId: idArb },
            { requiredKeys: ['title'] },
          ),
        }),
      }),
      // mergeJobs on the owner's real job with the same id again (any spelling), a broken id or
      // another user's job, either way round: nothing merges, nothing changes.
      fc.record({
        document: fc.constant(sdk.MergeJobsDocument),
        id: fc.constant(undefined),
        data: lazy(() =>
          fc
            .constantFrom(...ownerJobIds)
            .chain((ownId) =>
              fc
                .tuple(
                  fc.oneof(
                    fc.constantFrom(ownId, ownId.toUpperCase(), ` ${ownId}`, `${ownId}\u0000`),
                    wrongArb,
                    fc.constantFrom(...victimJobIds),
                  ),
                  fc.boolean(),
                )
                .map(([other, ownFirst]) =>
                  ownFirst ? { keepId: ownId, mergeId: other } : { keepId: other, mergeId: ownId },
                ),
            ),
        ),
      }),
      fc.record({
        document: fc.constantFrom(sdk.DeleteContactDocument, sdk.UnlinkContactDocument),
        id: lazy(() => fc.constantFrom(...ownerContactIds).map((id) => ` ${id}`)),
        data: lazy(() => fc.constant({ jobId: ownerJobIds[0]!, contactId: ` ${ownerContactIds[0]!}` })),
      }),
      fc.record({
        document: fc.constantFrom(sdk.DeleteJobDocument, sdk.DeleteNoteDocument, sdk.UpdateJobDocument),
        id: lazy(() => fc.constantFrom(...ownerJobIds, ...ownerNoteIds).map((id) => ` ${id}`)),
        data: fc.constant({ jobData: { status: 'rejected' } }),
      }),
      fc.record({
        document: fc.constantFrom(sdk.CompleteTaskDocument, sdk.DeleteTaskDocument, sdk.UpdateTaskDocument),
        id: lazy(() => fc.constantFrom(...ownerTaskIds).map((id) => ` ${id}`)),
        data: fc.constant({ taskData: { completed: true } }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        caseArb,
        fc.constantFrom<Auth>('valid', 'valid', 'garbage', 'none'),
        async ({ document, id, data }, auth) => {
          const body = JSON.stringify({ query: document.toString(), variables: { id, ...data } });
          await fuzzRun(
            '/graphql',
            async (holder) => post('/graphql', body, await authorization(auth, holder), 'application/json'),
            {
              input: body.slice(0, 500),
              usesLogout: false,
              mayCreate: false,
              mayRegister: false,
            },
          );
        },
      ),
      { numRuns: RUNS.realIds, seed: SEED + 5 },
    );
  }, 60_000);

  it(`every date and date-time field with generated days and instants, the other fields valid: ${RUNS.dates} runs`, async () => {
    /** A note on the scratch job for updateNote to change (notes of the scratch job may change). */
    const scratchNoteId = async () =>
      (await t.db.note.create({ data: { jobId: SCRATCH_JOB_ID, content: 'scratch' } })).id;
    /** A task on the scratch job for updateTask to change (tasks of the scratch job may change). */
    const scratchTaskId = async () =>
      (await t.db.task.create({ data: { userId: owner.id, jobId: SCRATCH_JOB_ID, title: 'scratch' } })).id;
    /** Likewise an interview of the scratch job, for updateInterview. */
    const scratchInterviewId = async () =>
      (
        await t.db.interview.create({
          data: { userId: owner.id, jobId: SCRATCH_JOB_ID, scheduledAt: new Date('2030-01-01T00:00:00Z') },
        })
      ).id;
    const caseArb = fc.oneof(
      dayArb.map((appliedOn) => ({
        document: sdk.CreateJobDocument,
        field: 'jobData.appliedOn',
        value: appliedOn,
        variables: () => ({ jobData: { companyName: 'Acme', position: 'Engineer', appliedOn } }),
      })),
      dayArb.map((appliedOn) => ({
        document: sdk.UpdateJobDocument,
        field: 'jobData.appliedOn',
        value: appliedOn,
        variables: () => ({ id: SCRATCH_JOB_ID, jobData: { appliedOn } }),
      })),
      dateTimeArb.map((reminderTime) => ({
        document: sdk.CreateNoteDocument,
        field: 'noteData.reminderTime',
        value: reminderTime,
        variables: () => ({ noteData: { jobId: SCRATCH_JOB_ID, content: 'Call back', reminderTime } }),
      })),
      dateTimeArb.map((reminderTime) => ({
        document: sdk.UpdateNoteDocument,
        field: 'noteData.reminderTime',
        value: reminderTime,
        variables: (noteId: string) => ({ id: noteId, noteData: { reminderTime } }),
      })),
      dateTimeArb.map((dueAt) => ({
        document: sdk.CreateTaskDocument,
        field: 'taskData.dueAt',
        value: dueAt,
        variables: () => ({ taskData: { jobId: SCRATCH_JOB_ID, title: 'Follow up', dueAt } }),
      })),
      dateTimeArb.map((dueAt) => ({
        document: sdk.UpdateTaskDocument,
        field: 'taskData.dueAt',
        value: dueAt,
        variables: (taskId: string) => ({ id: taskId, taskData: { dueAt } }),
      })),
      dateTimeArb.map((scheduledAt) => ({
        document: sdk.CreateInterviewDocument,
        field: 'interviewData.scheduledAt',
        value: scheduledAt,
        variables: () => ({ interviewData: { jobId: SCRATCH_JOB_ID, scheduledAt } }),
      })),
      dateTimeArb.map((scheduledAt) => ({
        document: sdk.UpdateInterviewDocument,
        field: 'interviewData.scheduledAt',
        value: scheduledAt,
        variables: (interviewId: string) => ({ id: interviewId, interviewData: { scheduledAt } }),
      })),
    );
    // Outside years 0001..9999 once in UTC: what the column, the driver and JavaScript all hold.
    const outOfRange = (value: string) => {
      const instant = Date.parse(value.includes('T') ? value : `${value}T00:00:00Z`);
      return instant < Date.parse('0001-01-01T00:00:00Z') || instant > Date.parse('9999-12-31T23:59:59.999Z');
    };
    let refusedOutOfRange = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ document, field, value, variables }) => {
        await ensureScratchJob();
        const rowId =
          document === sdk.UpdateNoteDocument
            ? await scratchNoteId()
            : document === sdk.UpdateTaskDocument
              ? await scratchTaskId()
              : document === sdk.UpdateInterviewDocument
                ? await scratchInterviewId()
                : '';
        const body = JSON.stringify({ query: document.toString(), variables: variables(rowId) });
        const answer = (await fuzzRun(
          '/graphql',
          async (holder) => post('/graphql', body, await authorization('valid', holder), 'application/json'),
          { input: body.slice(0, 500), usesLogout: false, mayCreate: true, mayRegister: false },
        )) as { data?: Record<string, { success: boolean; code: string | null; field: string | null }> };
        const payload = Object.values(answer.data ?? {})[0];
        const context = `${document.toString().slice(0, 40)} ${value} → ${JSON.stringify(answer)}`;
        // Either stored, or refused naming the date field: never an error of another kind.
        expect(payload, context).toBeDefined();
        if (!payload?.success) expect(payload, context).toMatchObject({ code: 'BAD_USER_INPUT', field });
        if (outOfRange(value)) {
          expect(payload?.success, `${context}: out of range but accepted`).toBe(false);
          refusedOutOfRange += 1;
        }
      }),
      { numRuns: RUNS.dates, seed: SEED + 7 },
    );
    // The generator does reach the ends of the range (a property that never sees them proves nothing).
    expect(refusedOutOfRange).toBeGreaterThan(RUNS.dates / 20);
  }, 60_000);

  it(`stats with generated from and to days, near and past each rule's ends: ${RUNS.stats} runs`, async () => {
    // Days, days near each other (the window's length rule), or any string; either end may be absent.
    const endArb = fc.oneof(
      { weight: 4, arbitrary: dayArb },
      { weight: 2, arbitrary: fc.constantFrom('2024-01-01', '2024-03-31', '2026-01-01', '2024-02-30') },
      { weight: 1, arbitrary: unicodeArb },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    await fc.assert(
      fc.asyncProperty(endArb, endArb, async (from, to) => {
        const body = JSON.stringify({ query: sdk.StatsDocument.toString(), variables: { from, to } });
        const answer = (await fuzzRun(
          '/graphql',
          async (holder) => post('/graphql', body, await authorization('valid', holder), 'application/json'),
          { input: body.slice(0, 300), usesLogout: false, mayCreate: false, mayRegister: false },
        )) as { data?: { stats: { from: string; to: string } | null } | null; errors?: { extensions?: unknown }[] };
        const context = `${body.slice(0, 200)} → ${JSON.stringify(answer).slice(0, 400)}`;
        // Either the figures of a window from..to, or BAD_USER_INPUT naming from or to.
        if (answer.data?.stats) {
          expect(answer.data.stats.from <= answer.data.stats.to, context).toBe(true);
        } else {
          expect(answer.errors?.[0]?.extensions, context).toMatchObject({
            code: 'BAD_USER_INPUT',
            field: expect.stringMatching(/^(from|to)$/),
          });
        }
      }),
      { numRuns: RUNS.stats, seed: SEED + 9 },
    );
  }, 60_000);

  it(`updateSettings with generated values, near and past each rule's ends: ${RUNS.settings} runs`, async () => {
    const nullOr = <T>(arbitrary: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 9, arbitrary }, { weight: 1, arbitrary: fc.constant(null) });
    const settingsDataArb = fc.record(
      {
        timeZone: nullOr(
          fc.oneof(fc.constantFrom(...Intl.supportedValuesOf('timeZone'), 'Etc/UTC', 'asia/TOKYO'), unicodeArb),
        ),
        reminderEmails: nullOr(fc.boolean()),
        interviewReminderLeadMinutes: nullOr(
          fc.array(fc.oneof(fc.integer({ min: 0, max: 41_000 }), fc.constantFrom(4, 5, 40_320, 40_321)), {
            maxLength: 6,
          }),
        ),
        followUpAfterDays: nullOr(fc.integer({ min: -2, max: 367 })),
        ghostedAfterDays: nullOr(fc.integer({ min: -1, max: 367 })),
      },
      { requiredKeys: [] },
    );
    const ownerSettings = async (): Promise<Record<string, unknown>> => {
      const user = await t.db.user.findUniqueOrThrow({ where: { id: owner.id } });
      const { timeZone, reminderEmails, interviewReminderLeadMinutes, followUpAfterDays, ghostedAfterDays } = user;
      return { timeZone, reminderEmails, interviewReminderLeadMinutes, followUpAfterDays, ghostedAfterDays };
    };
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(settingsDataArb, async (settingsData) => {
        const before = await ownerSettings();
        const body = JSON.stringify({ query: sdk.UpdateSettingsDocument.toString(), variables: { settingsData } });
        const answer = (await fuzzRun(
          '/graphql',
          async (holder) => post('/graphql', body, await authorization('valid', holder), 'application/json'),
          { input: body.slice(0, 500), usesLogout: false, mayCreate: false, mayRegister: false },
        )) as {
          data?: { updateSettings: { success: boolean; code: string | null; field: string | null; settings: unknown } };
        };
        const payload = answer.data?.updateSettings;
        const context = `${JSON.stringify(settingsData)} → ${JSON.stringify(answer)}`;
        const after = await ownerSettings();
        expect(payload, context).toBeDefined();
        if (payload?.success) {
          stored += 1;
          // What it answers is what it stored; what it was not given stayed.
          expect(payload.settings, context).toEqual(after);
          for (const field of Object.keys(before)) {
            if (!(field in settingsData)) expect(after[field], `${context}: ${field}`).toEqual(before[field]);
          }
        } else {
          // Refused naming one of the fields given, and nothing written.
          expect(
            Object.keys(settingsData).map((field) => `settingsData.${field}`),
            context,
          ).toContain(payload?.field);
          expect(payload?.code, context).toBe('BAD_USER_INPUT');
          expect(after, context).toEqual(before);
        }
      }),
      { numRuns: RUNS.settings, seed: SEED + 8 },
    );
    // Both sides are reached: valid combinations get stored, bad ones refused.
    expect(stored).toBeGreaterThan(RUNS.settings / 20);
    expect(stored).toBeLessThan(RUNS.settings);
  }, 60_000);

  it(`GET /calendar/<token>.ics with random tokens, paths, methods and If-None-Match: ${RUNS.calendar} runs`, async () => {
    // A real feed of the victim's: no fuzzed path reaches it, and nothing stamps it as fetched.
    const { url } = await t.app.services.calendar.rotate(victim.id);
    const feed = await t.db.calendarFeed.findUniqueOrThrow({ where: { userId: victim.id } });
    const token = /\/calendar\/(.+)\.ics$/.exec(url)![1]!;
    const tokenArb = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      // The real token with one character changed, cut or lengthened.
      fc.nat({ max: 42 }).map((at) => `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`),
      fc.nat({ max: 42 }).map((at) => token.slice(0, at)),
      fc.string({ minLength: 1, maxLength: 3 }).map((extra) => `${token}${extra}`),
      unicodeArb,
    );
    // A lone surrogate cannot be percent-encoded: it goes as U+FFFD.
    const encode = (value: string) => encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
    const pathArb = fc.oneof(
      { weight: 4, arbitrary: tokenArb.map((value) => `/calendar/${encode(value)}.ics`) },
      { weight: 1, arbitrary: unicodeArb.map((value) => `/calendar/${encode(value)}`) },
      { weight: 1, arbitrary: tokenArb.map((value) => `/calendar/${encode(value)}.ics/extra`) },
    );
    await fc.assert(
      fc.asyncProperty(
        pathArb,
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.option(
          fc.oneof(
            fc.constant('*'),
            unicodeArb.map((value) => value.replace(/[^\x20-\x7e]/g, '')),
          ),
        ),
        authArb,
        async (path, method, ifNoneMatch, auth) => {
          await fuzzRun(
            path,
            async (holder) => ({
              method,
              headers: {
                ...(await authorization(auth, holder)),
                ...(ifNoneMatch === null ? {} : { 'if-none-match': ifNoneMatch }),
              },
            }),
            {
              input: JSON.stringify({ method, ifNoneMatch, auth }),
              usesLogout: false,
              mayCreate: false,
              mayRegister: false,
            },
          );
        },
      ),
      { numRuns: RUNS.calendar, seed: SEED + 10 },
    );
    expect(await t.db.calendarFeed.findUniqueOrThrow({ where: { userId: victim.id } })).toEqual(feed);
  }, 60_000);

  it('the app still answers and the seeded data is whole afterwards', async () => {
    expect((await t.fetch('/healthz')).status).toBe(200);
    expect((await t.fetch('/readyz')).status).toBe(200);
    const { jobs } = await t.sdk(owner.token).request(sdk.JobsWithNotesDocument, { limit: 500 });
    for (const id of ownerJobIds) expect(jobs.find((job) => job.id === id)?.notes).toHaveLength(1);
    expect(await t.db.job.count({ where: { userId: victim.id } })).toBe(victimJobIds.length);
    expect(await t.db.note.count({ where: { id: { in: [...ownerNoteIds, ...victimNoteIds] } } })).toBe(4);
    expect(await t.db.interview.count({ where: { id: { in: [...ownerInterviewIds, ...victimInterviewIds] } } })).toBe(
      2,
    );
    expect(
      await t.db.jobContact.count({ where: { contactId: { in: [...ownerContactIds, ...victimContactIds] } } }),
    ).toBe(2);
    expect(await t.db.task.count({ where: { id: { in: [...ownerTaskIds, ...victimTaskIds] } } })).toBe(4);
  });
});

// ---------------------------------------------------------------------------------------------
// Imports (SPEC Part 2, "Portability"): importJobs' parameters over multipart, POST /import's
// query and body. The file may create jobs (with notes, tags, tasks, contacts) of the holder
// only; everything else stays as it was.
// ---------------------------------------------------------------------------------------------

const IMPORT_HEADERS = [
  'Company',
  'Job Title',
  'Position',
  'Role',
  'Status',
  'Date Applied',
  'URL',
  'Link',
  'Location',
  'Salary',
  'Notes',
  'id',
  'Tags',
  'Employer',
  '',
];
const csvCellArb = fc.oneof(
  unicodeArb,
  fc.constantFrom(
    'Acme',
    'Interview',
    'Bookmarked',
    'Saved',
    'on fire',
    '2024-01-15',
    '01/20/2024',
    'someday',
    'https://acme.test/1?utm_source=x',
    'ftp://x',
    '$100,000 - $120,000',
    '=SUM(A1)',
    "'=SUM(A1)",
    '@home',
    '"',
    '""',
    ',',
    '\r\n',
  ),
);
const csvFileArb = fc
  .tuple(
    fc.array(fc.constantFrom(...IMPORT_HEADERS), { minLength: 0, maxLength: 8 }),
    fc.array(fc.array(csvCellArb, { maxLength: 9 }), { maxLength: 6 }),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.boolean(),
  )
  .map(([header, rows, newline, bom]) => {
    const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
    const lines = [header, ...rows].map((cells) => cells.map(quote).join(','));
    return (bom ? '\uFEFF' : '') + lines.join(newline);
  });
// No settings, interviews or contact links: those would be rows the snapshot holds unchanged.
const jsonJobArb = fc.record(
  {
    id: fc.oneof(fc.uuid(), unicodeArb),
    companyName: fc.oneof(fc.constantFrom('Acme', ''), unicodeArb, wrongArb),
    position: fc.oneof(fc.constant('Engineer'), unicodeArb, wrongArb),
    status: fc.constantFrom('applied', 'wishlist', 'offer', 'hired', null, 3),
    appliedOn: fc.oneof(dayArb, fc.constantFrom(null, '2024-02-30', 'yesterday')),
    jobUrl: fc.oneof(fc.constantFrom('https://acme.test/1', 'javascript:alert(1)'), unicodeArb),
    tags: fc.oneof(fc.array(unicodeArb, { maxLength: 3 }), wrongArb),
    notes: fc.oneof(fc.array(fc.record({ content: fc.oneof(unicodeArb, wrongArb) }), { maxLength: 2 }), wrongArb),
    statusHistory: fc.oneof(
      fc.constant([]),
      fc.array(
        fc.record({
          fromStatus: fc.constantFrom(null, 'applied'),
          toStatus: fc.constantFrom('applied', 'offer'),
          occurredAt: dateTimeArb,
        }),
        { maxLength: 3 },
      ),
      wrongArb,
    ),
  },
  { requiredKeys: [] },
);
const jsonFileArb = fc.oneof(
  fc
    .record(
      {
        version: fc.constantFrom(1, 2, 0, '1', null),
        jobs: fc.oneof(fc.array(jsonJobArb, { maxLength: 4 }), wrongArb),
        tasks: fc.oneof(
          fc.array(fc.record({ title: fc.oneof(unicodeArb, wrongArb), kind: fc.constantFrom('other', 'x') }), {
            maxLength: 2,
          }),
          wrongArb,
        ),
      },
      { requiredKeys: [] },
    )
    .map((document) => JSON.stringify(document)),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
);
const importFileArb = fc.oneof(
  { weight: 3, arbitrary: csvFileArb },
  { weight: 2, arbitrary: jsonFileArb },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: unicodeArb },
);
const formatArb = fc.constantFrom<string | null>('csv', 'json', null, 'xlsx', '', 'CSV');
const mappingArb = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(
    fc.constantFrom('companyName', 'position', 'status', 'appliedOn', 'employer', '__proto__'),
    fc.oneof(fc.constantFrom(...IMPORT_HEADERS), unicodeArb, wrongArb),
    { maxKeys: 3 },
  ),
  fc.oneof(unicodeArb, wrongArb),
);

describe('fuzzing imports', () => {
  it(`importJobs over multipart with generated files, formats, dryRun and mappings: 150 runs`, async () => {
    const boundary = 'fuzz-boundary-7d1c';
    await fc.assert(
      fc.asyncProperty(
        importFileArb,
        formatArb,
        fc.constantFrom<boolean | null | string>(true, false, null, 'yes'),
        mappingArb,
        fc.constantFrom('jobs.csv', 'data.json', 'export', 'x.xlsx', ''),
        authArb,
        async (file, format, dryRun, mapping, fileName, auth) => {
          const variables = { file: null, format, dryRun, ...(mapping === undefined ? {} : { mapping }) };
          const operations = JSON.stringify({ query: sdk.ImportJobsDocument.toString(), variables });
          const body = [
            `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n`,
            `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n`,
            `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${file}\r\n`,
            `--${boundary}--\r\n`,
          ].join('');
          await fuzzRun(
            '/graphql',
            async (holder) =>
              post('/graphql', body, await authorization(auth, holder), `multipart/form-data; boundary=${boundary}`),
            {
              input: JSON.stringify({ file: file.slice(0, 300), format, dryRun, mapping, fileName, auth }),
              usesLogout: false,
              mayCreate: true,
              mayRegister: false,
            },
          );
        },
      ),
      { numRuns: 150, seed: SEED + 20 },
    );
  }, 120_000);

  it(`POST /import with generated query parameters and bodies: 150 runs`, async () => {
    await fc.assert(
      fc.asyncProperty(
        importFileArb,
        formatArb,
        fc.constantFrom<string | null>('true', 'false', null, 'maybe', '1', ''),
        mappingArb,
        fc.constantFrom<string | null>('text/csv', 'application/json', null, 'application/x-www-form-urlencoded'),
        authArb,
        async (file, format, dryRun, mapping, contentType, auth) => {
          const query = new URLSearchParams();
          if (format !== null) query.set('format', format);
          if (dryRun !== null) query.set('dryRun', dryRun);
          if (mapping !== undefined)
            query.set('mapping', typeof mapping === 'string' ? mapping : JSON.stringify(mapping));
          const path = `/import?${query}`;
          await fuzzRun(path, async (holder) => post(path, file, await authorization(auth, holder), contentType), {
            input: JSON.stringify({ file: file.slice(0, 300), format, dryRun, mapping, contentType, auth }),
            usesLogout: false,
            mayCreate: true,
            mayRegister: false,
          });
        },
      ),
      { numRuns: 150, seed: SEED + 21 },
    );
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Bugs the fuzz found, fixed since; each keeps a test of its own.
// ---------------------------------------------------------------------------------------------

describe('bugs found by the fuzz stay fixed', () => {
  afterAll(() => {
    console.info('fuzz answers by status:', Object.fromEntries(statusTally));
  });

  /** Well-formed values for each REST field, so that only the field under test is wrong. */
  const VALID: Record<string, unknown> = {
    email: 'nobody@example.com',
    password: 'a perfectly long passphrase 42',
    new_password: 'another long passphrase 43',
    first_name: 'Ann',
    last_name: 'Example',
    code: '123456',
    module: 'register',
    refresh_token: 'x'.repeat(43),
  };

  it('fixed: an object or array for a string field of a POST /auth route answers 400, not 500', async () => {
    const failures: string[] = [];
    for (const route of REST_ROUTES.filter((candidate) => candidate.method === 'POST')) {
      for (const arg of route.args.filter((candidate) => STRING_ARGS.get(route.path)?.includes(candidate.name))) {
        for (const wrong of [{ a: 1 }, [1], {}]) {
          const body = Object.fromEntries(route.args.map((other) => [other.rest, VALID[other.rest]]));
          body[arg.rest] = wrong;
          const response = await t.fetch(route.path, post(route.path, JSON.stringify(body), {}, 'application/json'));
          const answer = (await response.json()) as { code?: string };
          if (response.status !== 400 || answer.code !== 'BAD_USER_INPUT') {
            failures.push(`POST ${route.path} ${JSON.stringify(body)} → ${response.status} ${JSON.stringify(answer)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('fixed: text with U+0000 answers BAD_USER_INPUT (GraphQL and REST), not INTERNAL_SERVER_ERROR', async () => {
    await ensureScratchJob();
    const scratchNote = await t.db.note.create({ data: { jobId: SCRATCH_JOB_ID, content: 'scratch' } });
    const nul = 'a\u0000b';
    const cases: [string, string, Record<string, unknown>][] = [
      ['createJob companyName', sdk.CreateJobDocument.toString(), { jobData: { companyName: nul, position: 'x' } }],
      ['createJob position', sdk.CreateJobDocument.toString(), { jobData: { companyName: 'x', position: nul } }],
      [
        'updateJob companyName',
        sdk.UpdateJobDocument.toString(),
        { id: SCRATCH_JOB_ID, jobData: { companyName: nul } },
      ],
      ['createNote content', sdk.CreateNoteDocument.toString(), { noteData: { jobId: SCRATCH_JOB_ID, content: nul } }],
      ['updateNote content', sdk.UpdateNoteDocument.toString(), { id: scratchNote.id, noteData: { content: nul } }],
      ['createTask title', sdk.CreateTaskDocument.toString(), { taskData: { jobId: SCRATCH_JOB_ID, title: nul } }],
      [
        'register firstName',
        sdk.RegisterDocument.toString(),
        { email: `nul-${randomUUID()}@example.com`, password: VALID.password, firstName: nul, lastName: 'B' },
      ],
    ];
    const failures: string[] = [];
    for (const [label, query, variables] of cases) {
      const response = await t.fetch(
        '/graphql',
        post(
          '/graphql',
          JSON.stringify({ query, variables }),
          await authorization('valid', owner.id),
          'application/json',
        ),
      );
      const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[]; data?: unknown };
      const code = answer.errors?.[0]?.extensions?.code;
      const payloadCode = Object.values((answer.data ?? {}) as Record<string, { code?: string } | null>)[0]?.code;
      if (code !== 'BAD_USER_INPUT' && payloadCode !== 'BAD_USER_INPUT') {
        failures.push(`GraphQL ${label} with "a\\u0000b" → ${response.status} ${JSON.stringify(answer)}`);
      }
    }
    const rest = { ...VALID, email: `nul-${randomUUID()}@example.com`, first_name: nul };
    const response = await t.fetch(
      '/auth/register',
      post('/auth/register', JSON.stringify(rest), {}, 'application/json'),
    );
    if (response.status !== 400) {
      failures.push(`POST /auth/register first_name "a\\u0000b" → ${response.status} ${await response.text()}`);
    }
    expect(failures).toEqual([]);
  });

  it('fixed: a date or date-time outside years 0001..9999 (in UTC) answers BAD_USER_INPUT naming the field, not an internal error', async () => {
    await ensureScratchJob();
    const scratchNote = await t.db.note.create({ data: { jobId: SCRATCH_JOB_ID, content: 'scratch' } });
    const valid = { companyName: 'Acme', position: 'Engineer' };
    const cases: [string, string, Record<string, unknown>, string][] = [
      [
        'createJob',
        sdk.CreateJobDocument.toString(),
        { jobData: { ...valid, appliedOn: '0000-01-01' } },
        'jobData.appliedOn',
      ],
      [
        'updateJob',
        sdk.UpdateJobDocument.toString(),
        { id: SCRATCH_JOB_ID, jobData: { appliedOn: '0000-12-31' } },
        'jobData.appliedOn',
      ],
      [
        'createNote',
        sdk.CreateNoteDocument.toString(),
        { noteData: { jobId: SCRATCH_JOB_ID, content: 'x', reminderTime: '0001-01-01T00:00:00+01:00' } },
        'noteData.reminderTime',
      ],
      [
        'updateNote',
        sdk.UpdateNoteDocument.toString(),
        { id: scratchNote.id, noteData: { reminderTime: '9999-12-31T23:59:59-14:00' } },
        'noteData.reminderTime',
      ],
      [
        'createTask',
        sdk.CreateTaskDocument.toString(),
        { taskData: { jobId: SCRATCH_JOB_ID, title: 'x', dueAt: '0001-01-01T00:00:00+01:00' } },
        'taskData.dueAt',
      ],
    ];
    const failures: string[] = [];
    for (const [label, query, variables, field] of cases) {
      const response = await t.fetch(
        '/graphql',
        post(
          '/graphql',
          JSON.stringify({ query, variables }),
          await authorization('valid', owner.id),
          'application/json',
        ),
      );
      const answer = (await response.json()) as { data?: Record<string, { code?: string; field?: string } | null> };
      const payload = Object.values(answer.data ?? {})[0];
      if (payload?.code !== 'BAD_USER_INPUT' || payload.field !== field) {
        failures.push(`${label} ${JSON.stringify(variables)} → ${response.status} ${JSON.stringify(answer)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('fixed: POST /graphql without a supported content type answers a JSON error body', async () => {
    const failures: string[] = [];
    for (const contentType of [null, 'text/plain']) {
      const response = await t.fetch('/graphql', post('/graphql', '{"query":"{ __typename }"}', {}, contentType));
      const text = await response.text();
      if (!/json/.test(response.headers.get('content-type') ?? '') || text === '') {
        failures.push(`content-type ${String(contentType)} → ${response.status} "${text}"`);
      }
    }
    expect(failures).toEqual([]);
  });
});
