// CSV portability over HTTP (SPEC Part 2, "Portability"): GET /export/jobs.csv (one row per job,
// the documented columns, formula cells escaped); POST /import?format=csv recognising our own
// export's headers, JobSync's and a spreadsheet's, or a mapping; status words; duplicates skipped
// and similar jobs reported; imported history starting at the applied day.
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../../src/modules/portability/index.ts';
import { useTestApp, type TestUser } from '../../support/test-app.ts';

const t = useTestApp();

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

/** The CSV's records, every cell a string. */
const readCsv: (text: string) => string[][] = parse;

const auth = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

async function exportCsv(user: TestUser): Promise<string> {
  const response = await t.fetch('/export/jobs.csv', { headers: auth(user) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/csv');
  return response.text();
}

async function importCsv(user: TestUser, body: string, query = 'format=csv&dryRun=false') {
  const response = await t.fetch(`/import?${query}`, { method: 'POST', headers: auth(user), body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const jobsOf = (user: TestUser) =>
  t.db.job.findMany({
    where: { userId: user.id },
    orderBy: { createdAt: 'asc' },
    include: { statusHistory: { orderBy: { occurredAt: 'asc' } }, notes: true, tags: { include: { tag: true } } },
  });

describe('GET /export/jobs.csv', () => {
  it('has one row per job in the documented columns, formula cells escaped, owner-scoped', async () => {
    const { jobs, notes } = t.app.services;
    const job = await jobs.create(ann.id, {
      companyName: '=HYPERLINK("http://evil.test","Acme")',
      position: '+Engineer',
      appliedOn: '2024-03-01',
      location: '@home',
      source: '-5',
      tags: ['a', 'b'],
    });
    await notes.create(ann.id, { jobId: job.id, content: 'line one\nline two, with a comma' });
    await jobs.create(ann.id, { companyName: 'Plain', position: 'Dev', status: 'wishlist' });
    await jobs.create(bob.id, { companyName: 'Bob secret', position: 'Dev' });
    const rows = readCsv(await exportCsv(ann));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(3);
    const cell = (row: string[], column: string) => row[CSV_COLUMNS.indexOf(column as (typeof CSV_COLUMNS)[number])];
    const first = rows[1] as string[];
    expect(cell(first, 'company')).toBe(`'=HYPERLINK("http://evil.test","Acme")`);
    expect(cell(first, 'position')).toBe("'+Engineer");
    expect(cell(first, 'location')).toBe("'@home");
    expect(cell(first, 'source')).toBe("'-5");
    expect(cell(first, 'applied_on')).toBe('2024-03-01');
    expect(cell(first, 'tags')).toBe('a; b');
    expect(cell(first, 'notes')).toBe('line one\nline two, with a comma');
    expect(cell(rows[2] as string[], 'status')).toBe('wishlist');
    expect(JSON.stringify(rows)).not.toContain('Bob secret');
  });
});

describe('POST /import?format=csv', () => {
  it('round-trips our own CSV: formula escapes removed, history from the applied day, nothing doubled on a second import', async () => {
    const { jobs, notes } = t.app.services;
    const job = await jobs.create(ann.id, {
      companyName: '=Acme',
      position: 'Engineer',
      status: 'applied',
      appliedOn: '2024-03-01',
      jobUrl: 'https://acme.test/jobs/1',
      salaryMin: 50000,
      salaryMax: 60000,
      salaryCurrency: 'EUR',
      salaryPeriod: 'year',
      tags: ['x'],
    });
    await notes.create(ann.id, { jobId: job.id, content: 'first' });
    await notes.create(ann.id, { jobId: job.id, content: 'second' });
    const file = await exportCsv(ann);
    const first = await importCsv(bob, file);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 1, created: 1, duplicates: 0, error_count: 0 });
    const [imported] = await jobsOf(bob);
    expect(imported).toMatchObject({
      companyName: '=Acme',
      position: 'Engineer',
      status: 'applied',
      salaryMin: 50000,
      salaryMax: 60000,
      salaryCurrency: 'EUR',
      salaryPeriod: 'year',
    });
    expect(imported?.appliedOn?.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(
      imported?.statusHistory.map((event) => [event.fromStatus, event.toStatus, event.occurredAt.toISOString()]),
    ).toEqual([[null, 'applied', '2024-03-01T00:00:00.000Z']]);
    expect(imported?.statusChangedAt.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect(imported?.notes.map((note) => note.content).sort()).toEqual(['first', 'second']);
    expect(imported?.tags.map((link) => link.tag.name)).toEqual(['x']);
    // Exported again, the cell is escaped once, not twice.
    expect(readCsv(await exportCsv(bob))[1]?.[1]).toBe("'=Acme");
    const second = await importCsv(bob, file);
    expect(second.body).toMatchObject({ rows: 1, created: 0, duplicates: 1 });
    expect(await t.db.job.count({ where: { userId: bob.id } })).toBe(1);
  });

  it('recognises a spreadsheet’s headers and status words', async () => {
    const file = [
      'Company,Job Title,Status,Date Applied,URL,Location,Salary,Notes',
      'Acme,Engineer,Interview,2024-01-05,https://acme.test/1,Berlin,"$100,000 - $120,000",Called back',
      'Globex,Analyst,Bookmarked,,,,,',
      'Initech,Developer,Saved,,,,,',
      'Umbrella,Chemist,Rejected,01/20/2024,,,,',
      'Hooli,PM,Offer Received,2024-02-01,,,,',
    ].join('\n');
    const report = await importCsv(ann, file);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ rows: 5, created: 5, error_count: 0 });
    const jobs = await jobsOf(ann);
    expect(jobs.map((job) => [job.companyName, job.position, job.status])).toEqual([
      ['Acme', 'Engineer', 'interviewing'],
      ['Globex', 'Analyst', 'wishlist'],
      ['Initech', 'Developer', 'wishlist'],
      ['Umbrella', 'Chemist', 'rejected'],
      ['Hooli', 'PM', 'offer'],
    ]);
    expect(jobs[0]).toMatchObject({
      jobUrl: 'https://acme.test/1',
      location: 'Berlin',
      salaryMin: 100000,
      salaryMax: 120000,
      salaryCurrency: 'USD',
    });
    expect(jobs[0]?.notes.map((note) => note.content)).toEqual(['Called back']);
    expect(jobs[3]?.appliedOn?.toISOString().slice(0, 10)).toBe('2024-01-20');
  });

  it('recognises JobSync’s export headers', async () => {
    const file = [
      'Title,Company,Location,Status,Job Source,Applied Date,Due Date,Job Url,Salary Range,Description',
      'Frontend Developer,Wayne Enterprises,Gotham,applied,Indeed,2024-04-02,2024-04-30,https://wayne.test/j/9,80k-95k,React work',
      'QA Engineer,Stark Industries,Remote,draft,LinkedIn,,,,,',
    ].join('\r\n');
    const report = await importCsv(ann, file);
    expect(report.body).toMatchObject({ rows: 2, created: 2, error_count: 0 });
    const jobs = await jobsOf(ann);
    expect(jobs[0]).toMatchObject({
      companyName: 'Wayne Enterprises',
      position: 'Frontend Developer',
      status: 'applied',
      source: 'Indeed',
      jobUrl: 'https://wayne.test/j/9',
      salaryMin: 80000,
      salaryMax: 95000,
      description: 'React work',
    });
    expect(jobs[0]?.deadline?.toISOString().slice(0, 10)).toBe('2024-04-30');
    expect(jobs[1]).toMatchObject({ companyName: 'Stark Industries', status: 'wishlist' });
  });

  it('takes a mapping for headers it does not know', async () => {
    const file = 'Employer,Gig,When\nAcme,Engineer,2024-05-06\n';
    const refused = await importCsv(ann, file);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(refused.body.message).toContain('companyName');
    const mapping = encodeURIComponent(JSON.stringify({ companyName: 'Employer', position: 'Gig', appliedOn: 'When' }));
    const report = await importCsv(ann, file, `format=csv&dryRun=false&mapping=${mapping}`);
    expect(report.body).toMatchObject({ created: 1 });
    expect((await jobsOf(ann))[0]).toMatchObject({ companyName: 'Acme', position: 'Engineer' });
    const unknownField = await importCsv(
      ann,
      file,
      `format=csv&mapping=${encodeURIComponent('{"employer":"Employer"}')}`,
    );
    expect(unknownField.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mapping' });
    const unknownHeader = await importCsv(
      ann,
      file,
      `format=csv&mapping=${encodeURIComponent('{"companyName":"Nope"}')}`,
    );
    expect(unknownHeader.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mapping' });
  });

  it('skips exact duplicates (normalised URL; company, position and applied day; a repeated row) and reports similar jobs', async () => {
    const { jobs } = t.app.services;
    await jobs.create(ann.id, { companyName: 'Acme', position: 'Engineer', jobUrl: 'https://www.acme.test/jobs/1/' });
    await jobs.create(ann.id, { companyName: 'Globex', position: 'Analyst', appliedOn: '2024-01-02' });
    await jobs.create(ann.id, { companyName: 'Initech LLC', position: 'Software Engineer' });
    const file = [
      'Company,Position,URL,Date Applied',
      'Another name,Other role,https://acme.test/jobs/1?utm_source=mail,', // same URL once normalised
      'globex,analyst,,2024-01-02', // same company, position and day
      'Initech,Senior Software Engineer,,', // similar: imported and reported
      'Brand New,Role,,',
      'Brand New,Role,,', // the same row twice in the file
    ].join('\n');
    const dry = await importCsv(ann, file, 'format=csv&dryRun=true');
    expect(dry.body).toMatchObject({ rows: 5, created: 2, duplicates: 3 });
    expect(dry.body.duplicate_rows.map((row: { row: number; reason: string }) => [row.row, row.reason])).toEqual([
      [2, 'url'],
      [3, 'company_position_applied_on'],
      [6, 'repeated_row'],
    ]);
    expect(dry.body.possible_duplicates).toMatchObject([
      { row: 4, company_name: 'Initech LLC', position: 'Software Engineer' },
    ]);
    const real = await importCsv(ann, file);
    expect(real.body).toMatchObject({ created: 2, duplicates: 3 });
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(5);
  });

  it('reports every bad row with its row number and field, and writes nothing', async () => {
    const file = [
      'Company,Position,Status,Date Applied,URL',
      'Good,Row,applied,2024-01-01,',
      ',Missing company,applied,,',
      'Bad,Status,on fire,,',
      'Bad,Date,applied,the 5th,',
      'Bad,Url,applied,,ftp://x',
    ].join('\n');
    const dry = await importCsv(ann, file, 'format=csv&dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.errors.map((error: { row: number; field: string }) => [error.row, error.field])).toEqual([
      [3, 'companyName'],
      [4, 'status'],
      [5, 'appliedOn'],
      [6, 'jobUrl'],
    ]);
    expect(dry.body.errors[1].message).toContain('on fire');
    const real = await importCsv(ann, file);
    expect(real.status).toBe(400);
    expect(real.body.report).toMatchObject({ created: 0, error_count: 4 });
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(0);
  });
});
