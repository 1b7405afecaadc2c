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
// store would oversell. So each source gets its warehouses' onHand plus back only the units
// Brightpearl allocated to orders this connector created that Magento still reserves:
//
//   source quantity = Σ onHand(w) + Σ (units allocated in w to this store's open imported orders)
//
// An allocation of another channel's order is never added back, so Magento's salable quantity is
// Brightpearl's free stock minus the Magento orders Brightpearl has not allocated yet. The add-back
// of a warehouse goes to the first source the warehouse is mapped to (a warehouse counts for one
// source only), and never exceeds what Brightpearl reports allocated there.
//
// Without MSI the legacy stock item has no reservations: Magento lowered its quantity at checkout
// for every open order, and the value written is the salable quantity itself, i.e. the same total
// minus every open Magento order.

export type WarehouseLevel = { inStock: number; allocated: number; onHand: number };

/** Units on this store's open (unshipped, uncancelled) orders. */
export type OpenQuantity = {
  /** on orders already in Brightpearl (created by the orders flow) */
  imported: number;
  /** on orders Brightpearl does not have yet */
  notImported: number;
  /** of the imported units, those Brightpearl has allocated, by warehouse id (0: warehouse not known) */
  allocated?: ReadonlyMap<number, number>;
};

export type SourceMapping = { code: string; warehouseIds: number[] };

const NO_OPEN: OpenQuantity = { imported: 0, notImported: 0 };

/** The quantity of each mapped source. A warehouse mapped to two sources counts for the first only. */
export function sourceQuantities(levels: ReadonlyMap<number, WarehouseLevel>, sources: SourceMapping[], open: OpenQuantity = NO_OPEN): Map<string, number> {
  const owner = new Map<number, string>();
  for (const source of sources) for (const id of source.warehouseIds) if (!owner.has(id)) owner.set(id, source.code);
  const out = new Map<string, number>(sources.map((s) => [s.code, 0]));
  const room = new Map<number, number>();
  for (const [id, source] of owner) {
    const level = levels.get(id);
    if (!level) continue;
    out.set(source, out.get(source)! + level.onHand);
    room.set(id, Math.max(0, level.allocated));
  }
  const addBack = (id: number, units: number): number => {
    const back = Math.min(room.get(id) ?? 0, Math.max(0, units));
    if (back <= 0) return 0;
    room.set(id, room.get(id)! - back);
    out.set(owner.get(id)!, out.get(owner.get(id)!)! + back);
    return back;
  };
  let unplaced = 0;
  for (const [id, units] of open.allocated ?? []) {
    if (id === 0) unplaced += units;
    else addBack(id, units);
  }
  // Units whose warehouse Brightpearl did not say fill the mapped warehouses' allocations in order.
  for (const id of owner.keys()) unplaced -= addBack(id, unplaced);
  // Brightpearl can allocate more than it holds (onHand < 0); Magento gets nothing to sell.
  for (const [code, q] of out) out.set(code, Math.max(0, q));
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
