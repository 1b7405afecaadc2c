import "server-only";
import type { SyncRecord } from "@/lib/generated/prisma/client";
import { findRecord, saveProgress } from "@/lib/sync/records";
import type { TenantDb } from "@/lib/tenants/scope";

// The link the orders import leaves behind: its ORDERS record is keyed by the Magento order id and
// names the Brightpearl order it created. Fulfilment follows it back from Brightpearl to Magento.

export type LinkedOrder = { magentoOrderId: number; record: SyncRecord };

/** The Magento order a Brightpearl sales order was imported from, when the connector imported it. */
export async function linkedMagentoOrder(scoped: TenantDb, brightpearlOrderId: number): Promise<LinkedOrder | undefined> {
  const record = await scoped.syncRecord.findFirst({ where: { flow: "ORDERS", targetId: String(brightpearlOrderId) }, orderBy: { createdAt: "asc" } });
  if (!record || !/^\d+$/.test(record.sourceId)) return undefined;
  return { magentoOrderId: Number(record.sourceId), record };
}

/**
 * Before the connector itself changes a Magento order's status, the orders flow is told the new
 * status is already known, so its status follower does not carry it back into Brightpearl.
 */
export async function rememberMagentoStatus(scoped: TenantDb, tenantId: string, magentoOrderId: number, status: string | undefined): Promise<void> {
  const key = { tenantId, flow: "ORDERS" as const, sourceId: String(magentoOrderId) };
  const record = await findRecord(scoped, key);
  if (!record) return;
  const progress = (record.progress ?? {}) as Record<string, unknown>;
  if (progress.magentoStatus === status) return;
  await saveProgress(scoped, key, { ...progress, magentoStatus: status });
}
