// Which quantity Magento gets, from Brightpearl's availability per warehouse.
//
// Brightpearl reports per warehouse inStock (physical), allocated (reserved for open orders of any
// channel) and onHand = inStock − allocated (free to sell). Magento (MSI) keeps a source quantity
// that is physical stock and subtracts, by itself, a reservation for every Magento order not yet
// shipped: salable = Σ source quantities − reservations.
//
// Pushing onHand would subtract a Magento order twice once Brightpearl has allocated it (once in
// Brightpearl's allocation, once in Magento's reservation): the store would undersell. Pushing
// inStock would ignore the allocations of other channels' orders (marketplaces, phone orders): the
// store would oversell. So each source gets its warehouses' onHand plus back the part of the
// allocations that belongs to this store's open orders already in Brightpearl — the quantity
// Magento itself still reserves:
//
//   source quantity = Σ onHand(w) + min(Σ allocated(w), open quantity of imported Magento orders)
//
// and Magento's salable quantity then equals Brightpearl's free stock minus the Magento orders not
// yet imported (which Magento reserved and Brightpearl does not know yet). It never exceeds what
// Brightpearl can sell, and no order is counted twice.
//
// Without MSI the legacy stock item has no reservations: Magento lowered its quantity at checkout
// for every open order, and the value written is the salable quantity itself, i.e. the same total
// minus every open Magento order.

export type WarehouseLevel = { inStock: number; allocated: number; onHand: number };

/** Units on this store's open (unshipped, uncancelled) orders, by whether the order is in Brightpearl yet. */
export type OpenQuantity = { imported: number; notImported: number };

export type SourceMapping = { code: string; warehouseIds: number[] };

const NO_OPEN: OpenQuantity = { imported: 0, notImported: 0 };

/** The quantity of each mapped source. A warehouse mapped to two sources counts for the first only. */
export function sourceQuantities(levels: ReadonlyMap<number, WarehouseLevel>, sources: SourceMapping[], open: OpenQuantity = NO_OPEN): Map<string, number> {
  const out = new Map<string, number>();
  const used = new Set<number>();
  let addBack = Math.max(0, open.imported);
  for (const source of sources) {
    let quantity = 0;
    for (const id of source.warehouseIds) {
      if (used.has(id)) continue;
      used.add(id);
      const level = levels.get(id);
      if (!level) continue;
      const back = Math.min(Math.max(0, level.allocated), addBack);
      addBack -= back;
      quantity += level.onHand + back;
    }
    // Brightpearl can allocate more than it holds (onHand < 0); Magento gets nothing to sell.
    out.set(source.code, Math.max(0, quantity));
  }
  return out;
}

/** The legacy (single-stock) quantity: the sources' total minus every open Magento order. */
export function legacyQuantity(levels: ReadonlyMap<number, WarehouseLevel>, sources: SourceMapping[], open: OpenQuantity = NO_OPEN): number {
  let total = 0;
  for (const q of sourceQuantities(levels, sources, open).values()) total += q;
  return Math.max(0, total - open.imported - open.notImported);
}

/** Magento's in-stock flag for a quantity. */
export const inStockFor = (quantity: number) => quantity > 0;
