import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError, renderMagentoMessage } from "@/lib/magento/errors";
import { MAGENTO_BATCH, skuKey } from "@/lib/sync/inventory/magento-stock";
import { toUnits, unitsToNumber } from "./money";

// Magento base prices through the price storage routes, MAGENTO_BATCH rows a call. Writes answer
// 200 even when rows fail: the failures come back as a list, each naming its row by parameters,
// and each is turned into a message for the SKU it belongs to.

const info = z.array(z.object({ sku: z.string(), price: z.coerce.number(), store_id: z.coerce.number().int() }).loose());
const failures = z.array(z.object({ message: z.string(), parameters: z.unknown().optional() }).loose());

/** lower-cased SKU → store id → price in units. */
export type MagentoPrices = Map<string, Map<number, number>>;

export async function readBasePrices(magento: MagentoClient, skus: string[]): Promise<MagentoPrices> {
  const out: MagentoPrices = new Map();
  for (let i = 0; i < skus.length; i += MAGENTO_BATCH) {
    const rows = await magento.post("/V1/products/base-prices-information", { skus: skus.slice(i, i + MAGENTO_BATCH) }, info, "all");
    for (const r of rows) {
      const byStore = out.get(skuKey(r.sku)) ?? new Map<number, number>();
      const units = toUnits(r.price);
      if (units !== undefined) byStore.set(r.store_id, units);
      out.set(skuKey(r.sku), byStore);
    }
  }
  return out;
}

export type PriceRow = { sku: string; storeId: number; units: number };

/** Writes rows; returns the reasons Magento refused, per lower-cased SKU. */
export async function writeBasePrices(magento: MagentoClient, rows: PriceRow[]): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  for (let i = 0; i < rows.length; i += MAGENTO_BATCH) {
    const batch = rows.slice(i, i + MAGENTO_BATCH);
    for (const [sku, reason] of await writeBatch(magento, batch)) refused.set(sku, reason);
  }
  return refused;
}

async function send(magento: MagentoClient, batch: PriceRow[]) {
  return magento.post("/V1/products/base-prices", { prices: batch.map((r) => ({ sku: r.sku, price: unitsToNumber(r.units), store_id: r.storeId })) }, failures, "all");
}

/**
 * Price storage failures name their placeholders (%fieldName, %SKU) but send the values as a list,
 * in the placeholders' order.
 */
export function renderPriceFailure(message: string, parameters: unknown): string {
  if (Array.isArray(parameters) && !/%\d/.test(message)) {
    let i = 0;
    return message.replace(/%([A-Za-z_]\w*)/g, (m) => (i < parameters.length ? String(parameters[i++]) : m));
  }
  return renderMagentoMessage(message, parameters);
}

const paramValues = (parameters: unknown): string[] =>
  Array.isArray(parameters) ? parameters.map(String) : parameters && typeof parameters === "object" ? Object.values(parameters).map(String) : [];

async function writeBatch(magento: MagentoClient, batch: PriceRow[]): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  let answer: z.output<typeof failures>;
  try {
    answer = await send(magento, batch);
  } catch (error) {
    if (error instanceof MagentoError && error.retryable) throw error;
    // The whole call refused (e.g. malformed row): every row of it carries the reason.
    for (const r of batch) refused.set(skuKey(r.sku), error instanceof Error ? `Magento: ${error.message}` : "Magento refused the prices.");
    return refused;
  }
  const unattributed: string[] = [];
  for (const f of answer) {
    const message = `Magento refused the price: ${renderPriceFailure(f.message, f.parameters)}`;
    const values = paramValues(f.parameters).map((v) => v.toLowerCase());
    const row = batch.find((r) => values.includes(skuKey(r.sku)));
    if (row) refused.set(skuKey(row.sku), refused.has(skuKey(row.sku)) ? `${refused.get(skuKey(row.sku))} ${message}` : message);
    else unattributed.push(message);
  }
  if (unattributed.length && batch.length > 1) {
    // A failure that names no SKU: send the rows one by one to learn whose it is (valid rows are
    // simply saved again).
    for (const r of batch) {
      if (refused.has(skuKey(r.sku))) continue;
      const single = await send(magento, [r]);
      if (single.length) refused.set(skuKey(r.sku), single.map((f) => `Magento refused the price: ${renderPriceFailure(f.message, f.parameters)}`).join(" "));
    }
  } else if (unattributed.length) {
    refused.set(skuKey(batch[0]!.sku), unattributed.join(" "));
  }
  return refused;
}
