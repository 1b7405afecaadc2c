// Orders and their documents as the sales repositories render them, and the Order/Item predicates
// (canShip, canInvoice, isDummy, qty to ship/invoice/refund) the operations are built on.
import type { MagentoInstance } from "../instance";
import type { FieldKind } from "../http/search-criteria";
import { CREDITMEMO_COLUMNS, INVOICE_COLUMNS, ORDER_COLUMNS, ORDER_ITEM_COLUMNS, SHIPMENT_COLUMNS } from "./columns";
import { round2 } from "./format";
import type {
  AddressRecord,
  CreditmemoRecord,
  HistoryRecord,
  InvoiceRecord,
  OrderItemRecord,
  OrderRecord,
  Row,
  Scalar,
  ShipmentRecord,
} from "./types";

export const DEFAULT_STATUS: Record<string, string> = {
  new: "pending",
  pending_payment: "pending_payment",
  payment_review: "payment_review",
  processing: "processing",
  complete: "complete",
  closed: "closed",
  canceled: "canceled",
  holded: "holded",
};

export const num = (row: Row, key: string): number => {
  const v = row[key];
  return typeof v === "number" ? v : typeof v === "string" ? Number(v) || 0 : 0;
};

/** Drops null and undefined: Magento omits null values of non-required fields. */
export function rowOut(row: Row): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** Required getters are emitted even when null. */
function withRequired(out: Record<string, unknown>, row: Row, keys: string[]): Record<string, unknown> {
  for (const key of keys) out[key] = row[key] ?? null;
  return out;
}

// ---- item relations and quantities -------------------------------------------------------------

export const itemId = (item: OrderItemRecord) => num(item.data, "item_id");

export function parentOf(order: OrderRecord, item: OrderItemRecord): OrderItemRecord | undefined {
  const parentId = item.data.parent_item_id;
  return parentId == null ? undefined : order.items.find((i) => itemId(i) === parentId);
}

export function childrenOf(order: OrderRecord, item: OrderItemRecord): OrderItemRecord[] {
  return order.items.filter((i) => i.data.parent_item_id === itemId(item));
}

/** Item::isDummy(true): which rows of a composite product a shipment is registered against. */
export function isShipmentDummy(order: OrderRecord, item: OrderItemRecord): boolean {
  const parent = parentOf(order, item);
  if (parent) return !parent.shipSeparately;
  if (childrenOf(order, item).length) return !!item.shipSeparately;
  return false;
}

/** Item::isDummy(false): which rows carry the money for invoices and credit memos. */
export function isMoneyDummy(order: OrderRecord, item: OrderItemRecord): boolean {
  const parent = parentOf(order, item);
  if (parent) return !parent.childrenCalculated;
  if (childrenOf(order, item).length) return !!item.childrenCalculated;
  return false;
}

export function qtyToShip(order: OrderRecord, item: OrderItemRecord): number {
  if (isShipmentDummy(order, item)) return 0;
  const d = item.data;
  return Math.max(num(d, "qty_ordered") - num(d, "qty_shipped") - num(d, "qty_refunded") - num(d, "qty_canceled"), 0);
}

export function qtyToInvoice(order: OrderRecord, item: OrderItemRecord): number {
  if (isMoneyDummy(order, item)) return 0;
  const d = item.data;
  return Math.max(num(d, "qty_ordered") - num(d, "qty_invoiced") - num(d, "qty_canceled"), 0);
}

export function qtyToRefund(order: OrderRecord, item: OrderItemRecord): number {
  if (isMoneyDummy(order, item)) return 0;
  return Math.max(num(item.data, "qty_invoiced") - num(item.data, "qty_refunded"), 0);
}

/** What a cancellation takes off every row, composite or not: neither invoiced nor shipped. */
export function qtyToCancel(item: OrderItemRecord): number {
  const d = item.data;
  return Math.max(num(d, "qty_ordered") - Math.max(num(d, "qty_invoiced"), num(d, "qty_shipped")) - num(d, "qty_canceled"), 0);
}

export const state = (order: OrderRecord) => String(order.data.state ?? "");

export function canShip(order: OrderRecord): boolean {
  if (["payment_review", "holded", "canceled"].includes(state(order)) || num(order.data, "is_virtual")) return false;
  return order.items.some((i) => qtyToShip(order, i) > 0);
}

export function canInvoice(order: OrderRecord): boolean {
  if (["payment_review", "holded", "canceled", "complete", "closed"].includes(state(order))) return false;
  return order.items.some((i) => qtyToInvoice(order, i) > 0);
}

export function canCreditmemo(order: OrderRecord): boolean {
  if (["payment_review", "holded", "canceled", "closed"].includes(state(order))) return false;
  return num(order.data, "total_paid") - num(order.data, "total_refunded") >= 0.0001;
}

export function canCancel(order: OrderRecord): boolean {
  if (["payment_review", "holded", "canceled", "complete", "closed"].includes(state(order))) return false;
  return order.items.some((i) => qtyToInvoice(order, i) > 0);
}

export function canHold(order: OrderRecord): boolean {
  return !["holded", "payment_review", "canceled", "complete", "closed"].includes(state(order));
}

export function setState(order: OrderRecord, newState: string, status?: string): void {
  order.data.state = newState;
  order.data.status = status ?? DEFAULT_STATUS[newState] ?? newState;
}

/** ResourceModel\Order\Handler\State::check, run on every order save. */
export function checkState(order: OrderRecord, inProcess: boolean): void {
  if (state(order) === "new" && inProcess) setState(order, "processing");
  const current = state(order);
  if (current === "canceled" || current === "holded" || canInvoice(order)) return;
  if ((current === "processing" || current === "complete") && !canCreditmemo(order) && !canShip(order) && num(order.data, "total_refunded") > 0) {
    setState(order, "closed");
  } else if (current === "processing" && !canShip(order)) {
    setState(order, "complete");
  }
}

// ---- rendering ---------------------------------------------------------------------------------

export function itemOutput(order: OrderRecord, item: OrderItemRecord, embedParent = true): Record<string, unknown> {
  const out: Record<string, unknown> = rowOut(item.data);
  if (item.productOption) out.product_option = item.productOption;
  const parent = embedParent ? parentOf(order, item) : undefined;
  if (parent) out.parent_item = itemOutput(order, parent, false);
  return out;
}

export function addressOutput(address: AddressRecord): Record<string, unknown> {
  return withRequired({ ...rowOut(address.data), street: address.street }, address.data, [
    "address_type",
    "city",
    "country_id",
    "firstname",
    "lastname",
    "postcode",
    "telephone",
  ]);
}

export function historyOutput(history: HistoryRecord): Record<string, unknown> {
  return withRequired(rowOut(history.data), history.data, ["comment", "is_customer_notified", "is_visible_on_front", "parent_id"]);
}

function itemAppliedTaxes(order: OrderRecord) {
  const rate = order.appliedTaxes[0];
  if (!rate) return [];
  const out: Record<string, unknown>[] = [];
  for (const item of order.items) {
    const amount = num(item.data, "tax_amount");
    if (!amount) continue;
    const parent = parentOf(order, item);
    out.push({
      type: "product",
      item_id: itemId(item),
      ...(parent ? { associated_item_id: itemId(parent) } : {}),
      applied_taxes: [{ code: rate.code, title: rate.title, percent: rate.percent, amount, base_amount: num(item.data, "base_tax_amount") }],
    });
  }
  const shippingTax = num(order.data, "shipping_tax_amount");
  if (shippingTax) {
    out.push({
      type: "shipping",
      applied_taxes: [{ code: rate.code, title: rate.title, percent: rate.percent, amount: shippingTax, base_amount: num(order.data, "base_shipping_tax_amount") }],
    });
  }
  return out;
}

const SHIPPING_TOTAL_KEYS = [
  "base_shipping_amount",
  "base_shipping_canceled",
  "base_shipping_discount_amount",
  "base_shipping_discount_tax_compensation_amnt",
  "base_shipping_incl_tax",
  "base_shipping_invoiced",
  "base_shipping_refunded",
  "base_shipping_tax_amount",
  "base_shipping_tax_refunded",
  "shipping_amount",
  "shipping_canceled",
  "shipping_discount_amount",
  "shipping_discount_tax_compensation_amount",
  "shipping_incl_tax",
  "shipping_invoiced",
  "shipping_refunded",
  "shipping_tax_amount",
  "shipping_tax_refunded",
];

export function orderOutput(instance: MagentoInstance, order: OrderRecord): Record<string, unknown> {
  const items = order.items.map((i) => itemOutput(order, i));
  const extension: Record<string, unknown> = {};
  if (order.shipping) {
    const total: Row = {};
    for (const key of SHIPPING_TOTAL_KEYS) total[key] = order.data[key];
    extension.shipping_assignments = [
      {
        shipping: { address: addressOutput(order.shipping), method: order.shippingMethod ?? undefined, total: rowOut(total) },
        // The assignment repeats every order item, children included.
        items: order.items.map((i) => itemOutput(order, i)),
        ...(instance.config.msi ? { stock_id: 1 } : {}),
      },
    ];
  }
  extension.payment_additional_info = order.payment.info;
  if (order.appliedTaxes.length) {
    extension.applied_taxes = order.appliedTaxes;
    extension.item_applied_taxes = itemAppliedTaxes(order);
  }
  extension.converting_from_quote = true;
  const payment = withRequired({ ...rowOut(order.payment.data), additional_information: order.payment.additionalInformation }, order.payment.data, [
    "account_status",
    "cc_last4",
    "method",
  ]);
  const histories = [...order.histories].sort((a, b) => num(b.data, "entity_id") - num(a.data, "entity_id"));
  return {
    ...rowOut(order.data),
    items,
    billing_address: addressOutput(order.billing),
    payment,
    status_histories: histories.map(historyOutput),
    extension_attributes: extension,
  };
}

export function trackOutput(t: { data: Row }): Record<string, unknown> {
  return withRequired(rowOut(t.data), t.data, ["order_id", "parent_id", "weight", "qty", "description", "track_number", "title", "carrier_code"]);
}

export function shipmentOutput(instance: MagentoInstance, s: ShipmentRecord): Record<string, unknown> {
  return {
    ...rowOut(s.data),
    packages: [],
    items: s.items.map((i) => rowOut(i.data)),
    tracks: s.tracks.map(trackOutput),
    comments: s.comments.map((c) => withRequired(rowOut(c.data), c.data, ["is_customer_notified", "parent_id", "comment", "is_visible_on_front"])),
    ...(instance.config.msi && s.sourceCode ? { extension_attributes: { source_code: s.sourceCode } } : {}),
  };
}

export function invoiceOutput(inv: InvoiceRecord): Record<string, unknown> {
  return {
    ...rowOut(inv.data),
    items: inv.items.map((i) => rowOut(i.data)),
    comments: inv.comments.map((c) => withRequired(rowOut(c.data), c.data, ["is_customer_notified", "parent_id", "comment", "is_visible_on_front"])),
  };
}

export function creditmemoOutput(cm: CreditmemoRecord): Record<string, unknown> {
  return {
    ...rowOut(cm.data),
    items: cm.items.map((i) => withRequired(rowOut(i.data), i.data, ["base_cost", "base_price", "entity_id", "order_item_id", "qty"])),
    comments: cm.comments.map((c) => withRequired(rowOut(c.data), c.data, ["comment", "is_customer_notified", "is_visible_on_front", "parent_id"])),
  };
}

// ---- search access -----------------------------------------------------------------------------

const ORDER_DB_ONLY: Record<string, FieldKind> = { shipping_method: "string" };

export const orderKind = (field: string): FieldKind | undefined => ORDER_COLUMNS[field] ?? ORDER_DB_ONLY[field];
export const orderGet = (order: OrderRecord, field: string): Scalar | undefined => {
  if (field === "shipping_method") return order.shippingMethod;
  return field in ORDER_COLUMNS ? (order.data[field] ?? null) : undefined;
};

export const rowAccess = (columns: Record<string, FieldKind>) => ({
  kind: (field: string) => columns[field],
  get: (row: { data: Row }, field: string): Scalar | undefined => (field in columns ? (row.data[field] ?? null) : undefined),
});

export const orderItemAccess = rowAccess(ORDER_ITEM_COLUMNS);
export const shipmentAccess = rowAccess(SHIPMENT_COLUMNS);
export const invoiceAccess = rowAccess(INVOICE_COLUMNS);
export const creditmemoAccess = rowAccess(CREDITMEMO_COLUMNS);

export function totalQtyOrdered(order: OrderRecord): number {
  return round2(order.items.filter((i) => i.data.parent_item_id == null).reduce((sum, i) => sum + num(i.data, "qty_ordered"), 0));
}
