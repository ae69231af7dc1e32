-- Full-text search and company similarity (SPEC Part 2, "Finding"; issue 15).
--
-- jobs.search_vector is kept by PostgreSQL, never by the app: a BEFORE trigger on jobs for its
-- own text, and statement-level triggers (transition tables: one recompute per job per
-- statement, however many rows it touched) on notes, job_tags, tags, job_contacts and contacts.
-- Every one of them goes through job_search_vector, the single definition of the document.
-- search_keyed and job_search_vector were changed after release (20261203133000_search_word_limits).
--
-- Configuration 'simple': lower-cased words, no stemming and no stop words. Search is
-- search-as-you-type, each word a prefix; 'english' stems the stored words ("engineer" is kept as
-- "engin"), so a typed prefix that runs past the stem ("enginee") finds nothing, and it would
-- also stem company and people's names. 'simple' keeps every prefix of the written word.
--
-- prisma/schema.prisma describes the column and both indexes (tests/db/search-schema-drift.test.ts
-- checks that a new migration changes nothing); the functions and triggers are invisible to Prisma.

-- Both ship with PostgreSQL contrib (and with the embedded PostgreSQL of `npm start`).
-- btree_gin: user_id inside the GIN indexes, so one user's search reads only that user's entries.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "search_vector" tsvector;

-- Lexemes are keyed by their owner: "acme" of user U is stored as '<key(U)>_acme', where key
-- is 8 hex digits of md5(U). A prefix query ('soft':*) makes GIN collect every lexeme in the
-- prefix's range with all their rows before it intersects them with the user; keyed, that
-- range holds only the user's own lexemes, so a user's search costs the same however many jobs
-- other users have (docs/PERFORMANCE.md, "Finding: search": 30x without the key at 1,000,000
-- jobs). Two users sharing a key only share index ranges; `user_id = ...` still decides.
CREATE FUNCTION search_owner_key(owner uuid) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT left(md5(owner::text), 8) || '_'
$$;

-- A lexeme quoted for tsvector and tsquery input.
CREATE FUNCTION search_quoted(lexeme text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || ''''
$$;

-- `document` with every lexeme keyed by `owner`, positions and weights kept; in the document's
-- (sorted) order until the 1 MB budget is spent.
CREATE FUNCTION search_keyed(document tsvector, owner uuid) RETURNS tsvector
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
CREATE FUNCTION job_search_vector(job jobs) RETURNS tsvector
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

-- The same, recomputed from the stored job: what the triggers of the related tables use.
CREATE FUNCTION job_search_vector(job_id uuid) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT job_search_vector(j) FROM jobs j WHERE j.id = job_id
$$;

CREATE FUNCTION refresh_job_search_vectors(job_ids uuid[]) RETURNS void
LANGUAGE sql AS $$
  UPDATE jobs SET search_vector = job_search_vector(id) WHERE id = ANY (job_ids)
$$;

-- jobs: its own text columns, and its owner (the lexemes' key). A new job has no notes, tags or
-- contacts yet (they reference it).
CREATE FUNCTION jobs_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := job_search_vector(NEW);
  RETURN NEW;
END
$$;

CREATE TRIGGER jobs_search_vector
  BEFORE INSERT OR UPDATE OF company_name, position, description, location, user_id ON jobs
  FOR EACH ROW EXECUTE FUNCTION jobs_search_vector_trigger();

-- notes, job_tags and job_contacts (all have job_id): a row added, moved or removed (also by
-- the cascade of a deleted job, tag or contact) recomputes the jobs of its old and new rows.
CREATE FUNCTION job_rows_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM refresh_job_search_vectors(ARRAY(SELECT DISTINCT job_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM refresh_job_search_vectors(ARRAY(SELECT DISTINCT job_id FROM old_rows));
  ELSE
    PERFORM refresh_job_search_vectors(ARRAY(SELECT job_id FROM old_rows UNION SELECT job_id FROM new_rows));
  END IF;
  RETURN NULL;
END
$$;

-- A note's update counts only when its text or its job changed (mergeJobs moves notes); a
-- reminder edit leaves the document as it is.
CREATE FUNCTION notes_update_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_job_search_vectors(ARRAY(
    SELECT unnest(ARRAY[o.job_id, n.job_id]) FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o.content IS DISTINCT FROM n.content OR o.job_id IS DISTINCT FROM n.job_id));
  RETURN NULL;
END
$$;

CREATE TRIGGER notes_search_vector_insert AFTER INSERT ON notes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION job_rows_search_vector_trigger();
CREATE TRIGGER notes_search_vector_update AFTER UPDATE ON notes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION notes_update_search_vector_trigger();
CREATE TRIGGER notes_search_vector_delete AFTER DELETE ON notes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION job_rows_search_vector_trigger();

-- The same three triggers on both link tables.
DO $$
DECLARE
  link text;
BEGIN
  FOREACH link IN ARRAY ARRAY['job_tags', 'job_contacts'] LOOP
    EXECUTE format('CREATE TRIGGER %1$I AFTER INSERT ON %2$I REFERENCING NEW TABLE AS new_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION job_rows_search_vector_trigger()', link || '_search_vector_insert', link);
    EXECUTE format('CREATE TRIGGER %1$I AFTER UPDATE ON %2$I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION job_rows_search_vector_trigger()', link || '_search_vector_update', link);
    EXECUTE format('CREATE TRIGGER %1$I AFTER DELETE ON %2$I REFERENCING OLD TABLE AS old_rows '
      'FOR EACH STATEMENT EXECUTE FUNCTION job_rows_search_vector_trigger()', link || '_search_vector_delete', link);
  END LOOP;
END
$$;

-- tags and contacts: a rename reaches every job linked to the renamed row (a delete goes through
-- the link table's cascade). TG_ARGV: the link table and its column that references the row.
CREATE FUNCTION renamed_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'SELECT refresh_job_search_vectors(ARRAY(SELECT DISTINCT link.job_id FROM old_rows o '
    'JOIN new_rows n ON n.id = o.id JOIN %I link ON link.%I = n.id WHERE o.name IS DISTINCT FROM n.name))',
    TG_ARGV[0], TG_ARGV[1]);
  RETURN NULL;
END
$$;

CREATE TRIGGER tags_search_vector_update AFTER UPDATE ON tags
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION renamed_search_vector_trigger('job_tags', 'tag_id');
CREATE TRIGGER contacts_search_vector_update AFTER UPDATE ON contacts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION renamed_search_vector_trigger('job_contacts', 'contact_id');

-- Backfill the jobs that exist (before the indexes: one index build instead of row by row).
UPDATE jobs SET search_vector = job_search_vector(jobs);

-- The queries of a search's text for `owner`'s jobs. The words are those the 'simple' parser
-- finds in the text (so any text is safe, and it splits the text as it split the documents),
-- keyed like the documents. Empty when the text has no word.
-- Plain words: each a prefix, all required ('soft:* & eng:*').
CREATE FUNCTION search_prefix_query(owner uuid, words text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(search_quoted(key || d.lexeme) || ':*', ' & ' ORDER BY d.lexeme), '')::tsquery
  FROM unnest(to_tsvector('simple', words)) d, search_owner_key(owner) key
$$;

-- A phrase: its whole words next to each other, in order ('remote <-> first').
CREATE FUNCTION search_phrase_query(owner uuid, phrase text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(search_quoted(key || d.lexeme), ' <-> ' ORDER BY p), '')::tsquery
  FROM unnest(to_tsvector('simple', phrase)) d, unnest(d.positions) p, search_owner_key(owner) key
$$;

-- CreateIndex
CREATE INDEX "jobs_search_idx" ON "jobs" USING GIN ("user_id" uuid_ops, "search_vector");

-- CreateIndex
CREATE INDEX "jobs_company_trgm_idx" ON "jobs" USING GIN ("user_id" uuid_ops, "company_name" gin_trgm_ops);
