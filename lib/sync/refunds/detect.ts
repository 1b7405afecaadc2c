import "server-only";
import type { MagentoClient } from "@/lib/magento/client";
import { parseMagentoDateTime } from "@/lib/magento/search-criteria";
import type { TenantDb } from "@/lib/tenants/scope";
import { requeueEventId, strandedRecords } from "@/lib/sync/failure";
import { readCursor, writeCursor } from "@/lib/sync/progress";
import { creditMemosCreatedSince } from "./magento-creditmemos";

// Finding credit memos to record: those created since the cursor (read a little before it, as
// timestamps have one-second resolution), plus those that were waiting for their order and whose
// order the orders flow has imported since.

export const OVERLAP_MS = 2 * 60_000;
const CURSOR = "created_at";

export const readRefundCursor = (scoped: TenantDb) => readCursor(scoped, "REFUNDS", CURSOR);
export const writeRefundCursor = (scoped: TenantDb, tenantId: string, at: Date) => writeCursor(scoped, tenantId, "REFUNDS", CURSOR, at);

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
    if (status === undefined) toImport.add(memo.entity_id);
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

/** Credit memos whose recording stopped without finishing (queued, crashed, or out of retries). */
export async function strandedCreditMemos(scoped: TenantDb, tenantId: string, now: Date): Promise<{ creditMemoId: number; eventId: string }[]> {
  return (await strandedRecords(scoped, "REFUNDS", now)).flatMap((r) => (/^\d+$/.test(r.sourceId) ? [{ creditMemoId: Number(r.sourceId), eventId: requeueEventId(tenantId, "REFUNDS", r, now) }] : []));
}
