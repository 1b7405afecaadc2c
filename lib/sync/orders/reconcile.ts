import "server-only";
import { magentoDateTime, parseMagentoDateTime } from "@/lib/magento/search-criteria";
import type { MagentoClient } from "@/lib/magento/client";
import type { TenantDb } from "@/lib/tenants/scope";
import { listOrders, type ListedOrder } from "./detect";

// The safety nets under the schedule. Hourly ("missing"): every Magento order placed since go-live
// that has no Brightpearl order yet and is not waiting on the merchant. Nightly ("lookback"): every
// order changed in the last 48 hours that is not linked — including failed ones, in case the
// order was meanwhile created in Brightpearl and only needs linking — and any status changes.

export const LOOKBACK_MS = 48 * 60 * 60_000;

export type Reconciliation = { toImport: ListedOrder[]; statusChanged: ListedOrder[] };

export async function ordersToReconcile(magento: MagentoClient, scoped: TenantDb, mode: "missing" | "lookback", goLiveAt: Date, now: Date): Promise<Reconciliation> {
  const orders =
    mode === "missing"
      ? await listOrders(magento, [[{ field: "created_at", value: magentoDateTime(goLiveAt), conditionType: "gteq" }]], "created_at")
      : await listOrders(magento, [[{ field: "updated_at", value: magentoDateTime(new Date(now.getTime() - LOOKBACK_MS)), conditionType: "gteq" }]]);
  const eligible = orders.filter((o) => parseMagentoDateTime(o.created_at) >= goLiveAt);
  const records = new Map(
    (await scoped.syncRecord.findMany({ where: { flow: "ORDERS", sourceId: { in: eligible.map((o) => String(o.entity_id)) } }, select: { sourceId: true, status: true, progress: true } })).map((r) => [
      r.sourceId,
      r,
    ]),
  );
  const toImport: ListedOrder[] = [];
  const statusChanged: ListedOrder[] = [];
  for (const order of eligible) {
    const record = records.get(String(order.entity_id));
    const status = record?.status;
    if (!record || status === "PENDING" || status === "RETRYING") toImport.push(order);
    else if (mode === "lookback" && (status === "FAILED" || status === "SKIPPED")) toImport.push(order);
    else if (mode === "lookback" && status === "SUCCEEDED" && (record.progress as { magentoStatus?: string } | null)?.magentoStatus !== order.status) statusChanged.push(order);
  }
  return { toImport, statusChanged };
}
