import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { claimStaleFlushes, clearChanges, finishFlush, FLUSH_STALE_MS, recordChanges, takeChanges } from "@/lib/sync/products/pending-changes";
import { tenantDb } from "@/lib/tenants/scope";
import { installTenant } from "@/lib/tenants/tenants";

let tenantId: string;

beforeAll(async () => {
  const row = await installTenant(db(), { accountCode: `pending${Date.now().toString(36)}`, installationInstanceId: "3", apiDomain: "x.brightpearlconnect.com", accessToken: "a", refreshToken: "r", expiresInSeconds: 3600, now: new Date() });
  tenantId = row.id;
});

afterAll(async () => {
  await db().$disconnect();
});

describe("coalescing product notifications per tenant", () => {
  it("asks for one flush for a burst, keeps one row per product, and hands over changes that arrive during a flush", async () => {
    const scoped = tenantDb(tenantId);
    const t0 = new Date();
    expect(await recordChanges(tenantId, [5, 6, 7], "stock", { eventId: "evt-1", now: t0 })).toBe(true);
    expect(await recordChanges(tenantId, [6, 7, 8], "stock", { eventId: "evt-2", now: new Date(t0.getTime() + 10) })).toBe(false);
    expect(await recordChanges(tenantId, [8, 9], "product", { eventId: "evt-3", now: new Date(t0.getTime() + 20) })).toBe(false);
    expect(await scoped.pendingProductChange.count()).toBe(5);

    const batch = await takeChanges(scoped);
    expect(batch.stock.sort()).toEqual([5, 6, 7, 8]);
    expect(batch.product.sort()).toEqual([8, 9]);

    // Product 5 is named again while the flush works on it: it must stay pending.
    expect(await recordChanges(tenantId, [5], "stock", { eventId: "evt-4", now: new Date(t0.getTime() + 1000) })).toBe(false);
    await clearChanges(scoped, batch);
    expect((await scoped.pendingProductChange.findMany()).map((r) => r.productId)).toEqual([5]);
    expect(await finishFlush(tenantId)).toBe(true);

    await clearChanges(scoped, await takeChanges(scoped));
    expect(await finishFlush(tenantId)).toBe(false);
    // The flush is over: the next notification asks for a new one.
    expect(await recordChanges(tenantId, [11], "stock", { eventId: "evt-5", now: new Date(t0.getTime() + 2000) })).toBe(true);
  });

  it("asks again when the flush it asked for seems lost", async () => {
    const scoped = tenantDb(tenantId);
    await clearChanges(scoped, await takeChanges(scoped));
    await finishFlush(tenantId);
    const t0 = new Date();
    expect(await recordChanges(tenantId, [21], "stock", { eventId: "evt-6", now: t0 })).toBe(true);
    expect(await recordChanges(tenantId, [22], "stock", { eventId: "evt-7", now: new Date(t0.getTime() + FLUSH_STALE_MS - 1) })).toBe(false);
    expect(await recordChanges(tenantId, [23], "stock", { eventId: "evt-8", now: new Date(t0.getTime() + FLUSH_STALE_MS + 1) })).toBe(true);
  });

  it("a notification whose step runs again still asks for the flush it was to ask for; another one does not", async () => {
    const scoped = tenantDb(tenantId);
    await clearChanges(scoped, await takeChanges(scoped));
    await finishFlush(tenantId);
    const t0 = new Date();
    expect(await recordChanges(tenantId, [41], "stock", { eventId: "evt-first", now: t0 })).toBe(true);
    // Its first run recorded the change and stopped before the request went out: the re-run asks again.
    expect(await recordChanges(tenantId, [41], "stock", { eventId: "evt-first", now: new Date(t0.getTime() + 500) })).toBe(true);
    expect(await recordChanges(tenantId, [42], "stock", { eventId: "evt-second", now: new Date(t0.getTime() + 600) })).toBe(false);
    expect((await scoped.pendingProductChange.findMany({ orderBy: { productId: "asc" } })).map((r) => r.productId)).toEqual([41, 42]);
  });

  it("the stale sweep claims a flush asked for longer ago than a change may wait, once, and only for active accounts", async () => {
    const scoped = tenantDb(tenantId);
    await clearChanges(scoped, await takeChanges(scoped));
    await finishFlush(tenantId);
    const t0 = new Date();
    await recordChanges(tenantId, [31], "stock", { eventId: "evt-stale", now: t0 });
    expect(await claimStaleFlushes("sweep-1", new Date(t0.getTime() + 1000))).not.toContain(tenantId);
    const late = new Date(t0.getTime() + FLUSH_STALE_MS + 1000);
    expect(await claimStaleFlushes("sweep-2", late)).toContain(tenantId);
    // Claimed: the next sweep a minute later leaves it to the flush just asked for.
    expect(await claimStaleFlushes("sweep-3", new Date(late.getTime() + 60_000))).not.toContain(tenantId);
    expect((await scoped.productChangeFlush.findFirstOrThrow()).requestedBy).toBe("sweep-2");

    await db().tenant.update({ where: { id: tenantId }, data: { status: "DISCONNECTED" } });
    try {
      expect(await claimStaleFlushes("sweep-4", new Date(late.getTime() + FLUSH_STALE_MS + 1000))).not.toContain(tenantId);
    } finally {
      await db().tenant.update({ where: { id: tenantId }, data: { status: "ACTIVE" } });
    }
  });
});
