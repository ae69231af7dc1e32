-- AlterTable
ALTER TABLE "reminder_deliveries" ADD COLUMN     "claimed_at" TIMESTAMPTZ(3),
ADD COLUMN     "claimed_by" VARCHAR(100);
