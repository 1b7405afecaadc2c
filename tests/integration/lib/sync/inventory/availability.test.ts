import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AVAILABILITY_CHUNK, fetchAvailability } from "@/lib/sync/inventory/availability";
import { startBrightpearl } from "../../../../helpers/brightpearl";

const bp = await startBrightpearl();
const control = bp.started.sandbox.control;

afterAll(async () => {
  await db().$disconnect();
});

describe("Brightpearl availability in ID sets", () => {
  it("reads 450 products in three calls of at most 200 ids, per warehouse", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const products = control.seedProducts(accountCode, { count: 450, stock: { 2: 4, 3: 1 } });
    const before = bp.count("GET /public-api/:account/warehouse-service/product-availability/:ids", accountCode);
    const result = await fetchAvailability(bp.client(tenantId, accountCode), products.map((p) => p.productId));
    expect(result.calls).toBe(Math.ceil(450 / AVAILABILITY_CHUNK));
    expect(bp.count("GET /public-api/:account/warehouse-service/product-availability/:ids", accountCode) - before).toBe(3);
    expect(result.levels.size).toBe(450);
    expect(Object.fromEntries(result.levels.get(products[0]!.productId)!)).toEqual({ 2: { inStock: 4, allocated: 0, onHand: 4 }, 3: { inStock: 1, allocated: 0, onHand: 1 } });
  });

  it("finds a deleted product that fails its whole chunk, and still reads the others", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const products = control.seedProducts(accountCode, { count: 10, stock: 3 });
    const ids = [...products.map((p) => p.productId), 999_999];
    const result = await fetchAvailability(bp.client(tenantId, accountCode), ids);
    expect(result.unknown).toEqual([999_999]);
    expect(result.levels.size).toBe(10);
    expect(result.calls).toBeLessThanOrEqual(2);
  });

  it("leaves out products that are not stock-tracked", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const tracked = control.seedProducts(accountCode, { count: 2, stock: 3 });
    const untracked = control.seedProducts(accountCode, { count: 2, startIndex: 3, stockTracked: false });
    const result = await fetchAvailability(bp.client(tenantId, accountCode), [...tracked, ...untracked].map((p) => p.productId));
    expect([...result.levels.keys()].sort()).toEqual(tracked.map((p) => p.productId).sort());
  });
});
