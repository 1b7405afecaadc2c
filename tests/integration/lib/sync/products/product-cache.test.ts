import { afterAll, describe, expect, it } from "vitest";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { parseIdSet } from "@/lib/brightpearl/id-set";
import { db } from "@/lib/db";
import { refreshProducts, storeProducts, sweepProducts } from "@/lib/sync/products/product-cache";
import { tenantDb } from "@/lib/tenants/scope";
import { startBrightpearl } from "../../../../helpers/brightpearl";

const bp = await startBrightpearl();
const control = bp.started.sandbox.control;

afterAll(async () => {
  await db().$disconnect();
});

describe("the Brightpearl product cache", () => {
  it("refreshes named products in ID sets of at most 200 (Brightpearl's limit for product ids)", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const products = control.seedProducts(accountCode, { count: 450, stock: 1 });
    const real = bp.client(tenantId, accountCode);
    const idSets: string[] = [];
    const client = Object.create(real, {
      get: {
        value: (...args: Parameters<BrightpearlClient["get"]>) => {
          idSets.push(String((args[2] as Record<string, unknown> | undefined)?.productId ?? ""));
          return real.get(...args);
        },
      },
    }) as BrightpearlClient;
    const before = control.requests.list({ account: accountCode }).length;
    const { found, calls } = await refreshProducts(client, tenantDb(tenantId), tenantId, products.map((p) => p.productId));
    expect(found.size).toBe(450);
    expect(calls).toBe(3);
    expect(control.requests.list({ account: accountCode }).slice(before).filter((e) => e.path.includes("/product-search"))).toHaveLength(3);
    expect(idSets.map((set) => parseIdSet(set).length)).toEqual([200, 200, 50]);
  });

  it("never moves a product's sync time back, so a sweep that started earlier does not drop a product a webhook refreshed", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const [product] = control.seedProducts(accountCode, { count: 1, stock: 1 });
    const scoped = tenantDb(tenantId);
    const later = new Date(Date.now() + 60_000);
    await storeProducts(tenantId, [{ productId: product!.productId, sku: product!.sku, stockTracked: true }], later);
    await sweepProducts(bp.client(tenantId, accountCode), scoped, tenantId, new Date());
    const row = await scoped.brightpearlProduct.findFirstOrThrow({ where: { productId: product!.productId } });
    expect(row.syncedAt.getTime()).toBe(later.getTime());
  });
});
