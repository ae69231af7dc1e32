// What a signed-in account cannot make an export or import cost (portability.slots.ts and the
// import's own guards): a client gone before the export's answer starts gives its slot back; a
// JSON document's lists beside its jobs are capped like its jobs; a second real import of one
// account, from another process, is refused with 429 instead of waiting into a timeout.
import pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_MAX_ROWS } from '../../../src/modules/portability/index.ts';
import { useTestApp, type TestUser } from '../../support/test-app.ts';
import { eventually } from '../reminders/support.ts';

const t = useTestApp();

let ann: TestUser;
beforeEach(async () => {
  ann = await t.createUser();
  await t.db.job.create({ data: { userId: ann.id, companyName: 'Acme', position: 'Dev' } });
});

const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

/** A second connection to the test database, as another process's would be. */
async function otherConnection(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: t.config.databaseUrl });
  await client.connect();
  return client;
}

describe('an export whose client is gone before the answer starts', () => {
  it('gives its slot back: the account exports again', async () => {
    const base = await t.listen();
    const locker = await otherConnection();
    try {
      // The export's first statement waits on this lock, so the client leaves before any answer.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE tags IN ACCESS EXCLUSIVE MODE');
      const leaving = new AbortController();
      const request = fetch(`${base}/export/data.json`, { headers: auth(ann), signal: leaving.signal });
      await eventually(async () => {
        const { rows } = await locker.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        );
        return rows[0]!.waiting > 0;
      });
      leaving.abort();
      await expect(request).rejects.toThrow();
      await locker.query('ROLLBACK');
      const again = await eventually(async () => {
        const response = await t.fetch('/export/data.json', { headers: auth(ann) });
        if (response.status === 200) return response;
        await response.body?.cancel();
        return false;
      });
      expect(((await again.json()) as { jobs: unknown[] }).jobs).toHaveLength(1);
    } finally {
      await locker.end();
    }
  });
});

describe('a JSON document', () => {
  it('with more contacts than rows allowed is refused at once, naming the file', async () => {
    const contacts = Array.from({ length: IMPORT_MAX_ROWS + 1 }, () => ({}));
    const response = await t.fetch('/import?format=json', {
      method: 'POST',
      headers: auth(ann),
      body: JSON.stringify({ version: 1, jobs: [], contacts }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'file',
      message: `file has more than ${IMPORT_MAX_ROWS} contacts; split it into smaller files`,
    });
  });
});

describe('a real import while another process imports for the account', () => {
  it('is refused with 429 and Retry-After, and writes nothing', async () => {
    const other = await otherConnection();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`import:${ann.id}`]);
      const response = await t.fetch('/import?format=csv&dryRun=false', {
        method: 'POST',
        headers: auth(ann),
        body: 'Company,Position\nGlobex,Analyst\n',
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(await response.json()).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(1);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });
});
