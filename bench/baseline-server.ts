// The baseline for the `jobs { notes }` scenario: a bare node:http handler doing the same work
// as the project with nothing in between. It verifies the same JWT (jsonwebtoken, same secret,
// algorithm and claim checks), replays the exact SQL statements the project sends (captured
// with the onQuery recorder, passed in BASELINE_STATEMENTS) with the same parameters through
// `pg`, on a pool of the same size, and writes the same JSON.
import { createSecretKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import jwt from 'jsonwebtoken';
import pg from 'pg';

export interface BaselineStatements {
  /** The one-statement session check: $1 token version, $2 session id, $3 user id. */
  session: string;
  /** The jobs page: $1 user id, $2 limit, $3 offset (as the strings Prisma sends). */
  jobs: string;
  /** The notes of those jobs: `IN ($1,...,$n)` then the offset `$n+1`. */
  notes: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_OID = 1082;

const env = process.env;
const statements = JSON.parse(env.BASELINE_STATEMENTS ?? '{}') as BaselineStatements;
// A KeyObject made once, as the project does (a string makes jsonwebtoken try createPublicKey each time).
const secret = createSecretKey(Buffer.from(env.JWT_SECRET_KEY ?? '', 'utf8'));
const algorithm = (env.JWT_ALGORITHM ?? 'HS256') as jwt.Algorithm;

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DATABASE_POOL_SIZE ?? 10) });
// A calendar day stays the string PostgreSQL sends (as the project's Date scalar prints it).
const defaultParser = pg.types.getTypeParser.bind(pg.types) as (oid: number, format?: string) => unknown;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === DATE_OID ? (value: string) => value : defaultParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** `IN ($1,...,$n) ... OFFSET $n+1` rewritten for `count` ids. */
function notesSql(count: number): string {
  const list = Array.from({ length: count }, (_, index) => `$${index + 1}`).join(',');
  return statements.notes
    .replace(/IN \(\$1(?:,\$\d+)*\)/, `IN (${list})`)
    .replace(/OFFSET \$\d+/, `OFFSET $${count + 1}`);
}

interface Subject {
  userId: string;
  tokenVersion: number;
  sessionId: string;
}

function subjectOf(header: string | undefined): Subject | null {
  const token = header && /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!token) return null;
  let claims: string | jwt.JwtPayload;
  try {
    claims = jwt.verify(token, secret, { algorithms: [algorithm] });
  } catch {
    return null;
  }
  if (
    typeof claims === 'string' ||
    claims.type !== 'access' ||
    !claims.sub ||
    !UUID.test(claims.sub) ||
    !Number.isSafeInteger(claims.ver) ||
    (claims.ver as number) < 0 ||
    typeof claims.sid !== 'string' ||
    !UUID.test(claims.sid)
  ) {
    return null;
  }
  return { userId: claims.sub, tokenVersion: claims.ver as number, sessionId: claims.sid };
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);

async function jobsWithNotes(subject: Subject, limit: number): Promise<string | null> {
  const check = await pool.query<[boolean]>({
    text: statements.session,
    values: [subject.tokenVersion, subject.sessionId, subject.userId],
    rowMode: 'array',
    types,
  });
  if (check.rows[0]?.[0] !== true) return null;
  const jobs = await pool.query<[string, string, string, string, string, string | null, Date, Date]>({
    text: statements.jobs,
    values: [subject.userId, String(limit), '0'],
    rowMode: 'array',
    types,
  });
  const ids = jobs.rows.map((row) => row[0]);
  const notesByJob = new Map<string, object[]>(ids.map((id) => [id, []]));
  if (ids.length > 0) {
    const notes = await pool.query<[string, string, string, Date | null, Date]>({
      text: notesSql(ids.length),
      values: [...ids, '0'],
      rowMode: 'array',
      types,
    });
    for (const [id, jobId, content, reminderTime, createdAt] of notes.rows) {
      notesByJob.get(jobId)?.push({ id, content, reminderTime: iso(reminderTime), createdAt: iso(createdAt) });
    }
  }
  return JSON.stringify({
    data: {
      jobs: jobs.rows.map(([id, , companyName, position, status, appliedOn, createdAt]) => ({
        id,
        companyName,
        position,
        status,
        appliedOn,
        createdAt: iso(createdAt),
        notes: notesByJob.get(id),
      })),
    },
  });
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.url === '/healthz') return send(response, 200, '{"message":"alive"}');
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const { query } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query?: string };
  const limit = Number(/limit:\s*(\d+)/.exec(query ?? '')?.[1] ?? 100);
  const subject = subjectOf(request.headers.authorization);
  const body = subject ? await jobsWithNotes(subject, limit) : null;
  if (body === null) return send(response, 401, '{"errors":[{"message":"Unauthenticated"}]}');
  send(response, 200, body);
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    console.error(error);
    send(response, 500, '{"errors":[{"message":"Unexpected error"}]}');
  });
});
server.listen(Number(env.PORT), '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
