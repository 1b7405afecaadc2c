import "server-only";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { requeueEventId, strandedRecords } from "@/lib/sync/failure";
import type { TenantDb } from "@/lib/tenants/scope";
import { noteSourceId, notesShippedSince, ordersOfNotes, type NoteKind } from "./brightpearl-notes";

// The safety net under the webhooks: Brightpearl does not promise a delivery for every event, so
// every hour the notes shipped in the last few hours are compared with the sync records, and the
// ones of the connector's orders that no attempt has started are shipped now; so are the notes
// whose attempt stopped without finishing (queued, crashed, or out of retries).

export const SWEEP_LOOKBACK_MS = 6 * 60 * 60_000;

export type SweptNote = { kind: NoteKind; id: number; eventId: string };

/** The note a SHIPMENTS record is about. */
export function noteOfSourceId(sourceId: string): { kind: NoteKind; id: number } | undefined {
  const m = /^(gon|dropship):(\d+)$/.exec(sourceId);
  return m ? { kind: m[1] === "gon" ? "goods-out" : "drop-ship", id: Number(m[2]) } : undefined;
}

export async function notesToSweep(brightpearl: BrightpearlClient, scoped: TenantDb, tenantId: string, now: Date): Promise<SweptNote[]> {
  const out = new Map<string, SweptNote>();
  for (const r of await strandedRecords(scoped, "SHIPMENTS", now)) {
    const note = noteOfSourceId(r.sourceId);
    if (note) out.set(r.sourceId, { ...note, eventId: requeueEventId(tenantId, "SHIPMENTS", r, now) });
  }

  const shipped = await notesShippedSince(brightpearl, new Date(now.getTime() - SWEEP_LOOKBACK_MS));
  if (shipped.length === 0) return [...out.values()];
  const ours = new Set(
    (await scoped.syncRecord.findMany({ where: { flow: "ORDERS", targetId: { in: [...new Set(shipped.map((n) => String(n.orderId)))] } }, select: { targetId: true } })).map((r) => r.targetId),
  );
  const candidates = shipped.filter((n) => ours.has(String(n.orderId)));
  const recorded = new Set(
    (await scoped.syncRecord.findMany({ where: { flow: "SHIPMENTS", sourceId: { in: candidates.map((n) => noteSourceId(n.kind, n.id)) } }, select: { sourceId: true } })).map((r) => r.sourceId),
  );
  // One event per note per sweep: a lost one is sent again by the next hour's sweep.
  const hour = Math.floor(now.getTime() / 3_600_000);
  for (const n of candidates) {
    const sourceId = noteSourceId(n.kind, n.id);
    if (!recorded.has(sourceId)) out.set(sourceId, { kind: n.kind, id: n.id, eventId: `note-swept:${tenantId}:${sourceId}:${hour}` });
  }
  return [...out.values()];
}

/** Of the named notes, those of orders the connector imported (one Brightpearl call per 200 notes). */
export async function notesOfOurOrders(brightpearl: BrightpearlClient, scoped: TenantDb, kind: NoteKind, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const orders = await ordersOfNotes(brightpearl, kind, ids);
  if (orders.size === 0) return [];
  const ours = new Set(
    (await scoped.syncRecord.findMany({ where: { flow: "ORDERS", targetId: { in: [...new Set([...orders.values()].map(String))] } }, select: { targetId: true } })).map((r) => r.targetId),
  );
  return ids.filter((id) => orders.has(id) && ours.has(String(orders.get(id))));
}
