import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { searchAll, searchPage } from "@/lib/brightpearl/search";
import type { TenantDb } from "@/lib/tenants/scope";

// The tenant's Brightpearl catalogue, SKU ↔ product id. A sweep reads every product in pages of
// 500 (20 calls for 10,000 products); orders then cost no product lookups. A SKU the cache does not
// know is looked up once, in case the product is new.

const productRow = z
  .object({
    productId: z.number().int(),
    SKU: z.string().nullable().optional(),
    productName: z.string().nullable().optional(),
    stockTracked: z.boolean().nullable().optional(),
  })
  .loose();

export type CachedProduct = { productId: number; sku: string; name?: string; stockTracked: boolean };

const COLUMNS = "productId,SKU,productName,stockTracked";

export async function sweepProducts(client: BrightpearlClient, scoped: TenantDb, tenantId: string, now = new Date()): Promise<number> {
  let count = 0;
  const seen = new Set<number>();
  for await (const row of searchAll(client, "/product-service/product-search", productRow, { columns: COLUMNS, sort: "productId.ASC" })) {
    if (!row.SKU) continue;
    seen.add(row.productId);
    await store(scoped, tenantId, { productId: row.productId, sku: row.SKU, name: row.productName ?? undefined, stockTracked: row.stockTracked ?? true }, now);
    count++;
  }
  // Products deleted in Brightpearl disappear from the cache.
  await scoped.brightpearlProduct.deleteMany({ where: { productId: { notIn: [...seen] }, syncedAt: { lt: now } } });
  return count;
}

async function store(scoped: TenantDb, tenantId: string, p: CachedProduct, now: Date) {
  const data = { sku: p.sku, name: p.name ?? null, stockTracked: p.stockTracked, syncedAt: now };
  await scoped.brightpearlProduct.upsert({ where: { tenantId_productId: { tenantId, productId: p.productId } }, create: { tenantId, productId: p.productId, ...data }, update: data });
}

/** SKU → product for the SKUs asked, from the cache, asking Brightpearl only for those it lacks. */
export async function productsForSkus(client: BrightpearlClient | undefined, scoped: TenantDb, tenantId: string, skus: Iterable<string>): Promise<Map<string, CachedProduct>> {
  const wanted = [...new Set(skus)];
  const found = new Map<string, CachedProduct>();
  for (const row of await scoped.brightpearlProduct.findMany({ where: { sku: { in: wanted } }, orderBy: { productId: "asc" } })) {
    // Brightpearl lets two products share a SKU; the oldest one wins, as it does for contacts.
    if (!found.has(row.sku)) found.set(row.sku, { productId: row.productId, sku: row.sku, name: row.name ?? undefined, stockTracked: row.stockTracked });
  }
  if (!client) return found;
  for (const sku of wanted.filter((s) => !found.has(s))) {
    const page = await searchPage(client, "/product-service/product-search", productRow, { SKU: sku, columns: COLUMNS, sort: "productId.ASC" }, { pageSize: 10 });
    const row = page.rows.find((r) => r.SKU?.toLowerCase() === sku.toLowerCase());
    if (!row) continue;
    const product = { productId: row.productId, sku: row.SKU!, name: row.productName ?? undefined, stockTracked: row.stockTracked ?? true };
    await store(scoped, tenantId, product, new Date());
    found.set(sku, product);
  }
  return found;
}
