// importJobs(file: Upload!, format, dryRun = true, mapping) through yoga's multipart uploads (the
// GraphQL multipart request spec): a dry run by default, a real run, row errors in the payload,
// the file's extension for a missing format, bad arguments named, the upload cap, and the token.
import { beforeEach, describe, expect, it } from 'vitest';
import { ImportJobsDocument } from '../../src/sdk/index.ts';
import { useTestApp, type TestUser } from '../support/test-app.ts';

const t = useTestApp();

// The SDK's named operation (schema/operations/portability.graphql), sent as a multipart upload.
const IMPORT_JOBS = ImportJobsDocument.toString();

let ann: TestUser;
beforeEach(async () => {
  ann = await t.createUser();
});

async function upload(
  file: Blob,
  fileName: string,
  variables: Record<string, unknown> = {},
  token: string | null = ann.token,
) {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: IMPORT_JOBS, variables: { file: null, ...variables } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', file, fileName);
  const response = await t.fetch('/graphql', {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    body: form,
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[]; code?: string } };
}

const CSV = 'Company,Job Title,Status\nAcme,Engineer,Interview\nGlobex,Analyst,Saved\n';

describe('importJobs', () => {
  it('is a dry run by default and writes nothing', async () => {
    const answer = await upload(new Blob([CSV], { type: 'text/csv' }), 'jobs.csv', { format: 'csv' });
    expect(answer.status).toBe(200);
    expect(answer.body.data.importJobs).toMatchObject({
      success: true,
      report: { dryRun: true, rows: 2, created: 2, duplicates: 0, errorCount: 0, errors: [] },
    });
    expect(answer.body.data.importJobs.message).toContain('nothing was written');
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('imports for real with dryRun: false, taking the format from the file name', async () => {
    const answer = await upload(new Blob([CSV]), 'from-sheet.CSV', { dryRun: false });
    expect(answer.body.data.importJobs).toMatchObject({ success: true, report: { dryRun: false, created: 2 } });
    const jobs = await t.db.job.findMany({ where: { userId: ann.id }, orderBy: { createdAt: 'asc' } });
    expect(jobs.map((job) => [job.companyName, job.status])).toEqual([
      ['Acme', 'interviewing'],
      ['Globex', 'wishlist'],
    ]);
    const again = await upload(new Blob([CSV]), 'from-sheet.csv', { dryRun: false });
    expect(again.body.data.importJobs.report).toMatchObject({ created: 0, duplicates: 2 });
  });

  it('takes a mapping as an object or as JSON text, and a bare format literal', async () => {
    const file = new Blob(['Employer,Gig\nAcme,Engineer\n']);
    const asObject = await upload(file, 'a.csv', { mapping: { companyName: 'Employer', position: 'Gig' } });
    expect(asObject.body.data.importJobs.report).toMatchObject({ created: 1 });
    const asText = await upload(file, 'a.csv', { mapping: '{"companyName":"Employer","position":"Gig"}' });
    expect(asText.body.data.importJobs.report).toMatchObject({ created: 1 });
    const bad = await upload(file, 'a.csv', { mapping: { company: 'Employer' } });
    expect(bad.body.data.importJobs).toMatchObject({
      success: false,
      code: 'BAD_USER_INPUT',
      field: 'mapping',
      report: null,
    });
  });

  it('a real run with a bad row writes nothing and answers the report with success: false', async () => {
    const answer = await upload(
      new Blob(['Company,Position,Date Applied\nAcme,Dev,2024-01-01\nBad,Row,someday\n']),
      'x.csv',
      {
        dryRun: false,
      },
    );
    expect(answer.body.data.importJobs).toMatchObject({
      success: false,
      code: 'BAD_USER_INPUT',
      field: 'file',
      report: { created: 0, errorCount: 1, errors: [{ row: 3, field: 'appliedOn' }] },
    });
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('names the file for a bad file and the format for a missing one', async () => {
    const binary = await upload(new Blob([new Uint8Array([0x50, 0x4b, 3, 4, 0, 0])]), 'sheet.xlsx', { format: 'csv' });
    expect(binary.body.data.importJobs).toMatchObject({ success: false, field: 'file' });
    const noFormat = await upload(new Blob([CSV]), 'export', {});
    expect(noFormat.body.data.importJobs).toMatchObject({ success: false, field: 'format' });
    const wrongFormat = await upload(new Blob([CSV]), 'a.csv', { format: 'xlsx' });
    expect(wrongFormat.status).toBe(400);
    expect(wrongFormat.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses a string where the file goes, naming file', async () => {
    const response = await t.graphql(IMPORT_JOBS, { token: ann.token, variables: { file: 'Company,Position\nA,B' } });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(response.errors?.[0]?.message).toContain('file');
  });

  it('refuses an upload over 10 MB with 413', async () => {
    const answer = await upload(new Blob([new Uint8Array(10 * 1024 * 1024 + 1).fill(0x61)]), 'big.csv', {
      format: 'csv',
    });
    expect(answer.status).toBe(413);
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
  });

  it('needs a signed-in user', async () => {
    const answer = await upload(new Blob([CSV]), 'jobs.csv', { format: 'csv' }, null);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('holds a request without a signed token to the ordinary 100 KB body cap, multipart or not', async () => {
    // 200 KB of CSV: well within an import's cap, over everyone else's.
    const file = () => new Blob([`Company,Position\n${'Acme,Engineer\n'.repeat(15_000)}`]);
    for (const token of [null, 'not-a-token', `${ann.token}x`]) {
      const answer = await upload(file(), 'jobs.csv', { format: 'csv' }, token);
      expect(answer.status, String(token)).toBe(413);
      expect(answer.body).toEqual({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'The request body must be at most 102400 bytes',
      });
    }
    const signedIn = await upload(file(), 'jobs.csv', { format: 'csv' });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.importJobs.report).toMatchObject({ dryRun: true, rows: 15_000, errorCount: 0 });
  });
});
