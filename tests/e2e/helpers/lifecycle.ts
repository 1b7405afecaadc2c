// The sandboxes' control APIs as the order-lifecycle scenario uses them: what a warehouse does in
// Brightpearl, what a merchant does in the Magento admin, and what each side then holds.
import { inject } from "vitest";

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/__sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox control ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

type Row = { id: number; productId: number | null; name: string; quantity: string; net: string; tax: string; externalRef: string | null };
type Order = { id: number; orderTypeCode: string; parentOrderId: number; externalRef: string | null; warehouseId: number; rows: Row[] };
type Payment = { orderId: number; paymentType: string; amountPaid: string; paymentMethodCode: string };
type GoodsInNote = { id: number; orderId: number; warehouseId: number; userBatchReference: string | null; goodsMoved: { productId: number; orderRowId: number; quantity: number; locationId: number }[] };
type StockLevel = { inStock: number; allocated: number };
export type BrightpearlAccount = {
  orders: Record<string, Order>;
  payments: Record<string, Payment>;
  goodsInNotes: Record<string, GoodsInNote>;
  /** product id → warehouse id → level */
  stock: Record<string, Record<string, StockLevel>>;
};

export const brightpearlWarehouse = {
  state: (code: string) => call<BrightpearlAccount>(inject("brightpearlUrl"), "GET", `/accounts/${code}/state`),
  /** A warehouse user ships the order's goods-out note with a tracking number. */
  ship: (code: string, orderId: number, trackingReference: string) =>
    call<{ goodsOutNoteIds: number[] }>(inject("brightpearlUrl"), "POST", `/accounts/${code}/goods-out-notes/ship`, { orderId, trackingReference }),
  /** Units of a product in stock in a warehouse. */
  inStock: (account: BrightpearlAccount, productId: number, warehouseId: number) => account.stock[productId]?.[warehouseId]?.inStock ?? 0,
};

type Documents = {
  order: { entity_id: number; increment_id: string; status: string; grand_total: number; items: { item_id: number; qty_ordered: number; qty_shipped?: number }[]; shipping_amount?: number };
  shipments: { entity_id: number; tracks: { track_number: string }[] }[];
  creditmemos: { entity_id: number; grand_total: number }[];
};

export const magentoAdmin = {
  /** An order with its shipments, invoices and credit memos, as the admin's order page shows them. */
  order: (instanceId: string, orderId: number) => call<Documents>(inject("magentoUrl"), "GET", `/instances/${instanceId}/orders/${orderId}`),
  act: (instanceId: string, orderId: number, action: Record<string, unknown>) => call<unknown>(inject("magentoUrl"), "POST", `/instances/${instanceId}/orders/${orderId}/actions`, action),
};
