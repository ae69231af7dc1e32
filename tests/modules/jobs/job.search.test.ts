// Full-text search (SPEC Part 2, "Finding"): searchMatch's SQL run against the real PostgreSQL
// over documents the add_search migration's triggers keep. Writes go through the services, so
// each test also shows a trigger following the app's own writes (note edited, tag renamed,
// contact renamed, note deleted).
import { Prisma } from '../../../src/generated/prisma/client.ts';
import { beforeEach, describe, expect, it } from 'vitest';
import { searchMatch, type SearchMatch } from '../../../src/modules/jobs/job.search.ts';
import { useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t, services } = useTestServices();

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

/** The ids of the owner's jobs that match, most relevant first (ties by id). */
async function search(ownerId: string, text: string): Promise<string[]> {
  const match = searchMatch(text, ownerId);
  if (!match) throw new Error(`searchMatch(${JSON.stringify(text)}) is null`);
  const rows = await t.db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT j.id FROM jobs j
    WHERE j.user_id = ${ownerId}::uuid AND ${match.where}
    ORDER BY ${match.rank} DESC, j.id`);
  return rows.map((row) => row.id);
}

const job = (ownerId: string, fields: Record<string, unknown> = {}) =>
  services.jobs.create(ownerId, { companyName: 'Initech', position: 'Clerk', ...fields });

describe('search finds a job by', () => {
  it('company, position, description and location', async () => {
    const company = await job(ann.id, { companyName: 'Umbrella Corporation' });
    const position = await job(ann.id, { position: 'Kubernetes Wrangler' });
    const description = await job(ann.id, { description: 'You will maintain our Terraform estate.' });
    const location = await job(ann.id, { location: 'Reykjavik' });
    expect(await search(ann.id, 'umbrella')).toEqual([company.id]);
    expect(await search(ann.id, 'kubernetes')).toEqual([position.id]);
    expect(await search(ann.id, 'terraform')).toEqual([description.id]);
    expect(await search(ann.id, 'reykjavik')).toEqual([location.id]);
  });

  it('its own text again after it changes, and no longer by the old text', async () => {
    const changed = await job(ann.id, { companyName: 'Hooli', description: 'Pied piper compression' });
    await services.jobs.update(ann.id, changed.id, { companyName: 'Globex', description: 'Widgets' });
    expect(await search(ann.id, 'globex widgets')).toEqual([changed.id]);
    expect(await search(ann.id, 'hooli')).toEqual([]);
    expect(await search(ann.id, 'compression')).toEqual([]);
  });

  it('tag, found again under its new name after a rename', async () => {
    const tagged = await job(ann.id, { tags: ['fintech'] });
    await job(ann.id);
    expect(await search(ann.id, 'fintech')).toEqual([tagged.id]);
    await services.jobs.tags.rename(ann.id, 'fintech', 'payments');
    expect(await search(ann.id, 'payments')).toEqual([tagged.id]);
    expect(await search(ann.id, 'fintech')).toEqual([]);
    // Taken off the job: no longer found.
    await services.jobs.update(ann.id, tagged.id, { tags: [] });
    expect(await search(ann.id, 'payments')).toEqual([]);
  });

  it('note text: found after an edit by the new text, and no longer once deleted', async () => {
    const noted = await job(ann.id);
    await job(ann.id);
    const note = await services.notes.create(ann.id, { jobId: noted.id, content: 'Recruiter mentioned equity' });
    expect(await search(ann.id, 'equity')).toEqual([noted.id]);
    await services.notes.update(ann.id, note.id, { content: 'Salary band confirmed' });
    expect(await search(ann.id, 'salary band')).toEqual([noted.id]);
    expect(await search(ann.id, 'equity')).toEqual([]);
    await services.notes.delete(ann.id, note.id);
    expect(await search(ann.id, 'salary')).toEqual([]);
  });

  it('linked contact’s name, found again after a rename; not once unlinked', async () => {
    const linked = await job(ann.id);
    await job(ann.id);
    const contact = await services.contacts.create(ann.id, { name: 'Margarethe Quist' });
    await services.contacts.link(ann.id, linked.id, contact.id);
    expect(await search(ann.id, 'quist')).toEqual([linked.id]);
    await services.contacts.update(ann.id, contact.id, { name: 'Margarethe Lindqvist' });
    expect(await search(ann.id, 'lindqvist')).toEqual([linked.id]);
    expect(await search(ann.id, 'quist')).toEqual([]);
    // Another field of the contact is not searched.
    await services.contacts.update(ann.id, contact.id, { role: 'Zookeeper' });
    expect(await search(ann.id, 'zookeeper')).toEqual([]);
    await services.contacts.unlink(ann.id, linked.id, contact.id);
    expect(await search(ann.id, 'lindqvist')).toEqual([]);
  });

  it('tag or contact deleted: no longer found by it', async () => {
    const linked = await job(ann.id, { tags: ['gamedev'] });
    const contact = await services.contacts.create(ann.id, { name: 'Olamide Brightwater' });
    await services.contacts.link(ann.id, linked.id, contact.id);
    await services.jobs.tags.delete(ann.id, 'gamedev');
    await services.contacts.delete(ann.id, contact.id);
    expect(await search(ann.id, 'gamedev')).toEqual([]);
    expect(await search(ann.id, 'brightwater')).toEqual([]);
  });
});

describe('search text', () => {
  it('matches each word as a prefix, in any order ("soft eng" finds "Software Engineer")', async () => {
    const engineer = await job(ann.id, { companyName: 'Acme', position: 'Software Engineer' });
    await job(ann.id, { companyName: 'Acme', position: 'Software Tester' });
    expect(await search(ann.id, 'soft eng')).toEqual([engineer.id]);
    expect(await search(ann.id, 'eng soft')).toEqual([engineer.id]);
    expect(await search(ann.id, 'SOFTWARE   Engineer')).toEqual([engineer.id]);
    // A prefix past the English stem ("engin"): 'simple' keeps the whole word, so it matches.
    expect(await search(ann.id, 'enginee')).toEqual([engineer.id]);
    // Every word is required.
    expect(await search(ann.id, 'soft eng berlin')).toEqual([]);
  });

  it('tolerates a typo in the company name ("Gogle" finds "Google")', async () => {
    const google = await job(ann.id, { companyName: 'Google' });
    await job(ann.id, { companyName: 'Goldman Sachs' });
    expect(await search(ann.id, 'Gogle')).toEqual([google.id]);
    expect(await search(ann.id, 'gooogle')).toEqual([google.id]);
  });

  it('ranks a company or position match above one in the description', async () => {
    const inDescription = await job(ann.id, { description: 'We use Rust for some services.' });
    const inPosition = await job(ann.id, { position: 'Rust Developer' });
    expect(await search(ann.id, 'rust')).toEqual([inPosition.id, inDescription.id]);
  });

  it('"exact phrase" needs the words together and in order; -word leaves jobs out', async () => {
    const together = await job(ann.id, { description: 'remote first team' });
    const apart = await job(ann.id, { description: 'first remote team' });
    expect(await search(ann.id, '"remote first"')).toEqual([together.id]);
    expect((await search(ann.id, 'remote')).sort()).toEqual([together.id, apart.id].sort());
    const agency = await job(ann.id, { companyName: 'Staffing Agency', description: 'remote' });
    expect((await search(ann.id, 'remote -agency')).sort()).toEqual([together.id, apart.id].sort());
    expect((await search(ann.id, 'remote -"first remote"')).sort()).toEqual([together.id, agency.id].sort());
    // An exclusion is a whole word, not a prefix.
    expect((await search(ann.id, 'remote -age')).sort()).toEqual([together.id, apart.id, agency.id].sort());
    // A quote left open while typing counts as plain prefix words.
    expect((await search(ann.id, '"remote fir')).sort()).toEqual([together.id, apart.id].sort());
  });

  it('with quotes and tsquery operators is never an error', async () => {
    const odd = await job(ann.id, { companyName: "O'Reilly", position: 'C++ & Rust (systems)' });
    for (const text of [
      `a & | ! :* ( '`,
      `o'reilly`,
      `'`,
      `"`,
      `""x`,
      `-`,
      `--x`,
      `!!rust`,
      `rust:*`,
      `rust:A`,
      `(rust | c)`,
      `<-> <2> & !`,
      `\\ \\' '' x`,
      `"unterminated 'quote`,
      `-"" y`,
      `'; DROP TABLE jobs; --`,
      '\u0000x',
    ]) {
      const match = searchMatch(text, ann.id);
      if (match) await expect(search(ann.id, text)).resolves.toBeInstanceOf(Array);
    }
    expect(await search(ann.id, `o'reilly`)).toEqual([odd.id]);
    expect(await search(ann.id, `rust & (systems`)).toEqual([odd.id]);
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(1);
  });

  it('empty, blank or without a word gives no match (null)', () => {
    for (const text of ['', '   ', '\t\n', '& | ! ( ) :*', `'"`, '-', '- "" -""']) {
      expect(searchMatch(text, ann.id), JSON.stringify(text)).toBeNull();
    }
    expect(searchMatch(' x ', ann.id)).not.toBeNull();
  });

  it('binds the text as parameters, never inside the SQL', () => {
    const match = searchMatch(`zeppelin's "airship co" -blimp`, ann.id)!;
    const sql = `${match.where.sql} ${match.rank.sql}`;
    for (const part of ['zeppelin', 'airship', 'blimp']) expect(sql).not.toContain(part);
    expect(match.where.values).toEqual(expect.arrayContaining([`zeppelin's`, 'airship co', 'blimp']));
    expect(searchMatch('x', ann.id)!.where.values).toContain(ann.id);
  });
});

describe('search is per user', () => {
  it('never answers another user’s matching job, by text or by company similarity', async () => {
    const mine = await job(ann.id, { companyName: 'Google', position: 'Site Reliability Engineer' });
    const bobs = await job(bob.id, { companyName: 'Google', position: 'Site Reliability Engineer' });
    await services.notes.create(bob.id, { jobId: bobs.id, content: 'reliability' });
    expect(await search(ann.id, 'site reli')).toEqual([mine.id]);
    expect(await search(ann.id, 'gogle')).toEqual([mine.id]);
    expect(await search(bob.id, 'gogle')).toEqual([bobs.id]);
  });
});

describe('the search document', () => {
  it('follows rows moved between jobs (mergeJobs moves notes, tags and contacts)', async () => {
    const from = await job(ann.id, { tags: ['onsite'] });
    const to = await job(ann.id);
    const contact = await services.contacts.create(ann.id, { name: 'Priya Ramaswamy' });
    await services.contacts.link(ann.id, from.id, contact.id);
    await services.notes.create(ann.id, { jobId: from.id, content: 'whiteboard round' });
    await t.db.$transaction([
      t.db.$executeRaw`UPDATE notes SET job_id = ${to.id}::uuid WHERE job_id = ${from.id}::uuid`,
      t.db.$executeRaw`UPDATE job_tags SET job_id = ${to.id}::uuid WHERE job_id = ${from.id}::uuid`,
      t.db.$executeRaw`UPDATE job_contacts SET job_id = ${to.id}::uuid WHERE job_id = ${from.id}::uuid`,
    ]);
    for (const text of ['whiteboard', 'onsite', 'ramaswamy']) expect(await search(ann.id, text), text).toEqual([to.id]);
  });

  it('is read through the GIN indexes', async () => {
    await job(ann.id, { companyName: 'Google', position: 'Software Engineer' });
    // With whole-table scans off, the plan shows whether an index can answer the condition (in
    // a table this small the planner would rather read it all).
    const plan = (match: SearchMatch) =>
      t.db.$transaction(async (tx) => {
        await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
        const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`
          EXPLAIN SELECT j.id FROM jobs j WHERE ${match.where}`);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
    const withOwner = await plan(searchMatch('soft eng', ann.id)!);
    expect(withOwner).toMatch(/Bitmap Index Scan on jobs_search_idx\s+\S.*\n\s+Index Cond: \(search_vector @@/);
    expect(withOwner).toMatch(/Bitmap Index Scan on jobs_company_trgm_idx/);
  });

  it('is kept by PostgreSQL for rows written by plain SQL too, with the weights of the SPEC', async () => {
    const row = await job(ann.id, {
      companyName: 'Acme',
      position: 'Dev',
      location: 'Oslo',
      description: 'Go',
      tags: ['b2b'],
    });
    // Every lexeme keyed by the owner; shown without the key.
    const [{ vector, keyed } = { vector: '', keyed: false }] = await t.db.$queryRaw<
      { vector: string; keyed: boolean }[]
    >`
      SELECT replace(search_vector::text, search_owner_key(user_id), '') AS vector,
        (SELECT bool_and(starts_with(lexeme, search_owner_key(user_id))) FROM unnest(search_vector)) AS keyed
      FROM jobs WHERE id = ${row.id}::uuid`;
    expect(vector).toBe(`'acme':1A 'b2b':3B 'dev':2A 'go':5 'oslo':4C`);
    expect(keyed).toBe(true);
    await t.db.$executeRaw`UPDATE jobs SET position = 'Architect' WHERE id = ${row.id}::uuid`;
    expect(await search(ann.id, 'architect')).toEqual([row.id]);
  });
});

describe('the search document holds any text that can be saved', () => {
  // 'simple' keeps words of up to 2,047 bytes; the owner key adds 9. A pasted token or URL of
  // 2,039 to 2,047 bytes made every write of its job fail ("word is too long") until the keyed
  // document learned to leave such a word out.
  const longWord = 'x'.repeat(2045);

  it('a word of 2,045 bytes in a job, a note and a merge: saved, the other words still found', async () => {
    const created = await job(ann.id, { description: `${longWord} kubernetes` });
    const updated = await services.jobs.update(ann.id, created.id, { description: `helm ${longWord}` });
    expect(updated.id).toBe(created.id);
    const other = await job(ann.id, { position: 'Clerk II' });
    await services.notes.create(ann.id, { jobId: other.id, content: `token ${longWord} grafana` });
    expect(await search(ann.id, 'helm')).toEqual([created.id]);
    expect(await search(ann.id, 'grafana')).toEqual([other.id]);
    await services.jobs.merge(ann.id, created.id, other.id);
    expect(await search(ann.id, 'grafana helm')).toEqual([created.id]);
  });

  it('notes of very many distinct words: every note saved, the document under 1 MB', async () => {
    // Three CJK characters (9 bytes) per word: 20 notes of 10,000 characters hold 50,000 distinct
    // words, whose keyed lexemes alone passed tsvector's 1 MB before the notes were capped.
    const cjkWord = (n: number) =>
      String.fromCodePoint(
        0x4e00 + (n % 97),
        0x4e00 + 100 + (Math.floor(n / 97) % 97),
        0x4e00 + 200 + Math.floor(n / 9409),
      );
    const target = await job(ann.id);
    let n = 0;
    for (let note = 0; note < 20; note += 1) {
      const words = Array.from({ length: 2500 }, () => cjkWord(n++));
      await services.notes.create(ann.id, { jobId: target.id, content: words.join(' ').slice(0, 10_000) });
    }
    expect(await t.db.note.count({ where: { jobId: target.id } })).toBe(20);
    // The oldest notes are in the document: their words find the job.
    expect(await search(ann.id, cjkWord(0))).toEqual([target.id]);
  });

  it("search_keyed stores 65,000 distinct words (their text over 1 MB) by keeping within tsvector's 1 MB", async () => {
    const [{ bytes } = { bytes: 0 }] = await t.db.$queryRaw<{ bytes: number }[]>`
      SELECT octet_length(search_keyed(to_tsvector('simple', string_agg(
        chr(19968 + i / 400) || chr(20068 + (i / 20) % 20) || chr(20268 + i % 20), ' ')), ${ann.id}::uuid)::text)::int AS bytes
      FROM generate_series(0, 65000) i`;
    expect(bytes).toBeGreaterThan(1_000_000);
  });
});
