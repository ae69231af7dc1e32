// The README's "Your data: export and import" examples run as written (curl against the app on a
// local port, the README's http://localhost:5000 replaced by it), in order, in one folder: the
// exports, the dry run whose answer the README prints, the mapped import, the move to another
// account, and the GraphQL multipart upload.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { useTestApp } from '../support/test-app.ts';

const t = useTestApp();
const folder = mkdtempSync(path.join(tmpdir(), 'readme-portability-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function section(): { bash: string[]; json: unknown[] } {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('\n## Your data: export and import\n');
  expect(start).toBeGreaterThan(0);
  const text = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const bash = [...text.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const json = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!) as unknown);
  return { bash, json };
}

it('every example of the section runs as written and answers what the README says', async () => {
  const { bash, json } = section();
  expect(bash).toHaveLength(5);
  const base = await t.listen();
  const [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
  await t.app.services.jobs.create(ann.id, { companyName: 'Wonka', position: 'Chocolatier', appliedOn: '2024-02-01' });
  await t.app.services.jobs.create(ann.id, { companyName: 'Stark', position: 'Engineer', status: 'wishlist' });
  // Asynchronously: the app answering curl runs in this process.
  const run = async (script: string) => {
    const { stdout } = await promisify(execFile)(
      'bash',
      ['-e', '-c', script.replaceAll('http://localhost:5000', base)],
      {
        cwd: folder,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TOKEN: ann.token, NEW_TOKEN: bob.token },
        encoding: 'utf8',
      },
    );
    return stdout;
  };

  await run(bash[0]!);
  const exported = JSON.parse(readFileSync(path.join(folder, 'my-data.json'), 'utf8')) as {
    version: number;
    jobs: unknown[];
  };
  expect(exported).toMatchObject({ version: 1 });
  expect(exported.jobs).toHaveLength(2);
  expect(readFileSync(path.join(folder, 'jobs.csv'), 'utf8')).toMatch(/^id,company,position,status,applied_on,/);

  expect(JSON.parse(await run(bash[1]!))).toEqual(json[0]);
  expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(2);

  expect(JSON.parse(await run(bash[2]!))).toMatchObject({ dry_run: false, created: 1, error_count: 0 });
  expect(await t.db.job.findFirst({ where: { userId: ann.id, companyName: 'Hooli' } })).toMatchObject({
    position: 'Platform Engineer',
  });

  expect(JSON.parse(await run(bash[3]!))).toMatchObject({ dry_run: false, rows: 2, created: 2, duplicates: 0 });
  expect(await t.db.job.count({ where: { userId: bob.id } })).toBe(2);

  // ann's own CSV, back into ann's account: every row is a duplicate of itself.
  const answer = JSON.parse(await run(bash[4]!)) as { data: { importJobs: unknown } };
  expect(answer.data.importJobs).toEqual({
    success: true,
    message: 'Imported: 0 jobs created, 2 duplicates skipped, 0 rows with errors',
    report: { rows: 2, created: 0, duplicates: 2, errorCount: 0 },
  });
});
