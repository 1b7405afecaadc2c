// Stock per product and warehouse. onHand (free to sell) = inStock − allocated, as recorded
// availability answers show. Every change to a product's levels raises
// product.modified.on-hand-modified — there is no separate availability event.
import type { SandboxContext } from "../context";
import type { AccountState, Order, StockLevel } from "../state/types";

export const ON_HAND_EVENT = "product.modified.on-hand-modified";

export function level(account: AccountState, productId: number, warehouseId: number): StockLevel {
  const byWarehouse = (account.stock[productId] ??= {});
  return (byWarehouse[warehouseId] ??= { inStock: 0, allocated: 0, inTransit: 0 });
}

export const onHand = (l: StockLevel) => l.inStock - l.allocated;

/** Sets or adjusts the physical stock of a product in a warehouse. */
export function changeStock(ctx: SandboxContext, account: AccountState, productId: number, warehouseId: number, change: { inStock?: number; delta?: number }): StockLevel {
  const l = level(account, productId, warehouseId);
  const before = l.inStock;
  if (change.inStock !== undefined) l.inStock = change.inStock;
  if (change.delta !== undefined) l.inStock += change.delta;
  if (l.inStock !== before) stockChanged(ctx, account, [productId]);
  return l;
}

export function stockChanged(ctx: SandboxContext, account: AccountState, productIds: number[]): void {
  const now = ctx.now();
  for (const id of productIds) {
    const p = account.products[id];
    if (p) p.updatedOn = now;
  }
  if (productIds.length) ctx.emit(account, ON_HAND_EVENT, productIds);
  ctx.changed();
}

const isStockTracked = (account: AccountState, productId: number | null) => productId !== null && account.products[productId]?.stockTracked === true;

/** Reserves available stock for an order's unallocated rows, as auto-allocation does. */
export function allocateOrder(ctx: SandboxContext, account: AccountState, order: Order): void {
  const touched: number[] = [];
  for (const row of order.rows) {
    if (!isStockTracked(account, row.productId)) continue;
    const wanted = Number(row.quantity) - row.allocated - row.dropShip - shippedQuantity(account, order.id, row.id);
    if (wanted <= 0) continue;
    const warehouseId = row.allocationWarehouseId ?? order.warehouseId;
    const l = level(account, row.productId!, warehouseId);
    const take = Math.min(wanted, Math.max(0, onHand(l)));
    if (take <= 0) continue;
    l.allocated += take;
    row.allocated += take;
    row.allocationWarehouseId = warehouseId;
    touched.push(row.productId!);
  }
  if (touched.length) stockChanged(ctx, account, touched);
}

/** Releases an order's reservations (cancellation). */
export function releaseOrder(ctx: SandboxContext, account: AccountState, order: Order): void {
  const touched: number[] = [];
  for (const row of order.rows) {
    if (row.allocated <= 0 || row.productId === null || row.allocationWarehouseId === null) continue;
    const l = level(account, row.productId, row.allocationWarehouseId);
    l.allocated = Math.max(0, l.allocated - row.allocated);
    row.allocated = 0;
    touched.push(row.productId);
  }
  if (touched.length) stockChanged(ctx, account, touched);
}

/** Units of an order row on goods-out notes that have shipped. */
export function shippedQuantity(account: AccountState, orderId: number, rowId: number): number {
  let n = 0;
  for (const gon of Object.values(account.goodsOutNotes)) {
    if (gon.orderId !== orderId || !gon.status.shipped) continue;
    for (const line of gon.rows[rowId] ?? []) n += line.quantity;
  }
  return n;
}

/** Units of an order row received back on goods-in notes (a sales credit's returned goods). */
export function receivedQuantity(account: AccountState, orderId: number, rowId: number): number {
  let n = 0;
  for (const note of Object.values(account.goodsInNotes)) {
    if (note.orderId !== orderId) continue;
    for (const line of note.goodsMoved) if (line.orderRowId === rowId) n += line.quantity;
  }
  return n;
}

/**
 * GET /warehouse-service/product-availability: only stock-tracked products; warehouses holding
 * nothing are absent. UNVERIFIED: quarantined units count in neither inStock nor onHand.
 */
export function renderAvailability(account: AccountState, productIds: number[]) {
  const out: Record<string, unknown> = {};
  for (const id of productIds) {
    if (!isStockTracked(account, id)) continue;
    const total = { inStock: 0, onHand: 0, allocated: 0, inTransit: 0 };
    const warehouses: Record<string, typeof total> = {};
    for (const [wid, l] of Object.entries(account.stock[id] ?? {})) {
      if (l.inStock === 0 && l.allocated === 0 && l.inTransit === 0) continue;
      const w = { inStock: l.inStock, onHand: onHand(l), allocated: l.allocated, inTransit: l.inTransit };
      warehouses[wid] = w;
      total.inStock += w.inStock;
      total.onHand += w.onHand;
      total.allocated += w.allocated;
      total.inTransit += w.inTransit;
    }
    out[id] = { total, warehouses };
  }
  return out;
}
