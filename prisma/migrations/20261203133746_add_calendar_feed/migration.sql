-- CreateEnum
CREATE TYPE "CalendarItemKind" AS ENUM ('interview', 'task', 'note', 'deadline');

-- CreateTable
CREATE TABLE "calendar_feeds" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_fetched_at" TIMESTAMPTZ(3),

    CONSTRAINT "calendar_feeds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calendar_item_revisions" (
    "kind" "CalendarItemKind" NOT NULL,
    "item_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changed_tx" BIGINT,
    "cancelled_at" TIMESTAMPTZ(3),
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "summary" TEXT,

    CONSTRAINT "calendar_item_revisions_pkey" PRIMARY KEY ("kind","item_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "calendar_feeds_user_id_key" ON "calendar_feeds"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "calendar_feeds"("token_hash");

-- CreateIndex
CREATE INDEX "calendar_item_revisions_user_id_cancelled_at_idx" ON "calendar_item_revisions"("user_id", "cancelled_at");

-- AddForeignKey
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "calendar_item_revisions" ADD CONSTRAINT "calendar_item_revisions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The calendar feed's SEQUENCE and cancelled events (SPEC Part 2, "calendar feed"), kept by
-- triggers so that every write path (services, merges, imports, cascades, raw SQL) counts, and no
-- service has to know the calendar. Prisma does not model functions or triggers, so no later
-- migration drops them. Every item has its row from its INSERT on (and from the backfill below
-- for older ones), so later writes only UPDATE it: a cascade from a deleted user never inserts a
-- row that would point at that user.

-- SEQUENCE grows once per transaction (changed_tx): a write and its follow-ups (an interview and
-- its contacts, a job and its events' summaries) are one change for a calendar app.

-- One change of an item. `had`/`has`: whether it had/has an event (a time) before/after the write;
-- `changed`: whether what its event shows changed. Losing its event (a delete, a cleared time)
-- keeps the event as it was, with the time it was cancelled at.
CREATE OR REPLACE FUNCTION calendar_item_changed(
  p_kind "CalendarItemKind", p_item uuid, p_had boolean, p_has boolean, p_changed boolean,
  p_starts timestamptz, p_ends timestamptz, p_summary text
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT p_changed THEN
    RETURN;
  END IF;
  UPDATE calendar_item_revisions AS r SET
    sequence = r.sequence + CASE WHEN r.changed_tx = txid_current() THEN 0 ELSE 1 END,
    changed_at = now(),
    changed_tx = txid_current(),
    cancelled_at = CASE WHEN p_has THEN NULL WHEN p_had THEN now() ELSE r.cancelled_at END,
    starts_at = CASE WHEN p_had AND NOT p_has THEN p_starts ELSE r.starts_at END,
    ends_at = CASE WHEN p_had AND NOT p_has THEN p_ends ELSE r.ends_at END,
    summary = CASE WHEN p_had AND NOT p_has THEN p_summary ELSE r.summary END
  WHERE r.kind = p_kind AND r.item_id = p_item;
END
$$;

-- A deleted item: an event becomes a cancelled one; an item that had none (an undated task, a note
-- without a reminder) leaves nothing behind, unless its event was cancelled within the 30 days.
CREATE OR REPLACE FUNCTION calendar_item_deleted(
  p_kind "CalendarItemKind", p_item uuid, p_had boolean, p_starts timestamptz, p_ends timestamptz, p_summary text
) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_had THEN
    PERFORM calendar_item_changed(p_kind, p_item, true, false, true, p_starts, p_ends, p_summary);
  ELSE
    DELETE FROM calendar_item_revisions WHERE kind = p_kind AND item_id = p_item AND cancelled_at IS NULL;
  END IF;
END
$$;

-- The summary of an item's event, as the feed writes it ("Interview: Engineer at Acme"), for the
-- cancelled event; NULL when the job is already gone (a cascade), and the feed says "Cancelled".
CREATE OR REPLACE FUNCTION calendar_job_label(p_job uuid) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT position || ' at ' || company_name FROM jobs WHERE id = p_job
$$;

CREATE OR REPLACE FUNCTION calendar_interviews_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO calendar_item_revisions (kind, item_id, user_id, changed_tx) VALUES ('interview', NEW.id, NEW.user_id, txid_current())
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM calendar_item_changed('interview', NEW.id, true, true,
      (OLD.scheduled_at, OLD.duration_minutes, OLD.kind, OLD.location, OLD.meeting_url, OLD.notes, OLD.outcome, OLD.job_id)
        IS DISTINCT FROM
      (NEW.scheduled_at, NEW.duration_minutes, NEW.kind, NEW.location, NEW.meeting_url, NEW.notes, NEW.outcome, NEW.job_id),
      NULL, NULL, NULL);
  ELSE
    PERFORM calendar_item_changed('interview', OLD.id, true, false, true, OLD.scheduled_at,
      OLD.scheduled_at + make_interval(mins => OLD.duration_minutes), 'Interview: ' || calendar_job_label(OLD.job_id));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER calendar_interviews AFTER INSERT OR UPDATE OR DELETE ON interviews
FOR EACH ROW EXECUTE FUNCTION calendar_interviews_changed();

-- Who takes part is in the interview's description.
CREATE OR REPLACE FUNCTION calendar_interview_contacts_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calendar_item_revisions
  SET sequence = sequence + CASE WHEN changed_tx = txid_current() THEN 0 ELSE 1 END,
    changed_at = now(), changed_tx = txid_current()
  WHERE kind = 'interview' AND item_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.interview_id ELSE NEW.interview_id END;
  RETURN NULL;
END
$$;

CREATE TRIGGER calendar_interview_contacts AFTER INSERT OR DELETE ON interview_contacts
FOR EACH ROW EXECUTE FUNCTION calendar_interview_contacts_changed();

CREATE OR REPLACE FUNCTION calendar_tasks_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO calendar_item_revisions (kind, item_id, user_id, changed_tx) VALUES ('task', NEW.id, NEW.user_id, txid_current())
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM calendar_item_changed('task', NEW.id, OLD.due_at IS NOT NULL, NEW.due_at IS NOT NULL,
      (OLD.title, OLD.due_at, OLD.completed_at, OLD.kind, OLD.job_id)
        IS DISTINCT FROM (NEW.title, NEW.due_at, NEW.completed_at, NEW.kind, NEW.job_id),
      OLD.due_at, OLD.due_at, 'Task: ' || OLD.title);
  ELSE
    PERFORM calendar_item_deleted('task', OLD.id, OLD.due_at IS NOT NULL,
      OLD.due_at, OLD.due_at, 'Task: ' || OLD.title);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER calendar_tasks AFTER INSERT OR UPDATE OR DELETE ON tasks
FOR EACH ROW EXECUTE FUNCTION calendar_tasks_changed();

CREATE OR REPLACE FUNCTION calendar_notes_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO calendar_item_revisions (kind, item_id, user_id, changed_tx)
    SELECT 'note'::"CalendarItemKind", NEW.id, j.user_id, txid_current() FROM jobs j WHERE j.id = NEW.job_id
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM calendar_item_changed('note', NEW.id, OLD.reminder_time IS NOT NULL, NEW.reminder_time IS NOT NULL,
      (OLD.content, OLD.reminder_time, OLD.job_id) IS DISTINCT FROM (NEW.content, NEW.reminder_time, NEW.job_id),
      OLD.reminder_time, OLD.reminder_time, 'Reminder: ' || calendar_job_label(OLD.job_id));
  ELSE
    PERFORM calendar_item_deleted('note', OLD.id, OLD.reminder_time IS NOT NULL,
      OLD.reminder_time, OLD.reminder_time, 'Reminder: ' || calendar_job_label(OLD.job_id));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER calendar_notes AFTER INSERT OR UPDATE OR DELETE ON notes
FOR EACH ROW EXECUTE FUNCTION calendar_notes_changed();

-- A job is the deadline's item; its company and position are in the summary of every event of it.
CREATE OR REPLACE FUNCTION calendar_jobs_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO calendar_item_revisions (kind, item_id, user_id, changed_tx) VALUES ('deadline', NEW.id, NEW.user_id, txid_current())
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM calendar_item_changed('deadline', NEW.id, OLD.deadline IS NOT NULL, NEW.deadline IS NOT NULL,
      (OLD.deadline, OLD.company_name, OLD.position) IS DISTINCT FROM (NEW.deadline, NEW.company_name, NEW.position),
      OLD.deadline::timestamp AT TIME ZONE 'UTC', (OLD.deadline + 1)::timestamp AT TIME ZONE 'UTC',
      'Deadline: ' || OLD.position || ' at ' || OLD.company_name);
    IF (OLD.company_name, OLD.position) IS DISTINCT FROM (NEW.company_name, NEW.position) THEN
      UPDATE calendar_item_revisions r
      SET sequence = r.sequence + CASE WHEN r.changed_tx = txid_current() THEN 0 ELSE 1 END,
        changed_at = now(), changed_tx = txid_current()
      WHERE r.user_id = NEW.user_id AND (
        (r.kind = 'interview' AND r.item_id IN (SELECT id FROM interviews WHERE job_id = NEW.id))
        OR (r.kind = 'task' AND r.item_id IN (SELECT id FROM tasks WHERE job_id = NEW.id))
        OR (r.kind = 'note' AND r.item_id IN (SELECT id FROM notes WHERE job_id = NEW.id)));
    END IF;
  ELSE
    PERFORM calendar_item_deleted('deadline', OLD.id, OLD.deadline IS NOT NULL,
      OLD.deadline::timestamp AT TIME ZONE 'UTC', (OLD.deadline + 1)::timestamp AT TIME ZONE 'UTC',
      'Deadline: ' || OLD.position || ' at ' || OLD.company_name);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER calendar_jobs AFTER INSERT OR UPDATE OR DELETE ON jobs
FOR EACH ROW EXECUTE FUNCTION calendar_jobs_changed();

-- The items written before this migration start at SEQUENCE 0.
INSERT INTO calendar_item_revisions (kind, item_id, user_id)
SELECT 'interview'::"CalendarItemKind", id, user_id FROM interviews
UNION ALL SELECT 'task'::"CalendarItemKind", id, user_id FROM tasks
UNION ALL SELECT 'note'::"CalendarItemKind", n.id, j.user_id FROM notes n JOIN jobs j ON j.id = n.job_id
UNION ALL SELECT 'deadline'::"CalendarItemKind", id, user_id FROM jobs
ON CONFLICT DO NOTHING;
