-- CreateTable
CREATE TABLE "reminder_deliveries" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "item_kind" VARCHAR(20) NOT NULL,
    "item_id" UUID NOT NULL,
    "item_version" BIGINT NOT NULL,
    "lead_minutes" INTEGER NOT NULL DEFAULT 0,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "state" VARCHAR(12) NOT NULL DEFAULT 'scheduled',
    "skip_reason" VARCHAR(200),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reminder_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminder_workers" (
    "worker_id" VARCHAR(100) NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reminder_workers_pkey" PRIMARY KEY ("worker_id")
);

-- CreateTable
CREATE TABLE "follow_up_nudges" (
    "id" UUID NOT NULL,
    "job_id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "task_id" UUID,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follow_up_nudges_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "reminder_deliveries_state_due_at_idx" ON "reminder_deliveries"("state", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "reminder_deliveries_item_kind_item_id_item_version_lead_min_key" ON "reminder_deliveries"("item_kind", "item_id", "item_version", "lead_minutes");

-- CreateIndex
CREATE UNIQUE INDEX "follow_up_nudges_event_id_key" ON "follow_up_nudges"("event_id");

-- CreateIndex
CREATE INDEX "follow_up_nudges_job_id_idx" ON "follow_up_nudges"("job_id");

-- AddForeignKey
ALTER TABLE "reminder_deliveries" ADD CONSTRAINT "reminder_deliveries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up_nudges" ADD CONSTRAINT "follow_up_nudges_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
