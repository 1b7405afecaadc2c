-- AlterTable
ALTER TABLE "PendingProductChange" DROP COLUMN "requestedBy";

