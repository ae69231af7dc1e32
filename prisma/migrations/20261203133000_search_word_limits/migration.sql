-- Search documents that can always be stored (issue 15 review). Before this, a write answered
-- an error instead of saving when its text held:
-- - a word of 2,039 to 2,047 bytes (a long pasted URL or token, ~680 CJK characters without a
--   space): 'simple' keeps words up to 2,047 bytes, and the owner key's 9 bytes pushed the keyed
--   lexeme past tsvector's 2,047-byte limit ("word is too long");
-- - very many distinct words: tsvector holds at most 1 MB of lexemes, and the key adds 9 bytes
--   to each ("string is too long for tsvector").
-- Now a keyed lexeme that would pass 2,047 bytes is left out (no one types such a word into a
-- search box), a document stops at 1,000,000 bytes, and the text fed to each part is bounded in
-- characters so that no part passes 1 MB before it is keyed (4 bytes per character at most, a
-- position entry per word). 20261203084011_add_search was changed to the same definitions, so a
-- database upgraded from the seed backfills with them; this migration brings them to databases
-- that had applied the earlier text.

-- `document` with every lexeme keyed by `owner`, positions and weights kept; in the document's
-- (sorted) order until the 1 MB budget is spent.
CREATE OR REPLACE FUNCTION search_keyed(document tsvector, owner uuid) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(entry, ' ' ORDER BY n), '')::tsvector
  FROM (
    SELECT d.n,
      search_quoted(key || d.lexeme) || ':'
        || (SELECT string_agg(p::text || w, ',') FROM unnest(d.positions, d.weights) AS x(p, w)) AS entry,
      -- tsvector counts a lexeme's bytes, its alignment and its positions (2 bytes each, and a count).
      sum(octet_length(key || d.lexeme) + 1 + 2 + 2 * cardinality(d.positions)) OVER (ORDER BY d.n) AS stored_bytes
    FROM unnest(document) WITH ORDINALITY d(lexeme, positions, weights, n), search_owner_key(owner) key
    WHERE octet_length(key || d.lexeme) <= 2047
  ) keyed
  WHERE stored_bytes <= 1000000
$$;

-- The search document of a job row. Weights: company and position A, tags B, location and
-- contacts' names C, description and notes D. Company, position, location and tags are short by
-- validation; contacts' names are capped at 20,000 characters, the description at 50,000 and the
-- notes (oldest first) at 80,000, so no part passes tsvector's 1 MB.
CREATE OR REPLACE FUNCTION job_search_vector(job jobs) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT search_keyed(
    setweight(to_tsvector('simple', coalesce(job.company_name, '') || ' ' || coalesce(job.position, '')), 'A')
    || setweight(to_tsvector('simple', coalesce(
         (SELECT string_agg(t.name, ' ') FROM job_tags jt JOIN tags t ON t.id = jt.tag_id WHERE jt.job_id = job.id),
         '')), 'B')
    || setweight(to_tsvector('simple', coalesce(job.location, '') || ' ' || left(coalesce(
         (SELECT string_agg(c.name, ' ') FROM job_contacts jc JOIN contacts c ON c.id = jc.contact_id
          WHERE jc.job_id = job.id),
         ''), 20000)), 'C')
    || setweight(to_tsvector('simple', left(coalesce(job.description, ''), 50000) || ' ' || left(coalesce(
         (SELECT string_agg(n.content, ' ' ORDER BY n.created_at, n.id) FROM notes n WHERE n.job_id = job.id),
         ''), 80000)), 'D'),
    job.user_id)
$$;
