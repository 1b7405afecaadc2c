import "server-only";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import type { TenantDb } from "@/lib/tenants/scope";
import { ordersChangedSince } from "./brightpearl-order-state";
import { statusSourceId } from "./follow";

// The safety net under the order-status webhooks, and the only way an invoice is noticed between
// status changes: the connector's sales orders updated since the last look are compared with what
// was last written back, and those that moved are followed.

export const CURSOR = "brightpearl-updated-on";
export const OVERLAP_MS = 5 * 60_000;
export const FIRST_LOOK_MS = 24 * 60 * 60_000;

export async function readStatusCursor(scoped: TenantDb): Promise<Date | undefined> {
  const row = await scoped.syncCursor.findFirst({ where: { flow: "ORDER_STATUS", name: CURSOR } });
  return row ? new Date(row.value) : undefined;
}

export async function writeStatusCursor(scoped: TenantDb, tenantId: string, at: Date): Promise<void> {
  const value = at.toISOString();
  await scoped.syncCursor.upsert({ where: { tenantId_flow_name: { tenantId, flow: "ORDER_STATUS", name: CURSOR } }, create: { tenantId, flow: "ORDER_STATUS", name: CURSOR, value }, update: { value } });
}

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
    (await scoped.syncRecord.findMany({ where: { flow: "ORDERS", targetId: { in: ids.map(String) } }, select: { targetId: true, requestPayload: true } })).map((r) => [r.targetId, r]),
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
    const importedStatus = (order.requestPayload as { statusId?: number } | null)?.statusId;
    const baseline = progress.lastStatusId ?? importedStatus;
    if (c.statusId !== undefined && c.statusId !== baseline) follow.add(c.orderId);
    else if (input.invoiceWhenInvoiced && c.invoiced && !progress.invoiced) follow.add(c.orderId);
  }
  return { orderIds: [...follow], nextCursor: input.now };
}
