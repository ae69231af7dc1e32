// The baseline for the `jobs { notes }` scenario: a bare node:http handler doing the same work
// as the project with nothing in between. It verifies the same JWT (jsonwebtoken, same secret,
// algorithm and claim checks), replays the exact SQL statements the project sends (captured
// with the onQuery recorder, passed in BASELINE_STATEMENTS: the session check and the page of
// jobs built as JSON) with the same parameters through `pg`, on a pool of the same size, and
// writes the same JSON.
import { createSecretKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import jwt from 'jsonwebtoken';
import pg from 'pg';

export interface BaselineStatements {
  /** The one-statement session check: $1 token version, $2 session id, $3 user id. */
  session: string;
  /** The page of jobs with their notes as one JSON value: $1 user id, $2 limit, $3 offset. */
  jobs: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const env = process.env;
const statements = JSON.parse(env.BASELINE_STATEMENTS ?? '{}') as BaselineStatements;
// A KeyObject made once, as the project does (a string makes jsonwebtoken try createPublicKey each time).
const secret = createSecretKey(Buffer.from(env.JWT_SECRET_KEY ?? '', 'utf8'));
const algorithm = (env.JWT_ALGORITHM ?? 'HS256') as jwt.Algorithm;

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DATABASE_POOL_SIZE ?? 10) });

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

interface NoteJson {
  id: string;
  content: string;
  reminderTime: string | null;
  createdAt: string;
}

interface JobJson {
  id: string;
  companyName: string;
  position: string;
  status: string;
  appliedOn: string | null;
  createdAt: string;
  notes: NoteJson[];
}

async function jobsWithNotes(subject: Subject, limit: number): Promise<string | null> {
  const check = await pool.query<[boolean]>({
    text: statements.session,
    values: [subject.tokenVersion, subject.sessionId, subject.userId],
    rowMode: 'array',
  });
  if (check.rows[0]?.[0] !== true) return null;
  // pg parses the json column; the answer keeps the fields the GraphQL query asks for.
  const page = await pool.query<[JobJson[]]>({
    text: statements.jobs,
    values: [subject.userId, limit, 0],
    rowMode: 'array',
  });
  const jobs = page.rows[0]?.[0] ?? [];
  return JSON.stringify({
    data: {
      jobs: jobs.map(({ id, companyName, position, status, appliedOn, createdAt, notes }) => ({
        id,
        companyName,
        position,
        status,
        appliedOn,
        createdAt,
        notes: notes.map((note) => ({
          id: note.id,
          content: note.content,
          reminderTime: note.reminderTime,
          createdAt: note.createdAt,
        })),
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
