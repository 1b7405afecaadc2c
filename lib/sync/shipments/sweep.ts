import "server-only";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import type { TenantDb } from "@/lib/tenants/scope";
import { noteSourceId, notesShippedSince, type NoteKind } from "./brightpearl-notes";

// The safety net under the webhooks: Brightpearl does not promise a delivery for every event, so
// every hour the notes shipped in the last few hours are compared with the sync records, and the
// ones of the connector's orders that no attempt has finished are shipped now.

export const SWEEP_LOOKBACK_MS = 6 * 60 * 60_000;
const STALE_RUNNING_MS = 10 * 60_000;

export async function notesToSweep(brightpearl: BrightpearlClient, scoped: TenantDb, now: Date): Promise<{ kind: NoteKind; id: number }[]> {
  const shipped = await notesShippedSince(brightpearl, new Date(now.getTime() - SWEEP_LOOKBACK_MS));
  if (shipped.length === 0) return [];
  const ours = new Set(
    (await scoped.syncRecord.findMany({ where: { flow: "ORDERS", targetId: { in: [...new Set(shipped.map((n) => String(n.orderId)))] } }, select: { targetId: true } })).map((r) => r.targetId),
  );
  const candidates = shipped.filter((n) => ours.has(String(n.orderId)));
  const records = new Map(
    (await scoped.syncRecord.findMany({ where: { flow: "SHIPMENTS", sourceId: { in: candidates.map((n) => noteSourceId(n.kind, n.id)) } }, select: { sourceId: true, status: true, lastAttemptAt: true } })).map(
      (r) => [r.sourceId, r],
    ),
  );
  return candidates
    .filter((n) => {
      const r = records.get(noteSourceId(n.kind, n.id));
      if (!r) return true;
      if (r.status === "PENDING" || r.status === "RETRYING") return true;
      return r.status === "RUNNING" && (!r.lastAttemptAt || now.getTime() - r.lastAttemptAt.getTime() > STALE_RUNNING_MS);
    })
    .map(({ kind, id }) => ({ kind, id }));
}
