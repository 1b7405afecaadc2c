import "server-only";
import { db as rootDb } from "@/lib/db";
import type { TenantDb } from "@/lib/tenants/scope";

// Coalescing Brightpearl's product notifications per tenant. Each notification adds its ids to the
// tenant's pending changes (one row per product, however often it is named) and asks for a flush
// only when none is on its way. The flush waits a few seconds for more notifications, then drains
// the rows in batches. So a burst of any size costs one flush every few seconds, every change is
// written within the gathering window plus one batch, and nothing depends on the event queue
// delivering every notification: the rows are the record of what is still to do, and a sweep
// every minute asks again for a flush that was lost.

export type ChangeKind = "stock" | "product";

/**
 * The longest a change waits for its flush: a flush asked for (or last seen working) longer ago
 * than this is presumed lost, and the stale sweep asks for it again.
 */
export const FLUSH_STALE_MS = 2 * 60_000;
/** Products handled by one flush round: five availability calls. */
export const FLUSH_BATCH = 1000;

export type RecordOptions = {
  /** the id of the notification event recording the changes; a re-run of its step passes the same id */
  eventId: string;
  now?: Date;
};

/** The id of the flush event a request sends: the engine drops a second event with the same id. */
export const flushEventId = (tenantId: string, requestedBy: string) => `product-changes-flush:${tenantId}:${requestedBy}`;

/**
 * Records changed products; true when the caller must request a flush (none is on its way, or
 * this very notification was the one to ask for it and is running again: its first run may have
 * stopped before the request went out). Runs in one transaction with the tenant's flush row
 * locked, so a flush that is finishing cannot miss rows added meanwhile.
 */
export async function recordChanges(tenantId: string, productIds: number[], kind: ChangeKind, options: RecordOptions): Promise<boolean> {
  const ids = [...new Set(productIds)];
  if (!ids.length) return false;
  const { eventId } = options;
  const now = options.now ?? new Date();
  const stock = kind === "stock";
  const product = kind === "product";
  return rootDb().$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "ProductChangeFlush" ("tenantId", "requestedAt") VALUES (${tenantId}, NULL) ON CONFLICT ("tenantId") DO NOTHING`;
    const rows = await tx.$queryRaw<{ requestedAt: Date | null; requestedBy: string | null }[]>`SELECT "requestedAt", "requestedBy" FROM "ProductChangeFlush" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
    await tx.$executeRaw`
      INSERT INTO "PendingProductChange" ("tenantId", "productId", "stock", "product", "receivedAt")
      SELECT ${tenantId}, id, ${stock}, ${product}, ${now} FROM unnest(${ids}::int[]) AS id
      ON CONFLICT ("tenantId", "productId") DO UPDATE SET
        "stock" = "PendingProductChange"."stock" OR EXCLUDED."stock",
        "product" = "PendingProductChange"."product" OR EXCLUDED."product",
        "receivedAt" = EXCLUDED."receivedAt"`;
    const requested = rows[0]?.requestedAt;
    if (requested && rows[0]?.requestedBy === eventId) return true;
    if (requested && now.getTime() - new Date(requested).getTime() < FLUSH_STALE_MS) return false;
    await tx.$executeRaw`UPDATE "ProductChangeFlush" SET "requestedAt" = ${now}, "requestedBy" = ${eventId} WHERE "tenantId" = ${tenantId}`;
    return true;
  });
}

export type PendingBatch = { stock: number[]; product: number[]; upTo: Date | null; count: number };

/** The oldest pending changes, at most `limit` products. They stay until `clearChanges`. */
export async function takeChanges(scoped: TenantDb, limit = FLUSH_BATCH): Promise<PendingBatch> {
  const rows = await scoped.pendingProductChange.findMany({ orderBy: [{ receivedAt: "asc" }, { productId: "asc" }], take: limit });
  const upTo = rows.reduce<Date | null>((max, r) => (!max || r.receivedAt > max ? r.receivedAt : max), null);
  return { stock: rows.filter((r) => r.stock).map((r) => r.productId), product: rows.filter((r) => r.product).map((r) => r.productId), upTo, count: rows.length };
}

/** Removes handled changes; a product named again since it was taken stays pending. */
export async function clearChanges(scoped: TenantDb, batch: PendingBatch): Promise<void> {
  const ids = [...new Set([...batch.stock, ...batch.product])];
  if (!ids.length || !batch.upTo) return;
  await scoped.pendingProductChange.deleteMany({ where: { productId: { in: ids }, receivedAt: { lte: batch.upTo } } });
}

/** Ends a flush: true when changes arrived meanwhile (the flush goes on), false when it is over. */
export async function finishFlush(tenantId: string): Promise<boolean> {
  return rootDb().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "tenantId" FROM "ProductChangeFlush" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
    const left = await tx.$queryRaw<{ n: bigint | number }[]>`SELECT count(*) AS n FROM "PendingProductChange" WHERE "tenantId" = ${tenantId}`;
    if (Number(left[0]?.n ?? 0) > 0) return true;
    await tx.$executeRaw`UPDATE "ProductChangeFlush" SET "requestedAt" = NULL, "requestedBy" = NULL WHERE "tenantId" = ${tenantId}`;
    return false;
  });
}

/** Marks a flush as under way now (keeps a long flush from being presumed lost). */
export async function touchFlush(tenantId: string, now = new Date()): Promise<void> {
  await rootDb().$executeRaw`UPDATE "ProductChangeFlush" SET "requestedAt" = ${now} WHERE "tenantId" = ${tenantId} AND "requestedAt" IS NOT NULL`;
}

/**
 * The stale sweep: tenants of active accounts whose flush was asked for (or last seen working)
 * longer than FLUSH_STALE_MS ago, claimed for a new request in one statement on the indexed
 * request time, so two sweeps never ask twice and a tenant is asked for at most every
 * FLUSH_STALE_MS.
 */
export async function claimStaleFlushes(sweepId: string, now = new Date()): Promise<string[]> {
  const before = new Date(now.getTime() - FLUSH_STALE_MS);
  const rows = await rootDb().$queryRaw<{ tenantId: string }[]>`
    UPDATE "ProductChangeFlush" AS f SET "requestedAt" = ${now}, "requestedBy" = ${sweepId}
    FROM "Tenant" AS t
    WHERE f."requestedAt" < ${before} AND t."id" = f."tenantId" AND t."status" = 'ACTIVE'
    RETURNING f."tenantId"`;
  return rows.map((r) => r.tenantId);
}

/** Drops a tenant's pending changes (its flows cannot run): the next audit after reconnecting repairs what they named. */
export async function abandonChanges(tenantId: string): Promise<void> {
  await rootDb().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "tenantId" FROM "ProductChangeFlush" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
    await tx.$executeRaw`DELETE FROM "PendingProductChange" WHERE "tenantId" = ${tenantId}`;
    await tx.$executeRaw`UPDATE "ProductChangeFlush" SET "requestedAt" = NULL, "requestedBy" = NULL WHERE "tenantId" = ${tenantId}`;
  });
}
