// PLACEHOLDER for jobsConnection's `search` (the search work replaces this file wholesale with
// full text over tsvector + pg_trgm): a case-insensitive substring of the company or position.
// The signature is the agreed contract between the two; keep it.
import { Prisma } from '../../generated/prisma/client.ts';

export interface SearchMatch {
  /** A condition over the job of alias `j`. */
  where: Prisma.Sql;
  /** A float relevance over `j` (higher = better), the sort key of the relevance order. */
  rank: Prisma.Sql;
}

/** `text` as a LIKE pattern matching it anywhere, its wildcards taken literally. */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

/** null when the text holds no searchable word. */
export function searchMatch(text: string): SearchMatch | null {
  const words = text.trim();
  if (words.length === 0) return null;
  const pattern = containing(words);
  return {
    where: Prisma.sql`(j.company_name ILIKE ${pattern} OR j.position ILIKE ${pattern})`,
    // A company match ranks above a position match; both above either alone.
    rank: Prisma.sql`((CASE WHEN j.company_name ILIKE ${pattern} THEN 2 ELSE 0 END)
      + (CASE WHEN j.position ILIKE ${pattern} THEN 1 ELSE 0 END))::float8`,
  };
}
