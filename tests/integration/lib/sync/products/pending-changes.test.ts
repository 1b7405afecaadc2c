import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { clearChanges, finishFlush, FLUSH_STALE_MS, recordChanges, takeChanges, tenantsWithStaleChanges } from "@/lib/sync/products/pending-changes";
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
    expect(await recordChanges(tenantId, [5, 6, 7], "stock", t0)).toBe(true);
    expect(await recordChanges(tenantId, [6, 7, 8], "stock", new Date(t0.getTime() + 10))).toBe(false);
    expect(await recordChanges(tenantId, [8, 9], "product", new Date(t0.getTime() + 20))).toBe(false);
    expect(await scoped.pendingProductChange.count()).toBe(5);

    const batch = await takeChanges(scoped);
    expect(batch.stock.sort()).toEqual([5, 6, 7, 8]);
    expect(batch.product.sort()).toEqual([8, 9]);

    // Product 5 is named again while the flush works on it: it must stay pending.
    expect(await recordChanges(tenantId, [5], "stock", new Date(t0.getTime() + 1000))).toBe(false);
    await clearChanges(scoped, batch);
    expect((await scoped.pendingProductChange.findMany()).map((r) => r.productId)).toEqual([5]);
    expect(await finishFlush(tenantId)).toBe(true);

    await clearChanges(scoped, await takeChanges(scoped));
    expect(await finishFlush(tenantId)).toBe(false);
    // The flush is over: the next notification asks for a new one.
    expect(await recordChanges(tenantId, [11], "stock", new Date(t0.getTime() + 2000))).toBe(true);
  });

  it("asks again when the flush it asked for seems lost", async () => {
    const scoped = tenantDb(tenantId);
    await clearChanges(scoped, await takeChanges(scoped));
    await finishFlush(tenantId);
    const t0 = new Date();
    expect(await recordChanges(tenantId, [21], "stock", t0)).toBe(true);
    expect(await recordChanges(tenantId, [22], "stock", new Date(t0.getTime() + FLUSH_STALE_MS - 1))).toBe(false);
    expect(await recordChanges(tenantId, [23], "stock", new Date(t0.getTime() + FLUSH_STALE_MS + 1))).toBe(true);
  });

  it("names the tenants whose changes have waited too long, for the hourly schedule to flush again", async () => {
    const t0 = new Date();
    await recordChanges(tenantId, [31], "stock", t0);
    expect(await tenantsWithStaleChanges(new Date(t0.getTime() + 1000))).not.toContain(tenantId);
    expect(await tenantsWithStaleChanges(new Date(t0.getTime() + FLUSH_STALE_MS + 1000))).toContain(tenantId);
  });
});
