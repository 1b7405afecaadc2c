import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { isRowRefusal, writeInBatches, type RowFailure } from "@/lib/sync/catalog/batch-write";
import { itemsForSkus, skuKey } from "@/lib/sync/catalog/magento-catalog";

// Magento's side of stock: MSI source items, and writing them (or the legacy stock item).

const sourceItem = z.object({ sku: z.string(), source_code: z.string(), quantity: z.coerce.number().nullish(), status: z.coerce.number().nullish() }).loose();

export type SourceItem = { sku: string; sourceCode: string; quantity: number; status: 0 | 1 };

const toSourceItem = (s: z.output<typeof sourceItem>): SourceItem => ({ sku: s.sku, sourceCode: s.source_code, quantity: s.quantity ?? 0, status: s.status === 1 ? 1 : 0 });

const BY_SKU_AND_SOURCE = [
  { field: "sku", direction: "ASC" as const },
  { field: "source_code", direction: "ASC" as const },
];

/** Source items of these SKUs: lower-cased SKU → source code → item. */
export async function sourceItemsFor(magento: MagentoClient, skus: readonly string[]): Promise<Map<string, Map<string, SourceItem>>> {
  const out = new Map<string, Map<string, SourceItem>>();
  for await (const s of itemsForSkus(magento, "/V1/inventory/source-items", sourceItem, skus, BY_SKU_AND_SOURCE)) {
    const item = toSourceItem(s);
    const bySource = out.get(skuKey(item.sku)) ?? new Map<string, SourceItem>();
    bySource.set(item.sourceCode, item);
    out.set(skuKey(item.sku), bySource);
  }
  return out;
}

export type WriteFailure = { sku: string; error: unknown };

const bySku = <T extends { sku: string }>(failures: RowFailure<T>[]): WriteFailure[] => failures.map((f) => ({ sku: f.row.sku, error: f.error }));

/** Writes source items in batches; only the items Magento refuses fail, each with its reason. */
export async function writeSourceItems(magento: MagentoClient, items: SourceItem[]): Promise<WriteFailure[]> {
  const send = async (batch: SourceItem[]) => {
    await magento.post("/V1/inventory/source-items", { sourceItems: batch.map((i) => ({ sku: i.sku, source_code: i.sourceCode, quantity: i.quantity, status: i.status })) }, z.unknown());
  };
  return bySku(await writeInBatches(items, send));
}

export type LegacyWrite = { sku: string; itemId?: number; qty: number; inStock: boolean };

/** Legacy stock items have no batch route: one PUT per SKU. */
export async function writeLegacyStock(magento: MagentoClient, items: LegacyWrite[]): Promise<WriteFailure[]> {
  const send = async ([item]: LegacyWrite[]) => {
    // The path's item id is overridden by the existing item's own; 1 serves when it is unknown
    // (UNVERIFIED on a real store: StockRegistry::updateStockItemBySku is read as ignoring it).
    await magento.put(`/V1/products/${encodeURIComponent(item!.sku)}/stockItems/${item!.itemId ?? 1}`, { stockItem: { qty: item!.qty, is_in_stock: item!.inStock } }, z.unknown(), "all");
  };
  // One SKU per call: a product deleted in Magento since it was read is that SKU's problem alone.
  const rowProblem = (error: unknown): error is MagentoError => isRowRefusal(error) || (error instanceof MagentoError && error.kind === "not-found" && error.reason === "not-found");
  return bySku(await writeInBatches(items, send, 1, rowProblem));
}
