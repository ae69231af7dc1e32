// Full-text search over a user's jobs (SPEC Part 2, "Finding"). PostgreSQL keeps the document
// (jobs.search_vector, maintained by the triggers of the add_search migration from the job's
// text, tags, notes and contacts' names); this file turns what a person typed into SQL over it.
//
// The text is read like a search-as-you-type box, websearch-style:
//   soft eng          every word required, in any order, each one a prefix ("Software Engineer")
//   "exact phrase"    these words next to each other, in this order (a quote left open while
//                     typing counts as plain words)
//   -word, -"phrase"  jobs with it are left out
// A job matches when its document matches, OR its company is trigram-similar to the words typed
// (typo tolerance: "Gogle" finds "Google"). User text only ever reaches PostgreSQL as bound
// parameters, and only through functions that cannot fail on it (search_prefix_query and
// search_phrase_query take its words from to_tsvector): tsquery operators and quotes in the input
// are plain characters.
import { Prisma } from '../../generated/prisma/client.ts';

export interface SearchMatch {
  /** A condition over the job of alias `j`. */
  where: Prisma.Sql;
  /** A float relevance over `j` (higher = better), the sort key of the relevance order. */
  rank: Prisma.Sql;
}

/**
 * The least word_similarity (pg_trgm) between the words typed and some stretch of the company
 * name for a company match: pg_trgm's default `word_similarity_threshold`, which its `<%`
 * operator (the one the trigram index serves) applies; repeated here so that a server set
 * otherwise cannot loosen it. "gogle" against "Google" scores 0.625.
 */
const COMPANY_SIMILARITY_MIN = 0.6;

/** ts_rank normalisation 1: divide by 1 + log(document length), so long notes do not outrank a title. */
const RANK_NORMALIZATION = 1;

/** A word or phrase holds something searchable when it has a letter or a digit. */
const SEARCHABLE = /[\p{L}\p{N}]/u;

/** A quoted phrase (its closing quote may be missing), or a run of non-space characters. */
const TOKEN = /(-?)"([^"]*)("?)|(\S+)/gu;

interface ParsedSearch {
  /** The plain words, each a required prefix. */
  words: string[];
  /** Required exact phrases. */
  phrases: string[];
  /** Words and phrases whose jobs are left out. */
  excluded: string[];
}

function parseSearch(text: string): ParsedSearch {
  const parsed: ParsedSearch = { words: [], phrases: [], excluded: [] };
  // PostgreSQL text cannot hold NUL: as a separator it changes nothing, and cannot fail the query.
  for (const [, minus, phrase, closed, bare] of text.replaceAll('\u0000', ' ').matchAll(TOKEN)) {
    if (phrase !== undefined) {
      if (!SEARCHABLE.test(phrase)) continue;
      if (minus) parsed.excluded.push(phrase);
      else if (closed) parsed.phrases.push(phrase);
      else parsed.words.push(phrase);
    } else if (bare !== undefined && SEARCHABLE.test(bare)) {
      if (bare.startsWith('-') && SEARCHABLE.test(bare.slice(1))) parsed.excluded.push(bare.slice(1));
      else parsed.words.push(bare);
    }
  }
  return parsed;
}

/**
 * null when the text holds no searchable word.
 *
 * `ownerId`: the user whose jobs are searched (the query's `j.user_id = ...`). The documents'
 * words are keyed by their owner (migration add_search), so the query is built for that owner,
 * and only such a query can be answered from the GIN index.
 */
export function searchMatch(text: string, ownerId: string): SearchMatch | null {
  const { words, phrases, excluded } = parseSearch(text);
  if (words.length + phrases.length + excluded.length === 0) return null;
  const owner = Prisma.sql`${ownerId}::uuid`;

  const required: Prisma.Sql[] = [];
  if (words.length > 0) required.push(Prisma.sql`search_prefix_query(${owner}, ${words.join(' ')}::text)`);
  for (const phrase of phrases) required.push(Prisma.sql`search_phrase_query(${owner}, ${phrase}::text)`);

  const conditions: Prisma.Sql[] = [];
  let rank = Prisma.sql`0::float8`;
  if (required.length > 0) {
    const query = Prisma.sql`(${Prisma.join(required, ' && ')})`;
    // The whole positive text, as typed, against the company name.
    const typed = [...words, ...phrases].join(' ');
    conditions.push(
      Prisma.sql`(j.search_vector @@ ${query} OR (${typed}::text <% j.company_name AND word_similarity(${typed}::text, j.company_name) >= ${COMPANY_SIMILARITY_MIN}::float4))`,
    );
    rank = Prisma.sql`(coalesce(ts_rank(j.search_vector, ${query}, ${RANK_NORMALIZATION}::int), 0)::float8 + word_similarity(${typed}::text, j.company_name)::float8)`;
  }
  if (excluded.length > 0) {
    // Whole words, not prefixes: "-go" must not leave out every "Google" job.
    const left = excluded.map((part) => Prisma.sql`search_phrase_query(${owner}, ${part}::text)`);
    conditions.push(Prisma.sql`NOT coalesce(j.search_vector @@ (${Prisma.join(left, ' || ')}), false)`);
  }
  return { where: Prisma.sql`(${Prisma.join(conditions, ' AND ')})`, rank };
}
