import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import { renderMagentoMessage } from "@/lib/magento/errors";
import { writeInBatches } from "@/lib/sync/catalog/batch-write";
import { chunks, MAGENTO_BATCH, skuKey } from "@/lib/sync/catalog/magento-catalog";
import { toUnits, unitsToNumber } from "./money";

// Magento base prices through the price storage routes, MAGENTO_BATCH rows a call. Writes answer
// 200 even when rows fail: the failures come back as a list of PriceUpdateResult
// ({message, parameters: string[]}), each naming its row through the placeholders of its message
// (%SKU and %storeId, or %fieldName = %fieldValue), never by position. Each is turned into a
// message for the SKU it belongs to. A whole call refused as invalid input is halved until the
// refused rows are found.

const info = z.array(z.object({ sku: z.string(), price: z.coerce.number(), store_id: z.coerce.number().int() }).loose());
const failures = z.array(z.object({ message: z.string(), parameters: z.unknown().optional() }).loose());
type Failure = z.output<typeof failures>[number];

/** lower-cased SKU → store id → price in units. */
export type MagentoPrices = Map<string, Map<number, number>>;

export async function readBasePrices(magento: MagentoClient, skus: string[]): Promise<MagentoPrices> {
  const out: MagentoPrices = new Map();
  for (const batch of chunks(skus, MAGENTO_BATCH)) {
    const rows = await magento.post("/V1/products/base-prices-information", { skus: batch }, info, "all");
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

const send = (magento: MagentoClient, batch: PriceRow[]) =>
  magento.post("/V1/products/base-prices", { prices: batch.map((r) => ({ sku: r.sku, price: unitsToNumber(r.units), store_id: r.storeId })) }, failures, "all");

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

/** The failure's placeholder values by lower-cased placeholder name (a list follows the message's order). */
function namedParameters(message: string, parameters: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (Array.isArray(parameters)) {
    const names = [...message.matchAll(/%([A-Za-z_]\w*|\d+)/g)].map((m) => m[1]!.toLowerCase());
    names.forEach((name, i) => {
      const value = /^\d+$/.test(name) ? parameters[Number(name) - 1] : parameters[i];
      if (value !== undefined && value !== null) out.set(name, String(value));
    });
  } else if (parameters && typeof parameters === "object") {
    for (const [k, v] of Object.entries(parameters)) if (v !== undefined && v !== null) out.set(k.toLowerCase(), String(v));
  }
  return out;
}

const SKU_NAMES = new Set(["sku"]);
const STORE_NAMES = new Set(["storeid", "store_id", "store id", "store"]);

/** The rows of the batch a failure names by SKU and/or store; empty when it names neither or no row matches. */
export function rowsNamedBy(failure: Failure, batch: PriceRow[]): PriceRow[] {
  const named = namedParameters(failure.message, failure.parameters);
  let sku: string | undefined;
  let store: string | undefined;
  for (const [name, value] of named) {
    if (SKU_NAMES.has(name)) sku = value;
    if (STORE_NAMES.has(name.replace(/\s+/g, " "))) store = value;
  }
  const field = named.get("fieldname")?.toLowerCase();
  const value = named.get("fieldvalue");
  if (field && value !== undefined && SKU_NAMES.has(field)) sku ??= value;
  if (field && value !== undefined && STORE_NAMES.has(field)) store ??= value;
  if (sku === undefined && store === undefined) return [];
  return batch.filter((r) => (sku === undefined || skuKey(r.sku) === skuKey(sku)) && (store === undefined || String(r.storeId) === store.trim()));
}

const reason = (f: Failure) => `Magento refused the price: ${renderPriceFailure(f.message, f.parameters)}`;

/** Writes rows; returns the reasons Magento refused, per lower-cased SKU. */
export async function writeBasePrices(magento: MagentoClient, rows: PriceRow[]): Promise<Map<string, string>> {
  const refused = new Map<string, string>();
  const note = (key: string, message: string) => refused.set(key, refused.has(key) ? `${refused.get(key)} ${message}` : message);
  const writeBatch = async (batch: PriceRow[]) => {
    const answer = await send(magento, batch);
    const unattributed: Failure[] = [];
    for (const f of answer) {
      const skus = new Set(rowsNamedBy(f, batch).map((r) => skuKey(r.sku)));
      if (skus.size === 1) note([...skus][0]!, reason(f));
      else unattributed.push(f);
    }
    if (!unattributed.length) return;
    if (batch.length === 1) {
      note(skuKey(batch[0]!.sku), unattributed.map(reason).join(" "));
      return;
    }
    // A failure that names no single SKU of the batch: send the rows one by one to learn whose it
    // is (valid rows are simply saved again).
    for (const r of batch) {
      if (refused.has(skuKey(r.sku))) continue;
      const single = await send(magento, [r]);
      if (single.length) note(skuKey(r.sku), single.map(reason).join(" "));
    }
  };
  for (const f of await writeInBatches(rows, writeBatch)) note(skuKey(f.row.sku), `Magento refused the price: ${f.error.message}`);
  return refused;
}
