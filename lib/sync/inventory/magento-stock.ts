import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import type { Filter } from "@/lib/magento/search-criteria";

// Magento's side of stock: which SKUs exist (and their legacy stock items), MSI source items, and
// writing them. Writes go in batches of MAGENTO_BATCH items: Magento's input limits, when a store
// switches them on (and always on 2.4.3), refuse arrays longer than 20.

export const MAGENTO_BATCH = 20;
/** SKUs per `in` filter: keeps the signed URL short. */
const SKUS_PER_QUERY = 100;
/** the largest page Magento's input limits allow */
export const MAGENTO_PAGE = 300;

export const skuKey = (sku: string) => sku.toLowerCase();

const stockItem = z.object({ item_id: z.number().int().nullish(), qty: z.coerce.number().nullish(), is_in_stock: z.boolean().nullish() }).loose();
const productItem = z
  .object({ sku: z.string(), type_id: z.string().nullish(), price: z.coerce.number().nullish(), extension_attributes: z.object({ stock_item: stockItem.nullish() }).loose().nullish() })
  .loose();
const productPage = z.object({ items: z.array(productItem).nullish().transform((v) => v ?? []), total_count: z.number().int() }).loose();

export type MagentoProduct = { sku: string; typeId: string; legacy?: { itemId?: number; qty: number; inStock: boolean } };

const PRODUCT_FIELDS = "items[sku,type_id,extension_attributes[stock_item[item_id,qty,is_in_stock]]],total_count";

function toProduct(p: z.output<typeof productItem>): MagentoProduct {
  const s = p.extension_attributes?.stock_item;
  return { sku: p.sku, typeId: p.type_id ?? "simple", legacy: s ? { itemId: s.item_id ?? undefined, qty: s.qty ?? 0, inStock: s.is_in_stock ?? false } : undefined };
}

/** Products with stock of their own; composite ones hold none (their children do). */
export const holdsStock = (p: MagentoProduct) => p.typeId === "simple" || p.typeId === "virtual" || p.typeId === "downloadable";

/** Filter groups naming these SKUs: one `in` filter, and `eq` filters for SKUs with commas. */
function skuFilters(skus: string[]): Filter[][] {
  const plain = skus.filter((s) => !s.includes(","));
  const odd = skus.filter((s) => s.includes(",")).slice(0, 9);
  const group: Filter[] = [];
  if (plain.length) group.push({ field: "sku", value: plain.join(","), conditionType: "in" });
  for (const s of odd) group.push({ field: "sku", value: s, conditionType: "eq" });
  return [group];
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The Magento products among these SKUs, keyed by lower-cased SKU. */
export async function magentoProducts(magento: MagentoClient, skus: string[]): Promise<Map<string, MagentoProduct>> {
  const out = new Map<string, MagentoProduct>();
  const commaSkus = skus.filter((s) => s.includes(","));
  const groups = [...chunks(skus.filter((s) => !s.includes(",")), SKUS_PER_QUERY), ...chunks(commaSkus, 9)];
  for (const group of groups) {
    for await (const p of magento.searchAll("/V1/products", { filterGroups: skuFilters(group), sortOrders: [{ field: "entity_id", direction: "ASC" }], pageSize: MAGENTO_PAGE }, productItem)) {
      out.set(skuKey(p.sku), toProduct(p));
    }
  }
  return out;
}

/** Every Magento product, page by page (sku, type and legacy stock item only). */
export async function* allMagentoProducts(magento: MagentoClient): AsyncGenerator<MagentoProduct[]> {
  for (let current = 1; ; current++) {
    const query = {
      "searchCriteria[sortOrders][0][field]": "entity_id",
      "searchCriteria[sortOrders][0][direction]": "ASC",
      "searchCriteria[pageSize]": String(MAGENTO_PAGE),
      "searchCriteria[currentPage]": String(current),
      fields: PRODUCT_FIELDS,
    };
    const page = await magento.get("/V1/products", productPage, query);
    yield page.items.map(toProduct);
    // Past the last page Magento repeats it: stop on the count.
    if (page.items.length < MAGENTO_PAGE || current * MAGENTO_PAGE >= page.total_count) return;
  }
}

const sourceItem = z.object({ sku: z.string(), source_code: z.string(), quantity: z.coerce.number().nullish(), status: z.coerce.number().nullish() }).loose();
const sourceItemPage = z.object({ items: z.array(sourceItem).nullish().transform((v) => v ?? []), total_count: z.number().int() }).loose();

export type SourceItem = { sku: string; sourceCode: string; quantity: number; status: 0 | 1 };

const toSourceItem = (s: z.output<typeof sourceItem>): SourceItem => ({ sku: s.sku, sourceCode: s.source_code, quantity: s.quantity ?? 0, status: s.status === 1 ? 1 : 0 });

/** Source items of these SKUs: lower-cased SKU → source code → item. */
export async function sourceItemsFor(magento: MagentoClient, skus: string[]): Promise<Map<string, Map<string, SourceItem>>> {
  const out = new Map<string, Map<string, SourceItem>>();
  const groups = [...chunks(skus.filter((s) => !s.includes(",")), SKUS_PER_QUERY), ...chunks(skus.filter((s) => s.includes(",")), 9)];
  for (const group of groups) {
    const criteria = { filterGroups: skuFilters(group), sortOrders: [{ field: "sku", direction: "ASC" as const }, { field: "source_code", direction: "ASC" as const }], pageSize: MAGENTO_PAGE };
    for await (const s of magento.searchAll("/V1/inventory/source-items", criteria, sourceItem)) {
      const item = toSourceItem(s);
      const bySource = out.get(skuKey(item.sku)) ?? new Map<string, SourceItem>();
      bySource.set(item.sourceCode, item);
      out.set(skuKey(item.sku), bySource);
    }
  }
  return out;
}

/** Every source item of the store, page by page. */
export async function* allSourceItems(magento: MagentoClient): AsyncGenerator<SourceItem[]> {
  for (let current = 1; ; current++) {
    const query = {
      "searchCriteria[sortOrders][0][field]": "sku",
      "searchCriteria[sortOrders][0][direction]": "ASC",
      "searchCriteria[sortOrders][1][field]": "source_code",
      "searchCriteria[sortOrders][1][direction]": "ASC",
      "searchCriteria[pageSize]": String(MAGENTO_PAGE),
      "searchCriteria[currentPage]": String(current),
    };
    const page = await magento.get("/V1/inventory/source-items", sourceItemPage, query);
    yield page.items.map(toSourceItem);
    if (page.items.length < MAGENTO_PAGE || current * MAGENTO_PAGE >= page.total_count) return;
  }
}

export type WriteFailure = { sku: string; error: unknown };

/** Writes source items in batches; a refused batch fails each of its SKUs. */
export async function writeSourceItems(magento: MagentoClient, items: SourceItem[]): Promise<WriteFailure[]> {
  const failures: WriteFailure[] = [];
  for (const batch of chunks(items, MAGENTO_BATCH)) {
    const body = { sourceItems: batch.map((i) => ({ sku: i.sku, source_code: i.sourceCode, quantity: i.quantity, status: i.status })) };
    try {
      await magento.post("/V1/inventory/source-items", body, z.unknown());
    } catch (error) {
      if (error instanceof MagentoError && error.retryable) throw error;
      for (const i of batch) failures.push({ sku: i.sku, error });
    }
  }
  return failures;
}

export type LegacyWrite = { sku: string; itemId?: number; qty: number; inStock: boolean };

/** Legacy stock items have no batch route: one PUT per SKU. */
export async function writeLegacyStock(magento: MagentoClient, items: LegacyWrite[]): Promise<WriteFailure[]> {
  const failures: WriteFailure[] = [];
  for (const item of items) {
    try {
      // The path's item id is overridden by the existing item's own; 1 serves when it is unknown
      // (UNVERIFIED on a real store: StockRegistry::updateStockItemBySku is read as ignoring it).
      await magento.put(`/V1/products/${encodeURIComponent(item.sku)}/stockItems/${item.itemId ?? 1}`, { stockItem: { qty: item.qty, is_in_stock: item.inStock } }, z.unknown(), "all");
    } catch (error) {
      if (error instanceof MagentoError && error.retryable) throw error;
      failures.push({ sku: item.sku, error });
    }
  }
  return failures;
}
