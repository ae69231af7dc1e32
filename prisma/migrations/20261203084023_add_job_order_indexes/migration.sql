-- CreateIndex
CREATE INDEX "jobs_user_id_applied_on_id_idx" ON "jobs"("user_id", "applied_on", "id");

-- CreateIndex
CREATE INDEX "jobs_user_id_updated_at_id_idx" ON "jobs"("user_id", "updated_at", "id");

-- CreateIndex
CREATE INDEX "jobs_user_id_company_name_id_idx" ON "jobs"("user_id", "company_name", "id");

-- CreateIndex
CREATE INDEX "jobs_user_id_status_changed_at_id_idx" ON "jobs"("user_id", "status_changed_at", "id");

-- CreateIndex
CREATE INDEX "jobs_user_id_priority_id_idx" ON "jobs"("user_id", "priority", "id");

-- CreateIndex
CREATE INDEX "jobs_user_id_deadline_id_idx" ON "jobs"("user_id", "deadline", "id");
