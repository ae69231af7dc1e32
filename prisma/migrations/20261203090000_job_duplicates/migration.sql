-- Possible duplicates on createJob (SPEC Part 2, "Finding"). Trigram similarity of company names
-- and positions; the search helper's migration creates the extension too (both are fine).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The key two postings of one job share: scheme (http or https), host case, a leading `www.`,
-- default ports, the fragment, trailing slashes and the tracking parameters are ignored; the other
-- query parameters are sorted. NULL for NULL or a URL that is not http(s). Prisma does not model
-- functions or triggers, so no later migration drops them.
CREATE OR REPLACE FUNCTION job_url_key(url text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  -- Tracking parameters: they only say where a click came from (lower-case LIKE patterns).
  tracking_parameters CONSTANT text[] := ARRAY[
    'utm\_%',                                       -- utm_source, utm_medium, utm_campaign, ...
    'gclid', 'gbraid', 'wbraid', 'dclid',           -- Google Ads
    'fbclid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'igshid', 'li\_fat\_id',  -- other ad click ids
    'mc\_cid', 'mc\_eid', '\_hsenc', '\_hsmi',      -- mailing tools
    'ref', 'ref\_src', 'refid', 'referrer', 'src',  -- referrers
    'trk', 'trkinfo', 'trackingid', 'lipi'          -- job boards' own trackers (LinkedIn, ...)
  ];
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
  WHERE parameter <> '' AND NOT lower(split_part(parameter, '=', 1)) LIKE ANY (tracking_parameters);
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

-- The keys are stored: computing them for every job of a user on each createJob cost about 1 s
-- at 10,000 jobs (the regular expressions), reading them costs nothing. A trigger keeps them on
-- every write path (create, update, import, raw SQL), so no service can forget them.
ALTER TABLE "jobs" ADD COLUMN "company_key" TEXT,
ADD COLUMN "job_url_key" TEXT;

CREATE OR REPLACE FUNCTION jobs_keep_duplicate_keys() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.company_key := company_key(NEW.company_name);
  NEW.job_url_key := job_url_key(NEW.job_url);
  RETURN NEW;
END
$$;

CREATE TRIGGER jobs_duplicate_keys
BEFORE INSERT OR UPDATE OF company_name, job_url ON jobs
FOR EACH ROW EXECUTE FUNCTION jobs_keep_duplicate_keys();

UPDATE jobs SET company_key = company_key(company_name), job_url_key = job_url_key(job_url);
