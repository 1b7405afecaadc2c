import "server-only";
import type { CatalogDeps } from "@/lib/sync/catalog/deps";
import { holdsStock, magentoProducts, skuKey, type MagentoProduct } from "@/lib/sync/catalog/magento-catalog";
import { changedProducts, type CachedProduct } from "@/lib/sync/products/product-cache";
import { fetchAvailability } from "./availability";
import type { StockContext } from "./context";
import { sourceItemsFor, type SourceItem } from "./magento-stock";
import { openOrderQuantities } from "./open-orders";
import type { OpenQuantity, WarehouseLevel } from "./quantities";
import { planStock, type StockPlan } from "./stock-plan";
import { applyStockPlans } from "./stock-write";

// The fast path: the products Brightpearl said changed, read in as few calls as the limits allow
// (availability in ID sets of ≤ 200), mapped to SKUs through the cache, and written to Magento
// where the value differs. A SKU two Brightpearl products share always takes the stock of the
// lowest product id, whichever of them changed.

export type StockSyncResult = {
  products: number;
  written: number;
  unchanged: number;
  failed: number;
  /** not stock-tracked, unknown to Brightpearl or Magento, or skipped for missing availability */
  skipped: number;
  brightpearlCalls: number;
  blocked?: string;
};

export async function syncStock(deps: CatalogDeps, ctx: StockContext, productIds: number[]): Promise<StockSyncResult> {
  const ids = [...new Set(productIds)];
  const result: StockSyncResult = { products: ids.length, written: 0, unchanged: 0, failed: 0, skipped: 0, brightpearlCalls: 0 };
  if (!ids.length) return result;
  if (ctx.blocked) return { ...result, skipped: ids.length, blocked: ctx.blocked };

  const { products, calls } = await changedProducts(deps.brightpearl, deps.scoped, deps.tenantId, ids);
  result.brightpearlCalls += calls;
  const tracked = products.filter((p) => p.stockTracked);
  const availability = await fetchAvailability(deps.brightpearl, tracked.map((p) => p.productId));
  result.brightpearlCalls += availability.calls;
  if (availability.unknown.length) await deps.scoped.brightpearlProduct.deleteMany({ where: { productId: { in: availability.unknown } } });

  const live = tracked.filter((p) => !availability.unknown.includes(p.productId));
  const inMagento = await magentoProducts(deps.magento, live.map((p) => p.sku));
  const both = live.filter((p) => {
    const m = inMagento.get(skuKey(p.sku));
    return m && holdsStock(m);
  });
  const sourceItems = ctx.msi ? await sourceItemsFor(deps.magento, both.map((p) => inMagento.get(skuKey(p.sku))!.sku)) : undefined;
  const open = await openOrderQuantities(deps.magento, deps.scoped, deps.brightpearl, new Set(both.map((p) => skuKey(p.sku))));
  result.brightpearlCalls += open.brightpearlCalls;

  const plans: StockPlan[] = [];
  for (const p of both) {
    const plan = planFor(ctx, p, inMagento.get(skuKey(p.sku))!, availability.levels.get(p.productId), sourceItems, open.quantities);
    if (plan) plans.push(plan);
  }
  const applied = await applyStockPlans(deps.tenantId, deps.magento, plans);
  result.written = applied.written;
  result.failed = applied.failed;
  result.unchanged = plans.length - applied.written - applied.failed;
  result.skipped = ids.length - plans.length;
  return result;
}

/** The plan for one Brightpearl product and its Magento twin. */
export function planFor(
  ctx: StockContext,
  product: CachedProduct,
  magento: MagentoProduct,
  levels: ReadonlyMap<number, WarehouseLevel> | undefined,
  sourceItems: Map<string, Map<string, SourceItem>> | undefined,
  open: Map<string, OpenQuantity>,
): StockPlan | undefined {
  return planStock({
    msi: ctx.msi,
    sources: ctx.sources,
    productId: product.productId,
    magento,
    levels,
    missingAvailability: ctx.options.missingAvailability,
    sourceItems: sourceItems?.get(skuKey(product.sku)),
    open: open.get(skuKey(product.sku)),
  });
}
