import "server-only";
import type { SyncRecord } from "@/lib/generated/prisma/client";
import type { TenantDb } from "@/lib/tenants/scope";
import { mergeProgress } from "@/lib/sync/progress";

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
  await mergeProgress(scoped, { tenantId, flow: "ORDERS", sourceId: String(magentoOrderId) }, { magentoStatus: status ?? null });
}

/**
 * The Brightpearl status the statuses flow measures a change from: the last one it wrote back to
 * Magento (or the orders flow set), else the one the order was imported with.
 */
export function statusBaseline(statusProgress: unknown, ordersProgress: unknown): number | undefined {
  const last = (statusProgress as { lastStatusId?: unknown } | null)?.lastStatusId;
  if (typeof last === "number") return last;
  const imported = (ordersProgress as { brightpearlStatusId?: unknown } | null)?.brightpearlStatusId;
  return typeof imported === "number" ? imported : undefined;
}

/** The statuses flow's record of a Brightpearl order written back to Magento. */
export const STATUS_SOURCE_PREFIX = "to-magento:";
export const statusSourceId = (brightpearlOrderId: number) => `${STATUS_SOURCE_PREFIX}${brightpearlOrderId}`;
/** The Brightpearl order of such a record; undefined for the orders flow's ORDER_STATUS records. */
export function orderOfStatusSourceId(sourceId: string): number | undefined {
  const m = /^to-magento:(\d+)$/.exec(sourceId);
  return m ? Number(m[1]) : undefined;
}

/**
 * The orders flow has just set this Brightpearl status itself: both directions learn it, so the
 * statuses flow does not write it back to Magento (and so on, round and round).
 */
export async function rememberBrightpearlStatus(scoped: TenantDb, tenantId: string, link: { magentoOrderId: number; brightpearlOrderId: number }, statusId: number): Promise<void> {
  await mergeProgress(scoped, { tenantId, flow: "ORDERS", sourceId: String(link.magentoOrderId) }, { brightpearlStatusId: statusId });
  await mergeProgress(scoped, { tenantId, flow: "ORDER_STATUS", sourceId: statusSourceId(link.brightpearlOrderId) }, { lastStatusId: statusId });
}
