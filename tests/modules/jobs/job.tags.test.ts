// Tags (SPEC Part 2, "Decisions: Tags"): a job's set replaced by create/update, case-insensitive
// per user (the first spelling kept), limits named, the `tags` list with counts, rename (and
// merge), delete; another user's tags are out of reach.
import { beforeEach, describe, expect, it } from 'vitest';
import { appError, expectInvalidInput, useTestServices } from '../../support/services.ts';
import type { TestUser } from '../../support/test-app.ts';

const { t, services } = useTestServices();

let ann: TestUser;
let bob: TestUser;
beforeEach(async () => {
  [ann, bob] = await Promise.all([t.createUser(), t.createUser()]);
});

const base = { companyName: 'Acme', position: 'Engineer' };
const tagsOf = async (ownerId: string, jobId: string) =>
  (await services.jobs.find(ownerId, jobId, { embed: (field) => field === 'tags' }))?.tags;

describe('a job’s tags', () => {
  it('are set on create, sorted by name case-insensitively, duplicates (any case) collapsed to the first spelling', async () => {
    const job = await services.jobs.create(ann.id, {
      ...base,
      tags: ['remote', ' Berlin ', 'REMOTE', 'b2b', 'berlin'],
    });
    expect(await tagsOf(ann.id, job.id)).toEqual(['b2b', 'Berlin', 'remote']);
    expect(await t.db.tag.findMany({ where: { userId: ann.id }, orderBy: { nameKey: 'asc' } })).toMatchObject([
      { name: 'b2b', nameKey: 'b2b' },
      { name: 'Berlin', nameKey: 'berlin' },
      { name: 'remote', nameKey: 'remote' },
    ]);
  });

  it('keep the first spelling the user wrote across jobs', async () => {
    await services.jobs.create(ann.id, { ...base, tags: ['Remote'] });
    const second = await services.jobs.create(ann.id, { ...base, tags: ['REMOTE', 'urgent'] });
    expect(await tagsOf(ann.id, second.id)).toEqual(['Remote', 'urgent']);
    // Bob's vocabulary is his own.
    const bobs = await services.jobs.create(bob.id, { ...base, tags: ['REMOTE'] });
    expect(await tagsOf(bob.id, bobs.id)).toEqual(['REMOTE']);
  });

  it('written by concurrent jobs for the first time, in different cases, become one tag', async () => {
    const spellings = ['New', 'new', 'NEW', 'nEw', 'neW'];
    const jobs = await Promise.all(spellings.map((tag) => services.jobs.create(ann.id, { ...base, tags: [tag] })));
    const stored = await t.db.tag.findMany({ where: { userId: ann.id } });
    expect(stored).toHaveLength(1);
    for (const job of jobs) expect(await tagsOf(ann.id, job.id)).toEqual([stored[0]!.name]);
    expect(await services.jobs.tags.list(ann.id)).toEqual([{ name: stored[0]!.name, count: 5 }]);
  });

  it('are replaced as a set by update; absent keeps them, [] and null clear them', async () => {
    const job = await services.jobs.create(ann.id, { ...base, tags: ['a', 'b'] });
    await services.jobs.update(ann.id, job.id, { tags: ['b', 'c'] });
    expect(await tagsOf(ann.id, job.id)).toEqual(['b', 'c']);
    await services.jobs.update(ann.id, job.id, { position: 'Lead' });
    expect(await tagsOf(ann.id, job.id)).toEqual(['b', 'c']);
    await services.jobs.update(ann.id, job.id, { tags: [] });
    expect(await tagsOf(ann.id, job.id)).toEqual([]);
    await services.jobs.update(ann.id, job.id, { tags: ['x'] });
    await services.jobs.update(ann.id, job.id, { tags: null });
    expect(await tagsOf(ann.id, job.id)).toEqual([]);
  });

  it('a refused update leaves the tags as they were (same transaction)', async () => {
    const job = await services.jobs.create(ann.id, { ...base, salaryMax: 10, tags: ['keep'] });
    await expectInvalidInput(
      services.jobs.update(ann.id, job.id, { tags: ['lost'], salaryMin: 20 }),
      'jobData.salaryMin',
      'must not be greater than salaryMax (10)',
    );
    expect(await tagsOf(ann.id, job.id)).toEqual(['keep']);
  });

  const twenty = Array.from({ length: 20 }, (_, index) => `tag ${index}`);
  it.each([
    [[...twenty, 'one more'], 'must hold at most 20 tags'],
    [['T'.repeat(51)], 'item 1 must be at most 50 characters'],
    [['ok', ' '], 'item 2 must not be empty'],
    [['ok', 7], 'item 2 must be a string'],
    [['İ'.repeat(50)], 'item 1 must be at most 50 characters once lower-cased'],
    ['remote', 'must be a list of strings'],
  ])('refuses %j naming jobData.tags, on create and update', async (tags, message) => {
    const field = 'jobData.tags';
    await expectInvalidInput(services.jobs.create(ann.id, { ...base, tags }), field, message);
    const job = await services.jobs.create(ann.id, { ...base, tags: ['kept'] });
    await expectInvalidInput(services.jobs.update(ann.id, job.id, { tags }), field, message);
    expect(await tagsOf(ann.id, job.id)).toEqual(['kept']);
    expect(await t.db.job.count({ where: { userId: ann.id } })).toBe(1);
  });

  it('takes 20 tags, and 21 spellings of 20 tags', async () => {
    const job = await services.jobs.create(ann.id, { ...base, tags: [...twenty, 'TAG 0'] });
    expect(await tagsOf(ann.id, job.id)).toHaveLength(20);
    await services.jobs.update(ann.id, job.id, { tags: ['T'.repeat(50)] });
    expect(await tagsOf(ann.id, job.id)).toEqual(['T'.repeat(50)]);
  });
});

describe('the tags list', () => {
  it('lists the tags some job carries, with counts (archived jobs included), by name', async () => {
    const one = await services.jobs.create(ann.id, { ...base, tags: ['remote', 'Berlin'] });
    const two = await services.jobs.create(ann.id, { ...base, tags: ['Remote'] });
    await services.jobs.create(ann.id, { ...base, tags: ['gone'] }).then((job) => services.jobs.delete(ann.id, job.id));
    await services.jobs.setArchived(ann.id, two.id, true);
    await services.jobs.create(bob.id, { ...base, tags: ['bob only', 'remote'] });
    expect(await services.jobs.tags.list(ann.id)).toEqual([
      { name: 'Berlin', count: 1 },
      { name: 'remote', count: 2 },
    ]);
    await services.jobs.update(ann.id, one.id, { tags: [] });
    expect(await services.jobs.tags.list(ann.id)).toEqual([{ name: 'remote', count: 1 }]);
  });
});

describe('renameTag', () => {
  it('renames the tag on every job of the owner', async () => {
    const jobs = await Promise.all([1, 2].map(() => services.jobs.create(ann.id, { ...base, tags: ['wfh', 'x'] })));
    const bobs = await services.jobs.create(bob.id, { ...base, tags: ['wfh'] });
    expect(await services.jobs.tags.rename(ann.id, 'WFH', ' Remote ')).toEqual({ name: 'Remote', count: 2 });
    for (const job of jobs) expect(await tagsOf(ann.id, job.id)).toEqual(['Remote', 'x']);
    expect(await tagsOf(bob.id, bobs.id)).toEqual(['wfh']);
  });

  it('changes only the spelling for a name of the same key', async () => {
    const job = await services.jobs.create(ann.id, { ...base, tags: ['remote'] });
    expect(await services.jobs.tags.rename(ann.id, 'remote', 'Remote')).toEqual({ name: 'Remote', count: 1 });
    expect(await tagsOf(ann.id, job.id)).toEqual(['Remote']);
  });

  it('merges into an existing tag: a job with both keeps one, counts add up', async () => {
    const both = await services.jobs.create(ann.id, { ...base, tags: ['wfh', 'Remote'] });
    const source = await services.jobs.create(ann.id, { ...base, tags: ['wfh'] });
    const target = await services.jobs.create(ann.id, { ...base, tags: ['remote'] });
    expect(await services.jobs.tags.rename(ann.id, 'wfh', 'REMOTE')).toEqual({ name: 'Remote', count: 3 });
    for (const job of [both, source, target]) expect(await tagsOf(ann.id, job.id)).toEqual(['Remote']);
    expect(await services.jobs.tags.list(ann.id)).toEqual([{ name: 'Remote', count: 3 }]);
  });

  it('is NOT_FOUND naming from for an unknown tag, another user’s, or one no job carries any more', async () => {
    await services.jobs.create(bob.id, { ...base, tags: ['bobs'] });
    const job = await services.jobs.create(ann.id, { ...base, tags: ['dropped', 'kept'] });
    await services.jobs.update(ann.id, job.id, { tags: ['kept'] });
    for (const from of ['nope', 'bobs', 'dropped']) {
      const error = await appError(services.jobs.tags.rename(ann.id, from, 'new'));
      expect([error.code, error.field, error.message]).toEqual(['NOT_FOUND', 'from', 'Tag not found']);
    }
    expect(await tagsOf(ann.id, job.id)).toEqual(['kept']);
    expect(await services.jobs.tags.list(bob.id)).toEqual([{ name: 'bobs', count: 1 }]);
  });

  it('refuses bad names naming the argument', async () => {
    await services.jobs.create(ann.id, { ...base, tags: ['a'] });
    await expectInvalidInput(services.jobs.tags.rename(ann.id, '', 'b'), 'from', 'must not be empty');
    await expectInvalidInput(
      services.jobs.tags.rename(ann.id, 'a', 'T'.repeat(51)),
      'to',
      'must be at most 50 characters',
    );
    expect(await services.jobs.tags.list(ann.id)).toEqual([{ name: 'a', count: 1 }]);
  });
});

describe('deleteTag', () => {
  it('removes the tag from every job of the owner, answering its stored name', async () => {
    const jobs = await Promise.all([1, 2].map(() => services.jobs.create(ann.id, { ...base, tags: ['Old', 'x'] })));
    const bobs = await services.jobs.create(bob.id, { ...base, tags: ['old'] });
    expect(await services.jobs.tags.delete(ann.id, 'OLD')).toBe('Old');
    for (const job of jobs) expect(await tagsOf(ann.id, job.id)).toEqual(['x']);
    expect(await services.jobs.tags.list(ann.id)).toEqual([{ name: 'x', count: 2 }]);
    expect(await tagsOf(bob.id, bobs.id)).toEqual(['old']);
  });

  it('is NOT_FOUND naming name for an unknown or another user’s tag', async () => {
    await services.jobs.create(bob.id, { ...base, tags: ['bobs'] });
    for (const name of ['nope', 'bobs']) {
      const error = await appError(services.jobs.tags.delete(ann.id, name));
      expect([error.code, error.field, error.message]).toEqual(['NOT_FOUND', 'name', 'Tag not found']);
    }
    expect(await services.jobs.tags.list(bob.id)).toEqual([{ name: 'bobs', count: 1 }]);
  });
});

describe('tag writes racing renames and deletes', () => {
  // Job saves lock their job, then their tags; renames and deletes lock the jobs carrying the tag,
  // then the tags. Taken in any other order, the three deadlock (PostgreSQL fails one of them).
  it('all succeed, and every job ends with a consistent set', async () => {
    for (let round = 0; round < 5; round += 1) {
      const [zeta, alpha, beta] = [`zeta${round}`, `alpha${round}`, `beta${round}`];
      const jobs = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((index) =>
          services.jobs.create(ann.id, { ...base, tags: [zeta, alpha, `own${round}-${index}`] }),
        ),
      );
      const [rename, remove, ...saves] = await Promise.allSettled([
        services.jobs.tags.rename(ann.id, zeta, alpha),
        services.jobs.tags.delete(ann.id, beta),
        ...jobs.map((job, index) =>
          services.jobs.update(ann.id, job.id, { tags: [beta, zeta, alpha, `own${round}-${index}`] }),
        ),
      ]);
      expect(saves.map((save) => save.status)).toEqual(saves.map(() => 'fulfilled'));
      expect(rename.status).toBe('fulfilled');
      // The delete may run before any save wrote the tag: then there is nothing to delete.
      if (remove.status === 'rejected') expect(remove.reason).toMatchObject({ code: 'NOT_FOUND', field: 'name' });
      for (const [index, job] of jobs.entries()) {
        const tags = (await tagsOf(ann.id, job.id)) ?? [];
        // Its own tag and alpha always stay; zeta and beta depend on which write came last.
        expect(tags).toEqual(expect.arrayContaining([alpha, `own${round}-${index}`]));
        expect(new Set(tags.map((tag) => tag.toLowerCase())).size).toBe(tags.length);
      }
      // The tags list counts exactly what the jobs carry.
      const carried = (await Promise.all(jobs.map((job) => tagsOf(ann.id, job.id)))).flatMap((tags) => tags ?? []);
      const listed = new Map((await services.jobs.tags.list(ann.id)).map((tag) => [tag.name, tag.count]));
      for (const name of new Set(carried)) {
        expect(listed.get(name)).toBe(carried.filter((tag) => tag === name).length);
      }
    }
  });
});
