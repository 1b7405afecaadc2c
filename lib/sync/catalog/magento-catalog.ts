import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import type { Filter } from "@/lib/magento/search-criteria";

// Magento's catalogue as the stock, prices and products flows read it: which SKUs exist, of which
// type, with their legacy stock items; and the two ways every list is read (all of it, page by
// page, or only the SKUs asked for).

/** Items per write: Magento's input limits, when a store switches them on (and always on 2.4.3), refuse arrays longer than 20. */
export const MAGENTO_BATCH = 20;
/** the largest page Magento's input limits allow */
export const MAGENTO_PAGE = 300;
/** SKUs per `in` filter: keeps the signed URL short. */
const SKUS_PER_QUERY = 100;
/** SKUs with a comma cannot go in an `in` list; each takes an `eq` filter of the group. */
const COMMA_SKUS_PER_QUERY = 9;

export const skuKey = (sku: string) => sku.toLowerCase();

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Sort = { field: string; direction: "ASC" | "DESC" };

/**
 * Every item of a Magento list, one page at a time. Past the last page Magento repeats it, so
 * paging stops on the count or a short page. `fields` trims the answer to what is read.
 */
export async function* magentoPages<T>(magento: MagentoClient, path: string, item: z.ZodType<T>, sort: Sort[], fields?: string): AsyncGenerator<T[]> {
  const page = z.object({ items: z.array(item).nullish().transform((v) => v ?? []), total_count: z.number().int() }).loose();
  for (let current = 1; ; current++) {
    const query: Record<string, string> = { "searchCriteria[pageSize]": String(MAGENTO_PAGE), "searchCriteria[currentPage]": String(current) };
    sort.forEach((s, i) => {
      query[`searchCriteria[sortOrders][${i}][field]`] = s.field;
      query[`searchCriteria[sortOrders][${i}][direction]`] = s.direction;
    });
    if (fields) query.fields = fields;
    const answer = await magento.get(path, page, query);
    yield answer.items as T[];
    if (answer.items.length < MAGENTO_PAGE || current * MAGENTO_PAGE >= answer.total_count) return;
  }
}

/** The items of a Magento list whose `sku` is one of these, a hundred SKUs a query. */
export async function* itemsForSkus<T>(magento: MagentoClient, path: string, item: z.ZodType<T>, skus: readonly string[], sort: Sort[]): AsyncGenerator<T> {
  const plain = skus.filter((s) => !s.includes(","));
  const odd = skus.filter((s) => s.includes(","));
  const groups: Filter[][] = [
    ...chunks(plain, SKUS_PER_QUERY).map((g): Filter[] => [{ field: "sku", value: g.join(","), conditionType: "in" }]),
    ...chunks(odd, COMMA_SKUS_PER_QUERY).map((g): Filter[] => g.map((s) => ({ field: "sku", value: s, conditionType: "eq" }))),
  ];
  for (const group of groups) yield* magento.searchAll(path, { filterGroups: [group], sortOrders: sort, pageSize: MAGENTO_PAGE }, item);
}

const stockItem = z.object({ item_id: z.number().int().nullish(), qty: z.coerce.number().nullish(), is_in_stock: z.boolean().nullish() }).loose();
const productItem = z.object({ sku: z.string(), type_id: z.string().nullish(), extension_attributes: z.object({ stock_item: stockItem.nullish() }).loose().nullish() }).loose();

export type MagentoProduct = { sku: string; typeId: string; legacy?: { itemId?: number; qty: number; inStock: boolean } };

const PRODUCT_FIELDS = "items[sku,type_id,extension_attributes[stock_item[item_id,qty,is_in_stock]]],total_count";

function toProduct(p: z.output<typeof productItem>): MagentoProduct {
  const s = p.extension_attributes?.stock_item;
  return { sku: p.sku, typeId: p.type_id ?? "simple", legacy: s ? { itemId: s.item_id ?? undefined, qty: s.qty ?? 0, inStock: s.is_in_stock ?? false } : undefined };
}

/** Products with stock of their own; composite ones hold none (their children do). */
export const holdsStock = (p: MagentoProduct) => p.typeId === "simple" || p.typeId === "virtual" || p.typeId === "downloadable";

const BY_ID: Sort[] = [{ field: "entity_id", direction: "ASC" }];

/** The Magento products among these SKUs, keyed by lower-cased SKU. */
export async function magentoProducts(magento: MagentoClient, skus: readonly string[]): Promise<Map<string, MagentoProduct>> {
  const out = new Map<string, MagentoProduct>();
  for await (const p of itemsForSkus(magento, "/V1/products", productItem, skus, BY_ID)) out.set(skuKey(p.sku), toProduct(p));
  return out;
}

/** Every Magento product, page by page (sku, type and legacy stock item only). */
export async function* allMagentoProducts(magento: MagentoClient): AsyncGenerator<MagentoProduct[]> {
  for await (const page of magentoPages(magento, "/V1/products", productItem, BY_ID, PRODUCT_FIELDS)) yield page.map(toProduct);
}
