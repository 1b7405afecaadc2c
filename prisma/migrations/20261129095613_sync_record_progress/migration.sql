-- AlterTable
ALTER TABLE "SyncRecord" ADD COLUMN     "blockedBy" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "progress" JSONB;

