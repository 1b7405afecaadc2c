-- CreateTable
CREATE TABLE "PendingProductChange" (
    "tenantId" TEXT NOT NULL,
    "productId" INTEGER NOT NULL,
    "stock" BOOLEAN NOT NULL DEFAULT false,
    "product" BOOLEAN NOT NULL DEFAULT false,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestedBy" TEXT,

    CONSTRAINT "PendingProductChange_pkey" PRIMARY KEY ("tenantId","productId")
);

-- CreateTable
CREATE TABLE "ProductChangeFlush" (
    "tenantId" TEXT NOT NULL,
    "requestedAt" TIMESTAMPTZ(3),
    "requestedBy" TEXT,

    CONSTRAINT "ProductChangeFlush_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "DriftReport" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "flow" "Flow" NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'RUNNING',
    "compared" INTEGER NOT NULL DEFAULT 0,
    "differences" INTEGER NOT NULL DEFAULT 0,
    "fixed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "onlyInBrightpearl" INTEGER NOT NULL DEFAULT 0,
    "onlyInMagento" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DriftReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DriftItem" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "scope" TEXT,
    "brightpearlValue" TEXT,
    "magentoBefore" TEXT,
    "magentoAfter" TEXT,
    "error" TEXT,

    CONSTRAINT "DriftItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogAuditRequest" (
    "tenantId" TEXT NOT NULL,
    "flow" "Flow" NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CatalogAuditRequest_pkey" PRIMARY KEY ("tenantId","flow")
);

-- CreateIndex
CREATE INDEX "ProductChangeFlush_requestedAt_idx" ON "ProductChangeFlush"("requestedAt");

-- CreateIndex
CREATE INDEX "DriftReport_tenantId_flow_startedAt_idx" ON "DriftReport"("tenantId", "flow", "startedAt");

-- CreateIndex
CREATE INDEX "DriftItem_reportId_kind_idx" ON "DriftItem"("reportId", "kind");

-- CreateIndex
CREATE INDEX "DriftItem_tenantId_idx" ON "DriftItem"("tenantId");

-- CreateIndex
CREATE INDEX "SyncRecord_tenantId_flow_targetId_idx" ON "SyncRecord"("tenantId", "flow", "targetId");

-- AddForeignKey
ALTER TABLE "PendingProductChange" ADD CONSTRAINT "PendingProductChange_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductChangeFlush" ADD CONSTRAINT "ProductChangeFlush_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriftReport" ADD CONSTRAINT "DriftReport_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriftItem" ADD CONSTRAINT "DriftItem_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DriftItem" ADD CONSTRAINT "DriftItem_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "DriftReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CatalogAuditRequest" ADD CONSTRAINT "CatalogAuditRequest_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

