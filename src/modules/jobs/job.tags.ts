// Tags (SPEC Part 2, "Decisions: Tags"): a user's own vocabulary, unique per user
// case-insensitively (tags.name_key is the lower-cased name; the first spelling written is the one
// kept). A job's tags are replaced as a set in the job write's transaction. A tag no job carries
// any more may stay in the table; it is neither listed nor found by rename or delete, and is
// reused (with its old spelling) when the user writes it again.
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../infra/database.ts';
import { AppError } from '../../lib/errors.ts';
import { parseInput } from '../../lib/validation.ts';
import { TAG_MAX, tagKey, tagName } from './job.validation.ts';
import { TAG_ORDER } from './job.views.ts';

export interface TagView {
  name: string;
  /** How many of the user's jobs carry it. */
  count: number;
}

const tagNotFound = (argument: string) => new AppError('NOT_FOUND', 'Tag not found', { field: argument });

/** A tag name argument: trimmed, 1 to TAG_MAX characters, its key too. */
function parseTagName(value: unknown, argument: string): string {
  const name = parseInput(tagName(), value, argument);
  if (tagKey(name).length > TAG_MAX) throw AppError.invalid(argument, `must be at most ${TAG_MAX} characters`);
  return name;
}

export class TagService {
  constructor(private readonly db: Database) {}

  /** Inside `tx`: the job's tags become `names` (already validated and collapsed by key). */
  async replaceIn(
    tx: Prisma.TransactionClient,
    ownerId: string,
    jobId: string,
    names: readonly string[],
  ): Promise<void> {
    await tx.$executeRaw`DELETE FROM job_tags WHERE job_id = ${jobId}::uuid`;
    if (names.length === 0) return;
    const keys = names.map(tagKey);
    // Upserting (not DO NOTHING) locks each tag row, in key order so concurrent saves take them in
    // the same order: a rename or delete holding a tag makes this wait, and a tag deleted meanwhile
    // is written again instead of failing the job_tags foreign key.
    const tags = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO tags (id, user_id, name, name_key)
      SELECT gen_random_uuid(), ${ownerId}::uuid, given.name, given.key
      FROM unnest(${[...names]}::text[], ${keys}::text[]) AS given(name, key)
      ORDER BY given.key
      ON CONFLICT (user_id, name_key) DO UPDATE SET name = tags.name
      RETURNING id`;
    await tx.$executeRaw`
      INSERT INTO job_tags (job_id, tag_id)
      SELECT ${jobId}::uuid, tag_id FROM unnest(${tags.map((tag) => tag.id)}::uuid[]) AS tag_id`;
  }

  /** The owner's tags that at least one job carries, with their counts, by name: one statement. */
  async list(ownerId: string): Promise<TagView[]> {
    return this.db.sql.rows<TagView>(Prisma.sql`
      SELECT t.name, count(*)::int AS count
      FROM tags t JOIN job_tags jt ON jt.tag_id = t.id
      WHERE t.user_id = ${ownerId}::uuid
      GROUP BY t.id
      ORDER BY ${TAG_ORDER}`);
  }

  /** The tags of the owner's jobs among `jobIds`, by name (jobs without tags left out): one statement. */
  async ofJobs(ownerId: string, jobIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.db.sql.rows<{ jobId: string; tags: string[] }>(Prisma.sql`
      SELECT jt.job_id AS "jobId", json_agg(t.name ORDER BY ${TAG_ORDER}) AS tags
      FROM job_tags jt JOIN tags t ON t.id = jt.tag_id
      WHERE jt.job_id = ANY(${jobIds}::uuid[]) AND t.user_id = ${ownerId}::uuid
      GROUP BY jt.job_id`);
    return new Map(rows.map((row) => [row.jobId, row.tags]));
  }

  /**
   * Renames the tag `from` to `to` on every job; when the user already has `to` (any case), merges
   * into it: its jobs carry `to` (with its spelling), and `from` is gone. A job carrying both keeps
   * one, so no job passes the per-job limit. `to` of the same key only changes the spelling.
   */
  async rename(ownerId: string, from: unknown, to: unknown): Promise<TagView> {
    const fromName = parseTagName(from, 'from');
    const toName = parseTagName(to, 'to');
    return this.writing(ownerId, [tagKey(fromName), tagKey(toName)], async (tx) => {
      const source = await this.lockCarried(tx, ownerId, tagKey(fromName));
      if (!source) throw tagNotFound('from');
      const [target] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM tags WHERE user_id = ${ownerId}::uuid AND name_key = ${tagKey(toName)} FOR UPDATE`;
      if (!target || target.id === source.id) {
        await tx.$executeRaw`UPDATE tags SET name = ${toName}, name_key = ${tagKey(toName)} WHERE id = ${source.id}::uuid`;
        return this.viewIn(tx, source.id);
      }
      await tx.$executeRaw`
        INSERT INTO job_tags (job_id, tag_id)
        SELECT jt.job_id, ${target.id}::uuid FROM job_tags jt WHERE jt.tag_id = ${source.id}::uuid
        ON CONFLICT DO NOTHING`;
      await tx.$executeRaw`DELETE FROM tags WHERE id = ${source.id}::uuid`;
      return this.viewIn(tx, target.id);
    });
  }

  /** Removes the tag from every job of the owner; answers its name as stored. */
  async delete(ownerId: string, name: unknown): Promise<string> {
    const key = tagKey(parseTagName(name, 'name'));
    return this.writing(ownerId, [key], async (tx) => {
      const tag = await this.lockCarried(tx, ownerId, key);
      if (!tag) throw tagNotFound('name');
      await tx.$executeRaw`DELETE FROM tags WHERE id = ${tag.id}::uuid`;
      return tag.name;
    });
  }

  /**
   * A rename or delete of the tags of `keys`, in one transaction that first locks the jobs carrying
   * them (in id order), then the tags: the order a job save takes (its job row, then its tags), so
   * the two wait for each other instead of deadlocking.
   */
  private writing<T>(
    ownerId: string,
    keys: readonly string[],
    run: (tx: Prisma.TransactionClient) => Promise<T>,
  ): Promise<T> {
    return this.db.$transaction(async (tx) => {
      await tx.$queryRaw`
        SELECT j.id FROM jobs j
        WHERE j.user_id = ${ownerId}::uuid AND j.id IN (
          SELECT jt.job_id FROM job_tags jt JOIN tags t ON t.id = jt.tag_id
          WHERE t.user_id = ${ownerId}::uuid AND t.name_key = ANY(${[...keys]}::text[]))
        ORDER BY j.id
        FOR NO KEY UPDATE OF j`;
      return run(tx);
    });
  }

  /** The owner's tag of `key` when a job carries it, locked for the rest of `tx`. */
  private async lockCarried(
    tx: Prisma.TransactionClient,
    ownerId: string,
    key: string,
  ): Promise<{ id: string; name: string } | undefined> {
    const [tag] = await tx.$queryRaw<{ id: string; name: string }[]>`
      SELECT t.id, t.name FROM tags t
      WHERE t.user_id = ${ownerId}::uuid AND t.name_key = ${key}
        AND EXISTS (SELECT 1 FROM job_tags jt WHERE jt.tag_id = t.id)
      FOR UPDATE`;
    return tag;
  }

  private async viewIn(tx: Prisma.TransactionClient, tagId: string): Promise<TagView> {
    const [tag] = await tx.$queryRaw<TagView[]>`
      SELECT t.name, (SELECT count(*)::int FROM job_tags jt WHERE jt.tag_id = t.id) AS count
      FROM tags t WHERE t.id = ${tagId}::uuid`;
    if (!tag) throw tagNotFound('from');
    return tag;
  }
}
