import "server-only";
import { classify } from "@/lib/sync/classify";
import type { CachedProduct } from "@/lib/sync/products/product-cache";
import { productPages } from "@/lib/sync/products/product-cache";
import { AVAILABILITY_CHUNK, fetchAvailability } from "./availability";
import type { CatalogDeps, StockContext } from "./context";
import { DriftReportWriter, type DriftCounts } from "./drift-report";
import { allMagentoProducts, allSourceItems, holdsStock, skuKey, type MagentoProduct, type SourceItem } from "./magento-stock";
import { openOrderQuantities } from "./open-orders";
import { planFor } from "./sync-stock";
import type { StockPlan } from "./stock-plan";
import { applyStockPlans } from "./stock-write";

// The stock audit: every mapped SKU compared on both sides, differences fixed and reported. It is
// the safety net under the webhooks, which Brightpearl does not promise for every stock change.
//
// Brightpearl calls are kept to the floor: the catalogue is read once in search pages of 500
// (refreshing the SKU cache on the way) and availability is asked for in ID sets of exactly 200
// stock-tracked products, carried across page boundaries. Magento's side (products and source
// items) is read first into maps keyed by SKU; Brightpearl's side streams through, so memory grows
// with the catalogue's SKU list, not with the answers.

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
    const magentoSide = new Map<string, MagentoProduct>();
    for await (const page of allMagentoProducts(deps.magento)) {
      // On MSI stores the legacy stock item is not needed: keep only what the comparison reads.
      for (const p of page) if (holdsStock(p)) magentoSide.set(skuKey(p.sku), ctx.msi ? { sku: p.sku, typeId: p.typeId } : p);
    }
    let sourceItems: Map<string, Map<string, SourceItem>> | undefined;
    if (ctx.msi) {
      sourceItems = new Map();
      for await (const page of allSourceItems(deps.magento)) {
        for (const item of page) {
          const key = skuKey(item.sku);
          if (!magentoSide.has(key)) continue;
          const bySource = sourceItems.get(key) ?? new Map<string, SourceItem>();
          bySource.set(item.sourceCode, item);
          sourceItems.set(key, bySource);
        }
      }
    }
    const open = await openOrderQuantities(deps.magento, deps.scoped);

    const seen = new Set<string>();
    let buffer: CachedProduct[] = [];
    const drain = async () => {
      const chunk = buffer;
      buffer = [];
      if (!chunk.length) return;
      const availability = await fetchAvailability(deps.brightpearl, chunk.map((p) => p.productId));
      calls += availability.calls;
      const plans: StockPlan[] = [];
      for (const p of chunk) {
        if (availability.unknown.includes(p.productId)) continue;
        const plan = planFor(ctx, p, magentoSide.get(skuKey(p.sku))!, availability.levels.get(p.productId), sourceItems, open);
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
        // Two Brightpearl products with one SKU: the oldest (lowest id) is the one synced.
        if (seen.has(key)) continue;
        seen.add(key);
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
    for (const [key, p] of magentoSide) if (!seen.has(key)) await report.add({ kind: "only-magento", sku: p.sku });
    // The pass stamped every live product in the cache; the rest were deleted in Brightpearl.
    await deps.scoped.brightpearlProduct.deleteMany({ where: { syncedAt: { lt: started } } });
    return { reportId: report.id, counts: await report.finish(), brightpearlCalls: calls };
  } catch (error) {
    await report.finish(classify(error).message);
    throw error;
  }
}
