-- Possible duplicates on createJob (SPEC Part 2, "Finding"). Trigram similarity of company names
-- and positions; the search helper's migration creates the extension too (both are fine).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The key two postings of one job share: scheme (http or https), host case, a leading `www.`,
-- default ports, the fragment, trailing slashes and the tracking parameters are ignored; the other
-- query parameters are sorted. `ignored_parameters` are lower-case LIKE patterns (the service's
-- named list, TRACKING_PARAMETERS in src/modules/jobs/job.duplicates.ts). NULL for NULL or a URL
-- that is not http(s). Prisma does not model functions, so no later migration drops it.
CREATE OR REPLACE FUNCTION job_url_key(url text, ignored_parameters text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  parts text[];
  host text;
  query text;
BEGIN
  parts := regexp_match(btrim(url), '^https?://(?:[^/?#@]*@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?', 'i');
  IF parts IS NULL THEN
    RETURN NULL;
  END IF;
  host := regexp_replace(regexp_replace(lower(parts[1]), '^www\.', ''), ':(80|443)$', '');
  SELECT string_agg(parameter, '&' ORDER BY parameter COLLATE "C") INTO query
  FROM unnest(string_to_array(parts[3], '&')) AS parameter
  WHERE parameter <> '' AND NOT lower(split_part(parameter, '=', 1)) LIKE ANY (ignored_parameters);
  RETURN host || regexp_replace(parts[2], '/+$', '') || coalesce('?' || query, '');
END
$$;

-- A company name as duplicates compare it: lower case, dots dropped (S.A. = SA), other
-- punctuation as spaces, and trailing legal suffixes (Inc, LLC, Ltd, GmbH, AG, SA, BV, Corp, Co,
-- plc, ...) removed; the name itself when nothing else is left ("Co").
CREATE OR REPLACE FUNCTION company_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(nullif(btrim(regexp_replace(cleaned,
    '(\s+(inc|incorporated|llc|l l c|ltd|limited|gmbh|ag|sa|bv|nv|corp|corporation|co|company|plc|srl|sarl|sas|spa|oy|oyj|ab|as|kg|pty|pte|lp|llp|sl|se|kk|group))+$',
    '')), ''), cleaned)
  FROM (SELECT btrim(regexp_replace(replace(lower(name), '.', ''), '[^[:alnum:]]+', ' ', 'g')) AS cleaned) AS c
$$;
