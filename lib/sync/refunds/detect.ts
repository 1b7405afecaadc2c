import "server-only";
import type { MagentoClient } from "@/lib/magento/client";
import { parseMagentoDateTime } from "@/lib/magento/search-criteria";
import type { TenantDb } from "@/lib/tenants/scope";
import { creditMemosCreatedSince } from "./magento-creditmemos";

// Finding credit memos to record: those created since the cursor (read a little before it, as
// timestamps have one-second resolution), plus those that were waiting for their order and whose
// order the orders flow has imported since.

export const OVERLAP_MS = 2 * 60_000;
const CURSOR = "created_at";

export async function readRefundCursor(scoped: TenantDb): Promise<Date | undefined> {
  const row = await scoped.syncCursor.findFirst({ where: { flow: "REFUNDS", name: CURSOR } });
  return row ? new Date(row.value) : undefined;
}

export async function writeRefundCursor(scoped: TenantDb, tenantId: string, at: Date): Promise<void> {
  const value = at.toISOString();
  await scoped.syncCursor.upsert({ where: { tenantId_flow_name: { tenantId, flow: "REFUNDS", name: CURSOR } }, create: { tenantId, flow: "REFUNDS", name: CURSOR, value }, update: { value } });
}

export type RefundDetection = { toImport: number[]; nextCursor: Date };

export async function creditMemosToImport(magento: MagentoClient, scoped: TenantDb, start: { goLiveAt: Date; now: Date }): Promise<RefundDetection> {
  const cursor = (await readRefundCursor(scoped)) ?? start.goLiveAt;
  const from = new Date(Math.max(cursor.getTime(), start.goLiveAt.getTime()) - OVERLAP_MS);
  const memos = await creditMemosCreatedSince(magento, from);
  const records = new Map(
    (await scoped.syncRecord.findMany({ where: { flow: "REFUNDS", sourceId: { in: memos.map((m) => String(m.entity_id)) } }, select: { sourceId: true, status: true } })).map((r) => [r.sourceId, r.status]),
  );
  const toImport = new Set<number>();
  for (const memo of memos) {
    const status = records.get(String(memo.entity_id));
    if (status === undefined || status === "PENDING" || status === "RETRYING") toImport.add(memo.entity_id);
  }

  const waiting = (await scoped.syncRecord.findMany({ where: { flow: "REFUNDS", status: "FAILED" }, select: { sourceId: true, progress: true } }))
    .map((r) => ({ id: Number(r.sourceId), orderId: (r.progress as { waitingForOrder?: number } | null)?.waitingForOrder }))
    .filter((r): r is { id: number; orderId: number } => r.orderId !== undefined);
  if (waiting.length) {
    const arrived = new Set(
      (await scoped.syncRecord.findMany({ where: { flow: "ORDERS", status: "SUCCEEDED", sourceId: { in: waiting.map((w) => String(w.orderId)) } }, select: { sourceId: true } })).map((r) => r.sourceId),
    );
    for (const w of waiting) if (arrived.has(String(w.orderId))) toImport.add(w.id);
  }

  const latest = memos.reduce((max, m) => Math.max(max, parseMagentoDateTime(m.created_at).getTime()), cursor.getTime());
  return { toImport: [...toImport], nextCursor: new Date(Math.min(latest, start.now.getTime())) };
}
