import "server-only";
import type { CatalogDeps } from "@/lib/sync/catalog/deps";
import { DriftReportWriter, type DriftCounts, type DriftLine } from "@/lib/sync/catalog/drift-report";
import { duplicateLine } from "@/lib/sync/catalog/duplicates";
import { allMagentoProducts, magentoProducts, skuKey, type MagentoProduct } from "@/lib/sync/catalog/magento-catalog";
import { recordSkuOutcomes, type SkuOutcome } from "@/lib/sync/catalog/sku-records";
import { classify } from "@/lib/sync/classify";
import { changedProducts, productPages, type CachedProduct } from "@/lib/sync/products/product-cache";
import { fetchPrices, PRICE_CHUNK } from "./brightpearl-prices";
import { readBasePrices, writeBasePrices, type PriceRow } from "./magento-prices";
import { formatUnits } from "./money";
import { priceTargets, type PriceTarget } from "./targets";

// Brightpearl's mapped price lists → Magento base prices: for the products Brightpearl said
// changed, and for every mapped SKU in the nightly audit. Only prices that differ are written. A
// SKU two Brightpearl products share always takes the price of the lowest product id.

export type PriceSyncResult = { products: number; written: number; failed: number; unchanged: number; brightpearlCalls: number; blocked?: string };

const NOT_MAPPED = "No Magento store view is mapped to a Brightpearl price list: map them on the mappings page.";

type Pair = { product: CachedProduct; magento: MagentoProduct };

type BatchResult = { written: number; failed: number; unchanged: number; calls: number; lines: DriftLine[] };

async function syncBatch(deps: CatalogDeps, targets: PriceTarget[], pairs: Pair[]): Promise<BatchResult> {
  const out: BatchResult = { written: 0, failed: 0, unchanged: 0, calls: 0, lines: [] };
  if (!pairs.length) return out;
  const lists = [...new Set(targets.map((t) => t.priceListId))];
  const { prices, calls } = await fetchPrices(deps.brightpearl, pairs.map((p) => p.product.productId), lists);
  out.calls = calls;
  const current = await readBasePrices(deps.magento, pairs.map((p) => p.magento.sku));
  const rows: PriceRow[] = [];
  const before = new Map<string, Map<number, number | undefined>>();
  for (const { product, magento } of pairs) {
    const key = skuKey(magento.sku);
    const perStore = new Map<number, number | undefined>();
    for (const t of targets) {
      const units = prices.get(product.productId)?.get(t.priceListId);
      if (units === undefined) continue;
      const now = current.get(key)?.get(t.storeId);
      if (now === units) continue;
      rows.push({ sku: magento.sku, storeId: t.storeId, units });
      perStore.set(t.storeId, now);
    }
    if (perStore.size) before.set(key, perStore);
    else out.unchanged++;
  }
  const refused = await writeBasePrices(deps.magento, rows);
  const outcomes: SkuOutcome[] = [];
  const bySku = new Map<string, PriceRow[]>();
  for (const r of rows) bySku.set(skuKey(r.sku), [...(bySku.get(skuKey(r.sku)) ?? []), r]);
  for (const [key, skuRows] of bySku) {
    const reason = refused.get(key);
    const sku = skuRows[0]!.sku;
    outcomes.push({
      sku,
      status: reason ? "FAILED" : "SUCCEEDED",
      targetId: skuRows.map((r) => `store ${r.storeId}`).join(","),
      request: { prices: Object.fromEntries(skuRows.map((r) => [String(r.storeId), formatUnits(r.units)])) },
      error: reason ? { kind: "rejected", message: reason } : undefined,
    });
    if (reason) out.failed++;
    else out.written++;
    for (const r of skuRows) {
      const was = before.get(key)?.get(r.storeId);
      out.lines.push({
        kind: "difference",
        sku,
        scope: `store ${r.storeId}`,
        brightpearlValue: formatUnits(r.units),
        magentoBefore: was === undefined ? undefined : formatUnits(was),
        magentoAfter: reason ? (was === undefined ? undefined : formatUnits(was)) : formatUnits(r.units),
        error: reason,
      });
    }
  }
  await recordSkuOutcomes(deps.tenantId, "PRICES", outcomes);
  return out;
}

/** The prices of the products Brightpearl said changed. */
export async function syncPrices(deps: CatalogDeps, productIds: number[]): Promise<PriceSyncResult> {
  const ids = [...new Set(productIds)];
  const result: PriceSyncResult = { products: ids.length, written: 0, failed: 0, unchanged: 0, brightpearlCalls: 0 };
  if (!ids.length) return result;
  const { targets, problems } = await priceTargets(deps.scoped);
  if (!targets.length) return { ...result, blocked: problems.join(" ") || NOT_MAPPED };
  const { products, calls } = await changedProducts(deps.brightpearl, deps.scoped, deps.tenantId, ids);
  result.brightpearlCalls += calls;
  const inMagento = await magentoProducts(deps.magento, products.map((p) => p.sku));
  const pairs = products.flatMap((product) => {
    const magento = inMagento.get(skuKey(product.sku));
    return magento ? [{ product, magento }] : [];
  });
  for (let i = 0; i < pairs.length; i += PRICE_CHUNK) {
    const r = await syncBatch(deps, targets, pairs.slice(i, i + PRICE_CHUNK));
    result.written += r.written;
    result.failed += r.failed;
    result.unchanged += r.unchanged;
    result.brightpearlCalls += r.calls;
  }
  return result;
}

export type PriceAudit = { reportId: string; counts: DriftCounts; brightpearlCalls: number; blocked?: string };

/** The nightly price audit: every mapped SKU compared, differences fixed and reported. */
export async function auditPrices(deps: CatalogDeps, trigger: string): Promise<PriceAudit> {
  const report = await DriftReportWriter.start(deps.scoped, deps.tenantId, "PRICES", trigger);
  const { targets, problems } = await priceTargets(deps.scoped);
  if (!targets.length) {
    const blocked = problems.join(" ") || NOT_MAPPED;
    await report.finish(blocked);
    return { reportId: report.id, counts: report.counts, brightpearlCalls: 0, blocked };
  }
  let calls = 0;
  try {
    const magentoSide = new Map<string, MagentoProduct>();
    for await (const page of allMagentoProducts(deps.magento)) for (const p of page) magentoSide.set(skuKey(p.sku), p);
    const seen = new Map<string, number>();
    let buffer: Pair[] = [];
    const drain = async () => {
      const batch = buffer;
      buffer = [];
      const r = await syncBatch(deps, targets, batch);
      calls += r.calls;
      report.counts.compared += batch.length;
      report.counts.differences += r.written + r.failed;
      report.counts.fixed += r.written;
      report.counts.failed += r.failed;
      for (const line of r.lines) await report.add(line);
    };
    for await (const page of productPages(deps.brightpearl, deps.tenantId)) {
      calls++;
      for (const product of page) {
        const key = skuKey(product.sku);
        // Pages ascend by product id: the first product with a SKU is the one synced.
        const first = seen.get(key);
        if (first !== undefined) {
          await report.add(duplicateLine(product.sku, first, product.productId, "price"));
          continue;
        }
        seen.set(key, product.productId);
        const magento = magentoSide.get(key);
        if (!magento) {
          await report.add({ kind: "only-brightpearl", sku: product.sku });
          continue;
        }
        buffer.push({ product, magento });
        if (buffer.length >= PRICE_CHUNK) await drain();
      }
    }
    await drain();
    for (const [key, p] of magentoSide) if (!seen.has(key)) await report.add({ kind: "only-magento", sku: p.sku });
    return { reportId: report.id, counts: await report.finish(problems.length ? problems.join(" ") : undefined, true), brightpearlCalls: calls };
  } catch (error) {
    await report.finish(classify(error).message);
    throw error;
  }
}
