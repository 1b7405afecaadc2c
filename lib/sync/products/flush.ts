import "server-only";
import { catalogDeps } from "@/lib/sync/catalog/deps";
import { stockContext } from "@/lib/sync/inventory/context";
import { syncStock, type StockSyncResult } from "@/lib/sync/inventory/sync-stock";
import { syncPrices, type PriceSyncResult } from "@/lib/sync/prices/sync-prices";
import { enabledFlows } from "@/lib/tenants/settings";
import { createMissingProducts, type CreateResult } from "./create-missing";
import { clearChanges, finishFlush, takeChanges, touchFlush } from "./pending-changes";
import { refreshProducts } from "./product-cache";

// One round of a tenant's flush: the oldest pending changes (at most FLUSH_BATCH products) go
// through every flow that is on — the SKU cache for product changes, product creation, stock and
// prices — and are then cleared. `more` says whether changes are still waiting.

export type FlushRound = { products: number; stock?: StockSyncResult; prices?: PriceSyncResult; created?: CreateResult; more: boolean };

export async function flushRound(tenantId: string): Promise<FlushRound> {
  const deps = await catalogDeps(tenantId);
  await touchFlush(tenantId);
  const flows = await enabledFlows(deps.scoped);
  const batch = await takeChanges(deps.scoped);
  const round: FlushRound = { products: batch.count, more: false };
  if (batch.product.length) await refreshProducts(deps.brightpearl, deps.scoped, tenantId, batch.product);
  // New products first, so the stock and price passes below already find them in Magento.
  if (flows.has("products") && batch.product.length) round.created = await createMissingProducts(deps, batch.product);
  if (flows.has("inventory")) {
    // A created or modified product may be new to the stock flow or have changed its tracking.
    round.stock = await syncStock(deps, await stockContext(deps), [...batch.stock, ...batch.product]);
  }
  if (flows.has("prices") && batch.product.length) round.prices = await syncPrices(deps, batch.product);
  await clearChanges(deps.scoped, batch);
  round.more = await finishFlush(tenantId);
  return round;
}
