-- CreateEnum
CREATE TYPE "ExternalSystem" AS ENUM ('BRIGHTPEARL', 'MAGENTO');

-- CreateTable
CREATE TABLE "DiscoverySnapshot" (
    "tenantId" TEXT NOT NULL,
    "system" "ExternalSystem" NOT NULL,
    "data" JSONB NOT NULL,
    "error" TEXT,
    "fetchedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DiscoverySnapshot_pkey" PRIMARY KEY ("tenantId","system")
);

-- AddForeignKey
ALTER TABLE "DiscoverySnapshot" ADD CONSTRAINT "DiscoverySnapshot_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

