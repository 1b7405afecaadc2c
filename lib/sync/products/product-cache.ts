import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { formatIdSet } from "@/lib/brightpearl/id-set";
import { MAX_PAGE_SIZE, searchAll, searchPage } from "@/lib/brightpearl/search";
import { db as rootDb } from "@/lib/db";
import type { TenantDb } from "@/lib/tenants/scope";

// The tenant's Brightpearl catalogue, SKU ↔ product id. A sweep reads every product in pages of
// 500 (20 calls for 10,000 products); orders then cost no product lookups. A SKU the cache does not
// know is looked up once, in case the product is new. Product webhooks refresh the products they
// name (one search call per 200 ids: Brightpearl's limit for an ID set of products), and a daily
// sweep catches what the webhooks missed.

const productRow = z
  .object({
    productId: z.number().int(),
    SKU: z.string().nullable().optional(),
    productName: z.string().nullable().optional(),
    stockTracked: z.boolean().nullable().optional(),
  })
  .loose();
type ProductRow = z.output<typeof productRow>;

export type CachedProduct = { productId: number; sku: string; name?: string; stockTracked: boolean };

const COLUMNS = "productId,SKU,productName,stockTracked";
/** Brightpearl takes at most 200 product ids in one ID set. */
export const PRODUCT_ID_CHUNK = 200;
const PATH = "/product-service/product-search";

const cached = (row: ProductRow): CachedProduct | undefined =>
  row.SKU ? { productId: row.productId, sku: row.SKU, name: row.productName ?? undefined, stockTracked: row.stockTracked ?? true } : undefined;

/**
 * Every product of the account, one search page (500) at a time, ascending by id. Each page is
 * also written to the cache, so a full pass over the catalogue keeps it fresh at no extra cost.
 */
export async function* productPages(client: BrightpearlClient, tenantId: string, now = new Date()): AsyncGenerator<CachedProduct[]> {
  let page: CachedProduct[] = [];
  let rows = 0;
  for await (const row of searchAll(client, PATH, productRow, { columns: COLUMNS, sort: "productId.ASC" })) {
    rows++;
    const product = cached(row);
    if (product) page.push(product);
    if (rows % MAX_PAGE_SIZE === 0) {
      await storeProducts(tenantId, page, now);
      yield page;
      page = [];
    }
  }
  if (rows % MAX_PAGE_SIZE !== 0 || rows === 0) {
    await storeProducts(tenantId, page, now);
    yield page;
  }
}

export async function sweepProducts(client: BrightpearlClient, scoped: TenantDb, tenantId: string, now = new Date()): Promise<number> {
  let count = 0;
  for await (const page of productPages(client, tenantId, now)) count += page.length;
  // Products deleted in Brightpearl disappear from the cache: every live one was stamped `now`.
  await scoped.brightpearlProduct.deleteMany({ where: { syncedAt: { lt: now } } });
  return count;
}

/** Writes many products to the cache in one statement (a sweep page, a webhook batch). */
export async function storeProducts(tenantId: string, products: CachedProduct[], now = new Date()): Promise<void> {
  if (!products.length) return;
  const unique = [...new Map(products.map((p) => [p.productId, p])).values()];
  await rootDb().$executeRaw`
    INSERT INTO "BrightpearlProduct" ("tenantId", "productId", "sku", "name", "stockTracked", "syncedAt")
    SELECT ${tenantId}, t.id, t.sku, t.name, t.tracked, ${now}
    FROM unnest(${unique.map((p) => p.productId)}::int[], ${unique.map((p) => p.sku)}::text[], ${unique.map((p) => p.name ?? null)}::text[], ${unique.map((p) => p.stockTracked)}::boolean[])
      AS t(id, sku, name, tracked)
    ON CONFLICT ("tenantId", "productId") DO UPDATE SET "sku" = EXCLUDED."sku", "name" = EXCLUDED."name", "stockTracked" = EXCLUDED."stockTracked",
      -- a sweep stamps its start time on every page: a webhook refresh stamped later must not
      -- move back, or the sweep's "not seen since" deletion would drop a live product
      "syncedAt" = GREATEST("BrightpearlProduct"."syncedAt", EXCLUDED."syncedAt")`;
}

/**
 * Reads the named products from Brightpearl into the cache (created or modified ones, from a
 * webhook); ids Brightpearl no longer has leave the cache. One search call per 200 ids.
 */
export async function refreshProducts(client: BrightpearlClient, scoped: TenantDb, tenantId: string, ids: number[]): Promise<{ found: Map<number, CachedProduct>; calls: number }> {
  const found = new Map<number, CachedProduct>();
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  let calls = 0;
  for (let i = 0; i < sorted.length; i += PRODUCT_ID_CHUNK) {
    const chunk = sorted.slice(i, i + PRODUCT_ID_CHUNK);
    calls++;
    const page = await searchPage(client, PATH, productRow, { productId: formatIdSet(chunk), columns: COLUMNS, sort: "productId.ASC" }, { pageSize: MAX_PAGE_SIZE });
    const products = page.rows.map(cached).filter((p): p is CachedProduct => p !== undefined);
    await storeProducts(tenantId, products);
    for (const p of products) found.set(p.productId, p);
  }
  const gone = sorted.filter((id) => !found.has(id));
  if (gone.length) await scoped.brightpearlProduct.deleteMany({ where: { productId: { in: gone } } });
  return { found, calls };
}

/**
 * The product each of these SKUs belongs to (lower-cased SKU → product). Brightpearl lets two
 * products share a SKU; the oldest (lowest id) is the one synced, always, so the SKU does not flap
 * between them as either changes.
 */
export async function skuOwners(scoped: TenantDb, skus: Iterable<string>): Promise<Map<string, CachedProduct>> {
  const wanted = [...new Set([...skus].map((s) => s.toLowerCase()))];
  const out = new Map<string, CachedProduct>();
  for (let i = 0; i < wanted.length; i += 1000) {
    const rows = await scoped.brightpearlProduct.findMany({ where: { sku: { in: wanted.slice(i, i + 1000), mode: "insensitive" } }, orderBy: { productId: "asc" } });
    for (const r of rows) if (!out.has(r.sku.toLowerCase())) out.set(r.sku.toLowerCase(), { productId: r.productId, sku: r.sku, name: r.name ?? undefined, stockTracked: r.stockTracked });
  }
  return out;
}

/** The cached products with these ids. */
export async function cachedProducts(scoped: TenantDb, ids: number[]): Promise<Map<number, CachedProduct>> {
  const rows = await scoped.brightpearlProduct.findMany({ where: { productId: { in: ids } } });
  return new Map(rows.map((r) => [r.productId, { productId: r.productId, sku: r.sku, name: r.name ?? undefined, stockTracked: r.stockTracked }]));
}

/**
 * The products that changed, as the catalog flows sync them: from the cache, asking Brightpearl only
 * for those it has not seen yet (their product.created notification may still be on its way), and
 * each replaced by the product that owns its SKU.
 */
export async function changedProducts(client: BrightpearlClient, scoped: TenantDb, tenantId: string, ids: number[]): Promise<{ products: CachedProduct[]; calls: number }> {
  const changed = await cachedProducts(scoped, ids);
  const unknown = ids.filter((id) => !changed.has(id));
  let calls = 0;
  if (unknown.length) {
    const refreshed = await refreshProducts(client, scoped, tenantId, unknown);
    calls = refreshed.calls;
    for (const [id, p] of refreshed.found) changed.set(id, p);
  }
  const owners = await skuOwners(scoped, [...changed.values()].map((p) => p.sku));
  const products = [...new Map([...changed.values()].map((p) => owners.get(p.sku.toLowerCase()) ?? p).map((p) => [p.productId, p])).values()];
  return { products, calls };
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
    const page = await searchPage(client, PATH, productRow, { SKU: sku, columns: COLUMNS, sort: "productId.ASC" }, { pageSize: 10 });
    const row = page.rows.find((r) => r.SKU?.toLowerCase() === sku.toLowerCase());
    if (!row) continue;
    const product = cached(row)!;
    await storeProducts(tenantId, [product]);
    found.set(sku, product);
  }
  return found;
}
