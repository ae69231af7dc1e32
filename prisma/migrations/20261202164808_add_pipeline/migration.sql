-- CreateEnum
CREATE TYPE "WorkMode" AS ENUM ('onsite', 'hybrid', 'remote');

-- CreateEnum
CREATE TYPE "SalaryPeriod" AS ENUM ('hour', 'day', 'month', 'year');

-- CreateEnum
CREATE TYPE "InterviewKind" AS ENUM ('phone_screen', 'technical', 'behavioral', 'onsite', 'panel', 'final', 'other');

-- CreateEnum
CREATE TYPE "InterviewOutcome" AS ENUM ('pending', 'passed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('follow_up', 'prepare', 'thank_you', 'other');

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "archived" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "deadline" DATE,
ADD COLUMN     "description" TEXT,
ADD COLUMN     "job_url" VARCHAR(2048),
ADD COLUMN     "location" VARCHAR(200),
ADD COLUMN     "priority" SMALLINT,
ADD COLUMN     "salary_currency" CHAR(3),
ADD COLUMN     "salary_max" INTEGER,
ADD COLUMN     "salary_min" INTEGER,
ADD COLUMN     "salary_period" "SalaryPeriod",
ADD COLUMN     "source" VARCHAR(100),
ADD COLUMN     "status_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "work_mode" "WorkMode";

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "follow_up_after_days" INTEGER NOT NULL DEFAULT 7,
ADD COLUMN     "ghosted_after_days" INTEGER NOT NULL DEFAULT 21,
ADD COLUMN     "interview_reminder_lead_minutes" INTEGER[] DEFAULT ARRAY[1440, 60]::INTEGER[],
ADD COLUMN     "reminder_emails" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "time_zone" VARCHAR(64) NOT NULL DEFAULT 'UTC';

-- CreateTable
CREATE TABLE "job_status_events" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "from_status" "JobStatus",
    "to_status" "JobStatus" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_status_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tags" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "name_key" VARCHAR(50) NOT NULL,

    CONSTRAINT "tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_tags" (
    "job_id" UUID NOT NULL,
    "tag_id" UUID NOT NULL,

    CONSTRAINT "job_tags_pkey" PRIMARY KEY ("job_id","tag_id")
);

-- CreateTable
CREATE TABLE "contacts" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(50),
    "role" VARCHAR(200),
    "company" VARCHAR(200),
    "linkedin_url" VARCHAR(2048),
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_contacts" (
    "job_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_contacts_pkey" PRIMARY KEY ("job_id","contact_id")
);

-- CreateTable
CREATE TABLE "interviews" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "scheduled_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_minutes" SMALLINT NOT NULL DEFAULT 60,
    "kind" "InterviewKind" NOT NULL DEFAULT 'other',
    "location" VARCHAR(200),
    "meeting_url" VARCHAR(2048),
    "notes" TEXT,
    "outcome" "InterviewOutcome" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "interviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "interview_contacts" (
    "interview_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,

    CONSTRAINT "interview_contacts_pkey" PRIMARY KEY ("interview_id","contact_id")
);

-- CreateTable
CREATE TABLE "tasks" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "job_id" UUID,
    "title" VARCHAR(200) NOT NULL,
    "due_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "kind" "TaskKind" NOT NULL DEFAULT 'other',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "job_status_events_job_id_occurred_at_id_idx" ON "job_status_events"("job_id", "occurred_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "tags_user_id_name_key_key" ON "tags"("user_id", "name_key");

-- CreateIndex
CREATE INDEX "job_tags_tag_id_idx" ON "job_tags"("tag_id");

-- CreateIndex
CREATE INDEX "contacts_user_id_name_id_idx" ON "contacts"("user_id", "name", "id");

-- CreateIndex
CREATE INDEX "job_contacts_contact_id_idx" ON "job_contacts"("contact_id");

-- CreateIndex
CREATE INDEX "interviews_user_id_scheduled_at_id_idx" ON "interviews"("user_id", "scheduled_at", "id");

-- CreateIndex
CREATE INDEX "interviews_job_id_scheduled_at_id_idx" ON "interviews"("job_id", "scheduled_at", "id");

-- CreateIndex
CREATE INDEX "interview_contacts_contact_id_idx" ON "interview_contacts"("contact_id");

-- CreateIndex
CREATE INDEX "tasks_user_id_due_at_id_idx" ON "tasks"("user_id", "due_at", "id");

-- CreateIndex
CREATE INDEX "tasks_job_id_due_at_id_idx" ON "tasks"("job_id", "due_at", "id");

-- AddForeignKey
ALTER TABLE "job_status_events" ADD CONSTRAINT "job_status_events_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tags" ADD CONSTRAINT "tags_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_tags" ADD CONSTRAINT "job_tags_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_tags" ADD CONSTRAINT "job_tags_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tags"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_contacts" ADD CONSTRAINT "job_contacts_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_contacts" ADD CONSTRAINT "job_contacts_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interview_contacts" ADD CONSTRAINT "interview_contacts_interview_id_fkey" FOREIGN KEY ("interview_id") REFERENCES "interviews"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "interview_contacts" ADD CONSTRAINT "interview_contacts_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Data: every existing job gets its creation event (SPEC.md Part 2, "Status history"), with
-- its current status, at its appliedOn (midnight UTC) when that day is before its createdAt
-- (an application logged after it was sent), else at its createdAt. Its status began then.
INSERT INTO "job_status_events" ("id", "job_id", "from_status", "to_status", "occurred_at")
SELECT gen_random_uuid(), "id", NULL, "status",
       LEAST("created_at", ("applied_on"::timestamp AT TIME ZONE 'UTC'))
FROM "jobs";

UPDATE "jobs" SET "status_changed_at" = LEAST("created_at", ("applied_on"::timestamp AT TIME ZONE 'UTC'));
