-- CreateTable
CREATE TABLE "BrightpearlProduct" (
    "tenantId" TEXT NOT NULL,
    "productId" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT,
    "stockTracked" BOOLEAN NOT NULL DEFAULT true,
    "syncedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BrightpearlProduct_pkey" PRIMARY KEY ("tenantId","productId")
);

-- CreateTable
CREATE TABLE "CustomerLink" (
    "tenantId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "contactId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerLink_pkey" PRIMARY KEY ("tenantId","email")
);

-- CreateTable
CREATE TABLE "BrightpearlBudget" (
    "tenantId" TEXT NOT NULL,
    "sentAt" BIGINT[],

    CONSTRAINT "BrightpearlBudget_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE INDEX "BrightpearlProduct_tenantId_sku_idx" ON "BrightpearlProduct"("tenantId", "sku");

-- AddForeignKey
ALTER TABLE "BrightpearlProduct" ADD CONSTRAINT "BrightpearlProduct_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerLink" ADD CONSTRAINT "CustomerLink_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BrightpearlBudget" ADD CONSTRAINT "BrightpearlBudget_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

