// Bad import files get a clear answer naming the problem, never a 500 (SPEC Part 2, "Portability"):
// wrong encodings, binary files, a BOM, mixed line endings, quoted newlines, a missing required
// column, too many rows, too many bytes, a CSV bomb of very wide rows, formula cells, bad JSON.
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp, type TestUser } from '../../support/test-app.ts';

const t = useTestApp();

let ann: TestUser;
beforeEach(async () => {
  ann = await t.createUser();
});

async function post(body: BodyInit, query = 'format=csv&dryRun=false', headers: Record<string, string> = {}) {
  const response = await t.fetch(`/import?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ann.token}`, ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const jobs = () =>
  t.db.job.findMany({ where: { userId: ann.id }, orderBy: { createdAt: 'asc' }, include: { notes: true } });

async function expectRefused(body: BodyInit, status: number, code: string, says: RegExp, query?: string) {
  const answer = await post(body, query);
  expect(answer.status).toBe(status);
  expect(answer.body).toMatchObject({ code, field: 'file' });
  expect(answer.body.message).toMatch(says);
  expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
}

describe('import files that are refused as a whole', () => {
  it('a file in another encoding than UTF-8 (Latin-1)', async () => {
    const latin1 = Buffer.from('Company,Position\nCaf\xe9 M\xfcller,Barista\n', 'latin1');
    await expectRefused(latin1, 400, 'BAD_USER_INPUT', /not valid UTF-8/);
  });

  it('UTF-16 text', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Company,Position\nAcme,Dev\n', 'utf16le')]);
    await expectRefused(utf16, 400, 'BAD_USER_INPUT', /UTF-16/);
  });

  it('a binary file (a PNG)', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    await expectRefused(png, 400, 'BAD_USER_INPUT', /binary file/);
    await expectRefused(png, 400, 'BAD_USER_INPUT', /binary file/, 'format=json&dryRun=false');
  });

  it('an empty file', async () => {
    await expectRefused('', 400, 'BAD_USER_INPUT', /empty/);
  });

  it('a CSV without a required column', async () => {
    await expectRefused('Company,Status\nAcme,applied\n', 400, 'BAD_USER_INPUT', /no column for position/);
  });

  it('20,001 rows (400), while 20,000 are read', async () => {
    const header = 'Company,Position\n';
    const rows = (count: number) => header + Array.from({ length: count }, (_, index) => `C${index},P\n`).join('');
    await expectRefused(rows(20_001), 400, 'BAD_USER_INPUT', /more than 20000 rows/);
    const dry = await post(rows(20_000), 'format=csv&dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ rows: 20_000, created: 20_000, error_count: 0 });
  });

  it('20,001 jobs in a JSON document', async () => {
    const document = { version: 1, jobs: Array.from({ length: 20_001 }, () => ({ companyName: 'A', position: 'B' })) };
    await expectRefused(JSON.stringify(document), 400, 'BAD_USER_INPUT', /more than 20000 rows/, 'format=json');
  });

  it('10 MB + 1 byte (413), declared or streamed without a length', async () => {
    const tooBig = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    await expectRefused(tooBig, 413, 'PAYLOAD_TOO_LARGE', /at most 10485760 bytes/);
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(tooBig.subarray(0, 5_000_000));
        controller.enqueue(tooBig.subarray(5_000_000));
        controller.close();
      },
    });
    const response = await t.fetch('/import?format=csv', {
      method: 'POST',
      headers: { authorization: `Bearer ${ann.token}` },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('a CSV bomb of very wide rows', async () => {
    const bomb = `Company,Position\nAcme,Dev${','.repeat(1_000_000)}\n`;
    await expectRefused(bomb, 400, 'BAD_USER_INPUT', /wider than 200 columns \(row 2\)/);
  });

  it('a quote that is never closed', async () => {
    await expectRefused('Company,Position\n"Acme,Dev\n', 400, 'BAD_USER_INPUT', /quote that is never closed/);
  });

  it('JSON that does not parse, or is not our document', async () => {
    await expectRefused('{"version": 1, "jobs": [', 400, 'BAD_USER_INPUT', /not valid JSON/, 'format=json');
    await expectRefused('[1,2]', 400, 'BAD_USER_INPUT', /JSON object/, 'format=json');
    await expectRefused('{"version": 99, "jobs": []}', 400, 'BAD_USER_INPUT', /"version": 1/, 'format=json');
  });

  it('a format or dryRun that is not one of the values', async () => {
    expect((await post('x', 'format=xlsx')).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'format' });
    expect((await post('x', 'dryRun=maybe&format=csv')).body).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'dryRun',
    });
    expect((await post('x', '')).body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'format' });
  });
});

describe('import files that are read', () => {
  it('a UTF-8 BOM', async () => {
    const answer = await post(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Company,Position\nCafé,Barista\n')]),
    );
    expect(answer.body).toMatchObject({ created: 1, error_count: 0 });
    expect((await jobs())[0]).toMatchObject({ companyName: 'Café', position: 'Barista' });
  });

  it('mixed line endings and quoted newlines', async () => {
    const file = 'Company,Position,Notes\r\nAcme,Dev,"line one\nline two"\nGlobex,Ops,plain\rInitech,QA,"a\r\nb"\r\n';
    const answer = await post(file);
    expect(answer.body).toMatchObject({ rows: 3, created: 3, error_count: 0 });
    const list = await jobs();
    expect(list.map((job) => job.companyName)).toEqual(['Acme', 'Globex', 'Initech']);
    expect(list[0]?.notes[0]?.content).toBe('line one\nline two');
    expect(list[2]?.notes[0]?.content).toBe('a\r\nb');
  });

  it('formula cells are imported as text; our own escape is removed', async () => {
    const file = `Company,Position,Location\n"=HYPERLINK(""http://evil.test"")",'+Dev,'@home\n`;
    const answer = await post(file);
    expect(answer.body).toMatchObject({ created: 1 });
    expect((await jobs())[0]).toMatchObject({
      companyName: '=HYPERLINK("http://evil.test")',
      position: '+Dev',
      location: '@home',
    });
  });

  it('a file with a Content-Type and no format', async () => {
    const answer = await post('Company,Position\nAcme,Dev\n', 'dryRun=true', { 'content-type': 'text/csv' });
    expect(answer.body).toMatchObject({ dry_run: true, created: 1 });
  });
});
