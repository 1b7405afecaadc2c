import "server-only";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import type { TenantDb } from "@/lib/tenants/scope";
import { requeueEventId, strandedRecords } from "@/lib/sync/failure";
import { ordersChangedSince } from "./brightpearl-order-state";
import { orderOfStatusSourceId, STATUS_SOURCE_PREFIX, statusBaseline, statusSourceId } from "@/lib/sync/shipments/linked-order";
import { readCursor, writeCursor } from "@/lib/sync/progress";

// The safety net under the order-status webhooks, and the only way an invoice is noticed between
// status changes: the connector's sales orders updated since the last look are compared with what
// was last written back, and those that moved are followed.

export const CURSOR = "brightpearl-updated-on";
export const OVERLAP_MS = 5 * 60_000;
export const FIRST_LOOK_MS = 24 * 60 * 60_000;

export const readStatusCursor = (scoped: TenantDb) => readCursor(scoped, "ORDER_STATUS", CURSOR);
export const writeStatusCursor = (scoped: TenantDb, tenantId: string, at: Date) => writeCursor(scoped, tenantId, "ORDER_STATUS", CURSOR, at);

export async function ordersToFollow(
  brightpearl: BrightpearlClient,
  scoped: TenantDb,
  input: { installationIds: number[]; invoiceWhenInvoiced: boolean; now: Date },
): Promise<{ orderIds: number[]; nextCursor: Date }> {
  const cursor = (await readStatusCursor(scoped)) ?? new Date(input.now.getTime() - FIRST_LOOK_MS);
  const changed = await ordersChangedSince(brightpearl, input.installationIds, new Date(cursor.getTime() - OVERLAP_MS));
  if (changed.length === 0) return { orderIds: [], nextCursor: input.now };
  const ids = [...new Set(changed.map((c) => c.orderId))];
  const imported = new Map(
    (await scoped.syncRecord.findMany({ where: { flow: "ORDERS", targetId: { in: ids.map(String) } }, select: { targetId: true, progress: true } })).map((r) => [r.targetId, r]),
  );
  const written = new Map(
    (await scoped.syncRecord.findMany({ where: { flow: "ORDER_STATUS", sourceId: { in: ids.map(statusSourceId) } }, select: { sourceId: true, progress: true } })).map((r) => [
      r.sourceId,
      (r.progress ?? {}) as { lastStatusId?: number; invoiced?: boolean },
    ]),
  );
  const follow = new Set<number>();
  for (const c of changed) {
    const order = imported.get(String(c.orderId));
    if (!order) continue;
    const progress = written.get(statusSourceId(c.orderId)) ?? {};
    if (c.statusId !== undefined && c.statusId !== statusBaseline(progress, order.progress)) follow.add(c.orderId);
    else if (input.invoiceWhenInvoiced && c.invoiced && !progress.invoiced) follow.add(c.orderId);
  }
  return { orderIds: [...follow], nextCursor: input.now };
}

/** Orders whose write-back stopped without finishing (queued, crashed, or out of retries). */
export async function strandedStatusRecords(scoped: TenantDb, tenantId: string, now: Date): Promise<{ orderId: number; eventId: string }[]> {
  return (await strandedRecords(scoped, "ORDER_STATUS", now, { sourceIdPrefix: STATUS_SOURCE_PREFIX })).flatMap((r) => {
    const orderId = orderOfStatusSourceId(r.sourceId);
    return orderId === undefined ? [] : [{ orderId, eventId: requeueEventId(tenantId, "ORDER_STATUS", r, now) }];
  });
}
