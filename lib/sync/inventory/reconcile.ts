import "server-only";
import type { CatalogDeps } from "@/lib/sync/catalog/deps";
import { DriftReportWriter, type DriftCounts } from "@/lib/sync/catalog/drift-report";
import { duplicateLine } from "@/lib/sync/catalog/duplicates";
import { allMagentoProducts, holdsStock, magentoProducts, skuKey, type MagentoProduct } from "@/lib/sync/catalog/magento-catalog";
import { classify } from "@/lib/sync/classify";
import { productPages, type CachedProduct } from "@/lib/sync/products/product-cache";
import { AVAILABILITY_CHUNK, fetchAvailability } from "./availability";
import type { StockContext } from "./context";
import { sourceItemsFor } from "./magento-stock";
import { openOrderQuantities } from "./open-orders";
import type { StockPlan } from "./stock-plan";
import { applyStockPlans } from "./stock-write";
import { planFor } from "./sync-stock";

// The stock audit: every mapped SKU compared on both sides, differences fixed and reported. It is
// the safety net under the webhooks, which Brightpearl does not promise for every stock change.
//
// Brightpearl calls are kept to the floor: the catalogue is read once in search pages of 500
// (refreshing the SKU cache on the way) and availability is asked for in ID sets of exactly 200
// stock-tracked products, carried across page boundaries. Magento's SKU list is read first; each
// chunk's values on both sides (availability, source items or stock items) are read right before
// the chunk is written, so nothing is written from a snapshot older than its chunk. The caller runs
// it as the tenant's only stock writer (the change flush waits), so no other pass writes a SKU
// between that read and the write. Memory grows with the SKU list, not with the answers.

export type StockAudit = { reportId: string; counts: DriftCounts; brightpearlCalls: number; blocked?: string };

export async function auditStock(deps: CatalogDeps, ctx: StockContext, trigger: string): Promise<StockAudit> {
  const report = await DriftReportWriter.start(deps.scoped, deps.tenantId, "INVENTORY", trigger);
  if (ctx.blocked) {
    await report.finish(ctx.blocked);
    return { reportId: report.id, counts: report.counts, brightpearlCalls: 0, blocked: ctx.blocked };
  }
  let calls = 0;
  const started = new Date();
  try {
    const magentoSide = new Map<string, string>();
    for await (const page of allMagentoProducts(deps.magento)) for (const p of page) if (holdsStock(p)) magentoSide.set(skuKey(p.sku), p.sku);
    const open = await openOrderQuantities(deps.magento, deps.scoped, deps.brightpearl);
    calls += open.brightpearlCalls;

    const seen = new Map<string, number>();
    let buffer: CachedProduct[] = [];
    const drain = async () => {
      const chunk = buffer;
      buffer = [];
      if (!chunk.length) return;
      const skus = chunk.map((p) => magentoSide.get(skuKey(p.sku))!);
      const availability = await fetchAvailability(deps.brightpearl, chunk.map((p) => p.productId));
      calls += availability.calls;
      const [current, sourceItems] = await Promise.all([magentoProducts(deps.magento, skus), ctx.msi ? sourceItemsFor(deps.magento, skus) : undefined]);
      const plans: StockPlan[] = [];
      for (const p of chunk) {
        const magento: MagentoProduct | undefined = current.get(skuKey(p.sku));
        // Unknown to Brightpearl now, or deleted in Magento since the list was read.
        if (availability.unknown.includes(p.productId) || !magento || !holdsStock(magento)) continue;
        const plan = planFor(ctx, p, magento, availability.levels.get(p.productId), sourceItems, open.quantities);
        report.counts.compared++;
        if (plan) plans.push(plan);
      }
      const applied = await applyStockPlans(deps.tenantId, deps.magento, plans);
      report.counts.differences += applied.written + applied.failed;
      report.counts.fixed += applied.written;
      report.counts.failed += applied.failed;
      for (const line of applied.lines) await report.add(line);
    };

    for await (const page of productPages(deps.brightpearl, deps.tenantId, started)) {
      calls++;
      for (const p of page) {
        const key = skuKey(p.sku);
        // Pages ascend by product id: the first product with a SKU is the one synced.
        const first = seen.get(key);
        if (first !== undefined) {
          await report.add(duplicateLine(p.sku, first, p.productId, "stock"));
          continue;
        }
        seen.set(key, p.productId);
        if (!magentoSide.has(key)) {
          await report.add({ kind: "only-brightpearl", sku: p.sku });
          continue;
        }
        if (!p.stockTracked) continue;
        buffer.push(p);
        if (buffer.length >= AVAILABILITY_CHUNK) await drain();
      }
    }
    await drain();
    for (const [key, sku] of magentoSide) if (!seen.has(key)) await report.add({ kind: "only-magento", sku });
    // The pass stamped every live product in the cache; the rest were deleted in Brightpearl.
    await deps.scoped.brightpearlProduct.deleteMany({ where: { syncedAt: { lt: started } } });
    return { reportId: report.id, counts: await report.finish(), brightpearlCalls: calls };
  } catch (error) {
    await report.finish(classify(error).message);
    throw error;
  }
}
