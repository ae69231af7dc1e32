// Exports and imports at once (portability.slots.ts): each holds a database connection for its
// whole length, so an account runs one at a time and the process at most a quarter of its pool
// (2 of the tests' 10); more are refused at once with 429 and Retry-After, over REST and GraphQL,
// and a slot comes back when its export is read to the end, given up, or its import fails.
import { beforeEach, describe, expect, it } from 'vitest';
import { ImportJobsDocument } from '../../../src/sdk/index.ts';
import { useTestApp, type TestUser } from '../../support/test-app.ts';

const t = useTestApp();

let ann: TestUser;
let bob: TestUser;
let cy: TestUser;
beforeEach(async () => {
  [ann, bob, cy] = await Promise.all([t.createUser(), t.createUser(), t.createUser()]);
  // Enough jobs that an export is more than its first piece: one left unread stays open.
  await t.db.job.createMany({
    data: [ann, bob, cy].flatMap((user) =>
      Array.from({ length: 3 }, (_, index) => ({ userId: user.id, companyName: `Co ${index}`, position: 'Dev' })),
    ),
  });
});

const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });
const openExport = (user: TestUser, path = '/export/data.json') => t.fetch(path, { headers: auth(user) });
const importCsv = (user: TestUser, body = 'Company,Position\nAcme,Dev\n') =>
  t.fetch('/import?format=csv&dryRun=false', { method: 'POST', headers: auth(user), body });

async function expectBusy(response: Response, message: RegExp) {
  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toBe('5');
  const body = (await response.json()) as { code: string; message: string };
  expect(body.code).toBe('TOO_MANY_REQUESTS');
  expect(body.message).toMatch(message);
}

describe('exports and imports at once', () => {
  it('one per account: a second export or an import waits for the first export to end', async () => {
    const first = await openExport(ann);
    expect(first.status).toBe(200);
    await expectBusy(await openExport(ann, '/export/jobs.csv'), /of yours is still running/);
    await expectBusy(await importCsv(ann), /of yours is still running/);
    expect(await t.db.job.count({ where: { userId: ann.id, companyName: 'Acme' } })).toBe(0);

    // Read to the end, the export gives its slot back.
    const document = (await first.json()) as { jobs: unknown[] };
    expect(document.jobs).toHaveLength(3);
    expect((await importCsv(ann)).status).toBe(200);
    expect(await t.db.job.count({ where: { userId: ann.id, companyName: 'Acme' } })).toBe(1);
  });

  it('at most two in the process: a third account is refused until one is given up', async () => {
    const [annExport, bobExport] = [await openExport(ann), await openExport(bob, '/export/jobs.csv')];
    expect([annExport.status, bobExport.status]).toEqual([200, 200]);
    await expectBusy(await openExport(cy), /busy with other exports and imports/);

    // A client that goes away (the body cancelled) frees its slot as well.
    await annExport.body!.cancel();
    const cyExport = await openExport(cy);
    expect(cyExport.status).toBe(200);
    await Promise.all([bobExport.text(), cyExport.text()]);
    const again = await openExport(ann);
    expect(again.status).toBe(200);
    await again.text();
  });

  it('importJobs answers TOO_MANY_REQUESTS while the account exports; a failed import frees its slot', async () => {
    const running = await openExport(ann);
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: ImportJobsDocument.toString(), variables: { file: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob(['Company,Position\nAcme,Dev\n']), 'jobs.csv');
    const response = await t.fetch('/graphql', { method: 'POST', headers: auth(ann), body: form });
    const answer = (await response.json()) as { errors?: { extensions: Record<string, unknown> }[] };
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 5 });
    await running.text();

    // A refused file (no required column) ends its import, and the next one runs.
    expect((await importCsv(ann, 'Nothing\nhere\n')).status).toBe(400);
    expect((await importCsv(ann)).status).toBe(200);
  });
});
