// What ShipOrder, InvoiceOrder, RefundOrder and OrderService (cancel, hold, comments) do to an order,
// with their validators' messages. Quantities are registered against the rows that carry them
// (configurable parents, bundle parents or children depending on the bundle's settings).
import type { MagentoInstance } from "../instance";
import { documentValidationError, MagentoError } from "../http/errors";
import { round2 } from "./format";
import { addReservation, DEFAULT_STOCK_ID, defaultSourceCode, setSourceItem, sourceItem } from "./inventory";
import {
  canCancel,
  canHold,
  canInvoice,
  canShip,
  checkState,
  childrenOf,
  isMoneyDummy,
  isShipmentDummy,
  itemId,
  num,
  parentOf,
  qtyToCancel,
  qtyToInvoice,
  qtyToRefund,
  qtyToShip,
  setState,
  state,
} from "./orders";
import type { CreditmemoRecord, DocumentItem, InvoiceRecord, OrderItemRecord, OrderRecord, Row, ShipmentRecord } from "./types";

export type ItemQty = { order_item_id: number; qty: number };
export type DocumentComment = { comment?: string; is_visible_on_front?: number };

/** UNVERIFIED: store views after the first prefix their sequence with the store id (200000001). */
export function incrementId(instance: MagentoInstance, entity: string, storeId: number): string {
  const n = instance.nextId(`increment_${entity}_${storeId}`);
  return storeId > 1 ? `${storeId}${String(n).padStart(8, "0")}` : String(n).padStart(9, "0");
}

function touch(instance: MagentoInstance, order: OrderRecord): string {
  const now = instance.nowString();
  order.data.updated_at = now;
  for (const item of order.items) item.data.updated_at = now;
  return now;
}

function requestedMap(items: ItemQty[] | undefined): Map<number, number> {
  const map = new Map<number, number>();
  for (const { order_item_id, qty } of items ?? []) map.set(order_item_id, (map.get(order_item_id) ?? 0) + qty);
  return map;
}

/** The physical SKU rows behind an order row: a configurable parent ships its child's stock. */
function stockRows(order: OrderRecord, item: OrderItemRecord): { sku: string; ratio: number }[] {
  const children = childrenOf(order, item);
  if (!children.length) return [{ sku: String(item.data.sku), ratio: 1 }];
  const parentQty = num(item.data, "qty_ordered") || 1;
  return children.map((c) => ({ sku: String(c.data.sku), ratio: num(c.data, "qty_ordered") / parentQty }));
}

/**
 * The comment a ship / invoice / refund call carries is kept with the document whatever
 * `appendComment` says (Magento's document factories always add it); `appendComment` only decides
 * whether it goes into the customer's email, which `notify` sends.
 */
function documentComment(instance: MagentoInstance, counter: string, parentId: number, comment: DocumentComment | undefined, notify: boolean) {
  if (!comment || comment.comment === undefined) return [];
  return [
    {
      data: {
        entity_id: instance.nextId(counter),
        parent_id: parentId,
        comment: comment.comment,
        is_customer_notified: notify ? 1 : 0,
        is_visible_on_front: comment.is_visible_on_front ?? 0,
        created_at: instance.nowString(),
      },
    },
  ];
}

// ---- ship --------------------------------------------------------------------------------------

export type ShipRequest = {
  items?: ItemQty[];
  notify?: boolean;
  appendComment?: boolean;
  comment?: DocumentComment;
  tracks?: { track_number?: string; title?: string; carrier_code?: string }[];
  sourceCode?: string;
};

function chooseSource(instance: MagentoInstance, needs: Map<string, number>, requested: string | undefined): string {
  const sources = instance.config.sources.filter((s) => s.enabled);
  if (requested !== undefined) {
    // UNVERIFIED: the exact answer for an unknown source code; Magento fails the save.
    if (!instance.config.sources.some((s) => s.code === requested)) throw new MagentoError(400, "The shipment couldn't be saved.");
    return requested;
  }
  if (sources.length === 1) return sources[0]!.code;
  // Priority-based source selection: the first source holding everything wins. UNVERIFIED: a real
  // store may split the deduction over several sources instead of refusing.
  const ordered = [...sources].sort((a, b) => a.priority - b.priority);
  for (const source of ordered) {
    const enough = [...needs].every(([sku, qty]) => {
      const item = sourceItem(instance, sku, source.code);
      return item !== undefined && item.status === 1 && item.quantity >= qty;
    });
    if (enough) return source.code;
  }
  throw new MagentoError(400, "Not all of your products are available in the requested quantity.");
}

export function shipOrder(instance: MagentoInstance, order: OrderRecord, req: ShipRequest): number {
  const messages: string[] = [];
  if (["payment_review", "holded", "canceled"].includes(state(order)) || num(order.data, "is_virtual")) {
    messages.push(`A shipment cannot be created when an order has a status of ${order.data.status ?? ""}`);
  } else if (!canShip(order)) {
    messages.push("The order does not allow a shipment to be created.");
  }

  // ShipmentFactory::prepareItems: requested quantities are capped at what is left to ship; rows
  // not requested, already shipped, or dummies of rows not requested are left out.
  const requested = requestedMap(req.items);
  const lines: { item: OrderItemRecord; qty: number }[] = [];
  for (const item of order.items) {
    if (isShipmentDummy(order, item)) continue;
    const remaining = qtyToShip(order, item);
    if (remaining <= 0) continue;
    const qty = requested.size ? Math.trunc(Math.min(requested.get(itemId(item)) ?? 0, remaining)) : remaining;
    if (qty > 0) lines.push({ item, qty });
  }
  const totalQty = lines.reduce((s, l) => s + l.qty, 0);
  if (totalQty <= 0) messages.push("You can't create a shipment without products.");
  for (const track of req.tracks ?? []) {
    if (!track.track_number) messages.push("Please enter a tracking number.");
  }
  for (const id of requested.keys()) {
    const item = order.items.find((i) => itemId(i) === id);
    if (!item || !isShipmentDummy(order, item)) continue;
    const parent = parentOf(order, item);
    const template = 'Cannot create shipment as bundle product "%1" has shipment type "%2". %3 should be shipped instead.';
    if (!parent && item.data.product_type === "bundle") {
      messages.push(template.replace("%1", String(item.data.sku)).replace("%2", "Separately").replace("%3", "Bundle product options"));
    } else if (parent?.data.product_type === "bundle") {
      messages.push(template.replace("%1", String(parent.data.sku)).replace("%2", "Together").replace("%3", "Bundle product itself"));
    }
  }
  if (messages.length) throw documentValidationError("Shipment", messages);

  let sourceCode: string | null = null;
  if (instance.config.msi) {
    const needs = new Map<string, number>();
    for (const { item, qty } of lines) for (const row of stockRows(order, item)) needs.set(row.sku, (needs.get(row.sku) ?? 0) + qty * row.ratio);
    sourceCode = chooseSource(instance, needs, req.sourceCode);
    for (const [sku, qty] of needs) {
      const product = instance.productBySku(sku);
      const at = sourceItem(instance, sku, sourceCode);
      const mayGoNegative = product ? !product.stock.manageStock || product.stock.backorders > 0 : true;
      if (!mayGoNegative && (!at || at.quantity < qty)) throw new MagentoError(400, "Not all of your products are available in the requested quantity.");
    }
    for (const [sku, qty] of needs) {
      const at = sourceItem(instance, sku, sourceCode);
      setSourceItem(instance, sku, sourceCode, round2((at?.quantity ?? 0) - qty), at?.status ?? 1);
      addReservation(instance, { sku, stockId: DEFAULT_STOCK_ID, quantity: qty, orderId: num(order.data, "entity_id") });
    }
  }

  const now = touch(instance, order);
  const shipmentId = instance.nextId("shipment");
  const storeId = num(order.data, "store_id");
  // UNVERIFIED: shipment items list the rows quantities are registered against; Magento may also
  // list dummy children with their own quantities.
  const items: DocumentItem[] = lines.map(({ item, qty }) => ({
    data: {
      entity_id: instance.nextId("shipment_item"),
      parent_id: shipmentId,
      order_item_id: itemId(item),
      product_id: item.data.product_id,
      sku: item.data.sku,
      name: item.data.name,
      price: item.data.price,
      weight: item.data.weight,
      qty,
    },
  }));
  for (const { item, qty } of lines) item.data.qty_shipped = num(item.data, "qty_shipped") + qty;
  const shipment: ShipmentRecord = {
    data: {
      entity_id: shipmentId,
      increment_id: incrementId(instance, "shipment", storeId),
      order_id: order.data.entity_id,
      store_id: storeId,
      customer_id: order.data.customer_id,
      billing_address_id: order.billing.data.entity_id,
      shipping_address_id: order.shipping?.data.entity_id,
      total_qty: totalQty,
      total_weight: round2(lines.reduce((s, l) => s + num(l.item.data, "weight") * l.qty, 0)) || null,
      email_sent: req.notify ? 1 : null,
      created_at: now,
      updated_at: now,
    },
    items,
    tracks: (req.tracks ?? []).map((t) => ({
      data: {
        entity_id: instance.nextId("shipment_track"),
        parent_id: shipmentId,
        order_id: order.data.entity_id,
        track_number: t.track_number,
        title: t.title ?? null,
        carrier_code: t.carrier_code ?? null,
        weight: null,
        qty: null,
        description: null,
        created_at: now,
        updated_at: now,
      },
    })),
    comments: documentComment(instance, "shipment_comment", shipmentId, req.comment, !!req.notify && !!req.appendComment),
    sourceCode,
  };
  instance.state.shipments.push(shipment);
  checkState(order, true);
  return shipmentId;
}

export function addTrack(instance: MagentoInstance, entity: Record<string, unknown>) {
  const shipment = instance.state.shipments.find((s) => s.data.entity_id === entity.parent_id);
  if (!shipment || (entity.order_id !== undefined && shipment.data.order_id !== entity.order_id)) {
    throw new MagentoError(400, "Could not save the shipment tracking.");
  }
  if (!entity.track_number) throw new MagentoError(400, "Please enter a tracking number.");
  const now = instance.nowString();
  const track = {
    data: {
      entity_id: instance.nextId("shipment_track"),
      parent_id: shipment.data.entity_id,
      order_id: shipment.data.order_id,
      track_number: String(entity.track_number),
      title: (entity.title as string | undefined) ?? null,
      carrier_code: (entity.carrier_code as string | undefined) ?? null,
      weight: (entity.weight as number | undefined) ?? null,
      qty: (entity.qty as number | undefined) ?? null,
      description: (entity.description as string | undefined) ?? null,
      created_at: now,
      updated_at: now,
    } satisfies Row,
  };
  shipment.tracks.push(track);
  shipment.data.updated_at = now;
  return track;
}

// ---- invoice -----------------------------------------------------------------------------------

export type InvoiceRequest = { capture?: boolean; items?: ItemQty[]; notify?: boolean; appendComment?: boolean; comment?: DocumentComment };

const add = (row: Row, key: string, amount: number) => {
  row[key] = round2(num(row, key) + amount);
};

function share(total: number, done: number, qty: number, remainingQty: number, orderedQty: number): number {
  // The last document takes what is left, so sums never drift from the order's totals.
  if (qty >= remainingQty) return round2(total - done);
  return round2((total * qty) / (orderedQty || 1));
}

export function invoiceOrder(instance: MagentoInstance, order: OrderRecord, req: InvoiceRequest): number {
  if (!canInvoice(order)) throw documentValidationError("Invoice", [`An invoice cannot be created when an order has a status of ${order.data.status ?? ""}.`]);
  const requested = requestedMap(req.items);
  const messages: string[] = [];
  for (const id of requested.keys()) {
    if (!order.items.some((i) => itemId(i) === id)) messages.push("The invoice contains one or more items that are not part of the original order.");
  }
  const lines: { item: OrderItemRecord; qty: number }[] = [];
  for (const item of order.items) {
    if (isMoneyDummy(order, item)) continue;
    const remaining = qtyToInvoice(order, item);
    const qty = requested.size ? (requested.get(itemId(item)) ?? 0) : remaining;
    // UNVERIFIED: wording of Invoice\Item::setQty's refusal.
    if (qty > remaining + 1e-9) throw new MagentoError(400, 'We found an invalid quantity to invoice item "%1".', [String(item.data.name)]);
    if (qty > 0) lines.push({ item, qty });
  }
  if (!lines.length) messages.push("You can't create an invoice without products.");
  if (messages.length) throw documentValidationError("Invoice", [...new Set(messages)]);

  const o = order.data;
  const now = touch(instance, order);
  const invoiceId = instance.nextId("invoice");
  const totals = { subtotal: 0, base_subtotal: 0, tax: 0, base_tax: 0, discount: 0, base_discount: 0, incl: 0, base_incl: 0 };
  const items: DocumentItem[] = [];
  for (const { item, qty } of lines) {
    const d = item.data;
    const remaining = qtyToInvoice(order, item);
    const ordered = num(d, "qty_ordered");
    const rowTotal = share(num(d, "row_total"), num(d, "row_invoiced"), qty, remaining, ordered);
    const baseRowTotal = share(num(d, "base_row_total"), num(d, "base_row_invoiced"), qty, remaining, ordered);
    const tax = share(num(d, "tax_amount"), num(d, "tax_invoiced"), qty, remaining, ordered);
    const baseTax = share(num(d, "base_tax_amount"), num(d, "base_tax_invoiced"), qty, remaining, ordered);
    const discount = share(num(d, "discount_amount"), num(d, "discount_invoiced"), qty, remaining, ordered);
    const baseDiscount = share(num(d, "base_discount_amount"), num(d, "base_discount_invoiced"), qty, remaining, ordered);
    items.push({
      data: {
        entity_id: instance.nextId("invoice_item"),
        parent_id: invoiceId,
        order_item_id: itemId(item),
        product_id: d.product_id,
        sku: d.sku,
        name: d.name,
        qty,
        price: d.price,
        base_price: d.base_price,
        price_incl_tax: d.price_incl_tax,
        base_price_incl_tax: d.base_price_incl_tax,
        row_total: rowTotal,
        base_row_total: baseRowTotal,
        row_total_incl_tax: round2(rowTotal + tax),
        base_row_total_incl_tax: round2(baseRowTotal + baseTax),
        tax_amount: tax,
        base_tax_amount: baseTax,
        discount_amount: discount,
        base_discount_amount: baseDiscount,
        discount_tax_compensation_amount: 0,
        base_discount_tax_compensation_amount: 0,
      },
    });
    d.qty_invoiced = num(d, "qty_invoiced") + qty;
    add(d, "row_invoiced", rowTotal);
    add(d, "base_row_invoiced", baseRowTotal);
    add(d, "tax_invoiced", tax);
    add(d, "base_tax_invoiced", baseTax);
    add(d, "discount_invoiced", discount);
    add(d, "base_discount_invoiced", baseDiscount);
    totals.subtotal += rowTotal;
    totals.base_subtotal += baseRowTotal;
    totals.tax += tax;
    totals.base_tax += baseTax;
    totals.discount += discount;
    totals.base_discount += baseDiscount;
    totals.incl += rowTotal + tax;
    totals.base_incl += baseRowTotal + baseTax;
  }
  // The first invoice carries the whole shipping amount.
  const firstInvoice = num(o, "shipping_invoiced") === 0 && num(o, "base_shipping_invoiced") === 0;
  const shipping = firstInvoice ? num(o, "shipping_amount") : 0;
  const baseShipping = firstInvoice ? num(o, "base_shipping_amount") : 0;
  const shippingTax = firstInvoice ? num(o, "shipping_tax_amount") : 0;
  const baseShippingTax = firstInvoice ? num(o, "base_shipping_tax_amount") : 0;
  const grand = round2(totals.subtotal + totals.tax + shipping + shippingTax - totals.discount);
  const baseGrand = round2(totals.base_subtotal + totals.base_tax + baseShipping + baseShippingTax - totals.base_discount);
  const online = order.onlineCapture && req.capture === true;
  const transactionId = online ? `${String(order.payment.data.last_trans_id ?? "txn")}-capture-${invoiceId}` : null;
  const storeId = num(o, "store_id");
  const invoice: InvoiceRecord = {
    data: {
      entity_id: invoiceId,
      increment_id: incrementId(instance, "invoice", storeId),
      order_id: o.entity_id,
      store_id: storeId,
      billing_address_id: order.billing.data.entity_id,
      shipping_address_id: order.shipping?.data.entity_id,
      state: 2,
      can_void_flag: 0,
      email_sent: req.notify ? 1 : null,
      base_currency_code: o.base_currency_code,
      order_currency_code: o.order_currency_code,
      global_currency_code: o.global_currency_code,
      store_currency_code: o.store_currency_code,
      base_to_global_rate: o.base_to_global_rate,
      base_to_order_rate: o.base_to_order_rate,
      store_to_base_rate: o.store_to_base_rate,
      store_to_order_rate: o.store_to_order_rate,
      subtotal: round2(totals.subtotal),
      base_subtotal: round2(totals.base_subtotal),
      subtotal_incl_tax: round2(totals.incl),
      base_subtotal_incl_tax: round2(totals.base_incl),
      tax_amount: round2(totals.tax + shippingTax),
      base_tax_amount: round2(totals.base_tax + baseShippingTax),
      discount_amount: -round2(totals.discount),
      base_discount_amount: -round2(totals.base_discount),
      discount_description: o.discount_description,
      shipping_amount: shipping,
      base_shipping_amount: baseShipping,
      shipping_tax_amount: shippingTax,
      base_shipping_tax_amount: baseShippingTax,
      shipping_incl_tax: round2(shipping + shippingTax),
      base_shipping_incl_tax: round2(baseShipping + baseShippingTax),
      discount_tax_compensation_amount: 0,
      base_discount_tax_compensation_amount: 0,
      shipping_discount_tax_compensation_amount: 0,
      grand_total: grand,
      base_grand_total: baseGrand,
      total_qty: lines.reduce((s, l) => s + l.qty, 0),
      transaction_id: transactionId,
      created_at: now,
      updated_at: now,
    },
    items,
    comments: documentComment(instance, "invoice_comment", invoiceId, req.comment, !!req.notify && !!req.appendComment),
    capturedOnline: online,
  };
  instance.state.invoices.push(invoice);

  add(o, "subtotal_invoiced", totals.subtotal);
  add(o, "base_subtotal_invoiced", totals.base_subtotal);
  add(o, "tax_invoiced", totals.tax + shippingTax);
  add(o, "base_tax_invoiced", totals.base_tax + baseShippingTax);
  add(o, "discount_invoiced", -totals.discount);
  add(o, "base_discount_invoiced", -totals.base_discount);
  add(o, "shipping_invoiced", shipping);
  add(o, "base_shipping_invoiced", baseShipping);
  add(o, "total_invoiced", grand);
  add(o, "base_total_invoiced", baseGrand);
  add(o, "total_paid", grand);
  add(o, "base_total_paid", baseGrand);
  o.total_due = round2(num(o, "grand_total") - num(o, "total_paid"));
  o.base_total_due = round2(num(o, "base_grand_total") - num(o, "base_total_paid"));
  const p = order.payment.data;
  add(p, "amount_paid", grand);
  add(p, "base_amount_paid", baseGrand);
  add(p, "base_shipping_captured", baseShipping);
  add(p, "shipping_captured", shipping);
  if (online) {
    add(p, "base_amount_paid_online", baseGrand);
    p.last_trans_id = transactionId;
  }
  checkState(order, true);
  return invoiceId;
}

// ---- refund ------------------------------------------------------------------------------------

export type RefundRequest = {
  items?: ItemQty[];
  notify?: boolean;
  appendComment?: boolean;
  comment?: DocumentComment;
  shippingAmount?: number;
  adjustmentPositive?: number;
  adjustmentNegative?: number;
  returnToStockItems?: number[];
};

export function refundOrder(instance: MagentoInstance, order: OrderRecord, req: RefundRequest): number {
  const o = order.data;
  const messages: string[] = [];
  if (["payment_review", "holded", "canceled", "closed"].includes(state(order))) {
    messages.push(`A creditmemo can not be created when an order has a status of ${o.status ?? ""}`);
  } else if (!order.items.some((i) => qtyToRefund(order, i) > 0)) {
    messages.push("The order does not allow a creditmemo to be created.");
  }
  if (Math.abs(round2(num(o, "total_paid")) - num(o, "total_refunded")) < 0.0001) messages.push("We can't create creditmemo for the order.");

  const requested = requestedMap(req.items);
  const lines: { item: OrderItemRecord; qty: number }[] = [];
  for (const [id, qty] of requested) {
    const item = order.items.find((i) => itemId(i) === id);
    if (!item) {
      messages.push('The creditmemo contains product SKU "" that is not part of the original order.');
      continue;
    }
    if (isMoneyDummy(order, item)) continue;
    if (qty > qtyToRefund(order, item) + 1e-9) {
      messages.push(`The quantity to creditmemo must not be greater than the unrefunded quantity for product SKU "${String(item.data.sku)}".`);
      continue;
    }
    if (qty > 0) lines.push({ item, qty });
  }
  if (!requested.size) for (const item of order.items) if (qtyToRefund(order, item) > 0) lines.push({ item, qty: qtyToRefund(order, item) });

  const allowedShipping = round2(num(o, "shipping_invoiced") - num(o, "shipping_refunded"));
  const allowedBaseShipping = round2(num(o, "base_shipping_invoiced") - num(o, "base_shipping_refunded"));
  // UNVERIFIED: the parameter is a formatted price in Magento; here the plain amount.
  if (req.shippingAmount !== undefined && req.shippingAmount > allowedBaseShipping + 0.0001) {
    throw new MagentoError(400, "Maximum shipping amount allowed to refund is: %1", [allowedBaseShipping.toFixed(2)]);
  }
  const rate = num(o, "base_to_order_rate") || 1;
  const baseShipping = req.shippingAmount ?? allowedBaseShipping;
  const shipping = req.shippingAmount === undefined ? allowedShipping : round2(baseShipping * rate);
  const shippingTaxRatio = num(o, "shipping_amount") ? shipping / num(o, "shipping_amount") : 0;
  const shippingTax = round2(num(o, "shipping_tax_amount") * shippingTaxRatio);
  const baseShippingTax = round2(num(o, "base_shipping_tax_amount") * shippingTaxRatio);
  const adjPos = req.adjustmentPositive ?? 0;
  const adjNeg = req.adjustmentNegative ?? 0;

  const memoId = instance.nextId("creditmemo");
  const totals = { subtotal: 0, base_subtotal: 0, tax: 0, base_tax: 0, discount: 0, base_discount: 0, incl: 0, base_incl: 0 };
  const items: DocumentItem[] = [];
  for (const { item, qty } of lines) {
    const d = item.data;
    const remaining = qtyToRefund(order, item);
    const invoiced = num(d, "qty_invoiced");
    const rowTotal = share(num(d, "row_invoiced"), num(d, "amount_refunded"), qty, remaining, invoiced);
    const baseRowTotal = share(num(d, "base_row_invoiced"), num(d, "base_amount_refunded"), qty, remaining, invoiced);
    const tax = share(num(d, "tax_invoiced"), num(d, "tax_refunded"), qty, remaining, invoiced);
    const baseTax = share(num(d, "base_tax_invoiced"), num(d, "base_tax_refunded"), qty, remaining, invoiced);
    const discount = share(num(d, "discount_invoiced"), num(d, "discount_refunded"), qty, remaining, invoiced);
    const baseDiscount = share(num(d, "base_discount_invoiced"), num(d, "base_discount_refunded"), qty, remaining, invoiced);
    items.push({
      data: {
        entity_id: instance.nextId("creditmemo_item"),
        parent_id: memoId,
        order_item_id: itemId(item),
        product_id: d.product_id,
        sku: d.sku,
        name: d.name,
        qty,
        price: d.price,
        base_price: d.base_price,
        base_cost: null,
        price_incl_tax: d.price_incl_tax,
        base_price_incl_tax: d.base_price_incl_tax,
        row_total: rowTotal,
        base_row_total: baseRowTotal,
        row_total_incl_tax: round2(rowTotal + tax),
        base_row_total_incl_tax: round2(baseRowTotal + baseTax),
        tax_amount: tax,
        base_tax_amount: baseTax,
        discount_amount: discount,
        base_discount_amount: baseDiscount,
        discount_tax_compensation_amount: 0,
        base_discount_tax_compensation_amount: 0,
      },
    });
    totals.subtotal += rowTotal;
    totals.base_subtotal += baseRowTotal;
    totals.tax += tax;
    totals.base_tax += baseTax;
    totals.discount += discount;
    totals.base_discount += baseDiscount;
    totals.incl += rowTotal + tax;
    totals.base_incl += baseRowTotal + baseTax;
  }
  const grand = round2(totals.subtotal + totals.tax + shipping + shippingTax - totals.discount + adjPos * rate - adjNeg * rate);
  const baseGrand = round2(totals.base_subtotal + totals.base_tax + baseShipping + baseShippingTax - totals.base_discount + adjPos - adjNeg);
  const totalQty = lines.reduce((s, l) => s + l.qty, 0);
  if (grand <= 0) messages.push("The credit memo's total must be positive.");
  else if (totalQty <= 0 && allowedShipping <= 0) messages.push("You can't create a creditmemo without products.");
  if (round2(num(o, "base_total_refunded") + baseGrand) > round2(num(o, "base_total_paid"))) {
    messages.push(`The most money available to refund is ${round2(num(o, "base_total_paid") - num(o, "base_total_refunded"))}.`);
  }
  if (messages.length) throw documentValidationError("Creditmemo", [...new Set(messages)]);

  const refundedIds = new Set(lines.map((l) => itemId(l.item)));
  // UNVERIFIED: wording of the return-to-stock argument check.
  for (const id of req.returnToStockItems ?? []) {
    if (!refundedIds.has(id)) throw new MagentoError(400, "The return to stock argument contains product item that is not part of the original order.");
  }

  const now = touch(instance, order);
  const storeId = num(o, "store_id");
  const memo: CreditmemoRecord = {
    data: {
      entity_id: memoId,
      increment_id: incrementId(instance, "creditmemo", storeId),
      order_id: o.entity_id,
      store_id: storeId,
      billing_address_id: order.billing.data.entity_id,
      shipping_address_id: order.shipping?.data.entity_id,
      state: 2,
      email_sent: req.notify ? 1 : null,
      base_currency_code: o.base_currency_code,
      order_currency_code: o.order_currency_code,
      global_currency_code: o.global_currency_code,
      store_currency_code: o.store_currency_code,
      base_to_global_rate: o.base_to_global_rate,
      base_to_order_rate: o.base_to_order_rate,
      store_to_base_rate: o.store_to_base_rate,
      store_to_order_rate: o.store_to_order_rate,
      subtotal: round2(totals.subtotal),
      base_subtotal: round2(totals.base_subtotal),
      subtotal_incl_tax: round2(totals.incl),
      base_subtotal_incl_tax: round2(totals.base_incl),
      tax_amount: round2(totals.tax + shippingTax),
      base_tax_amount: round2(totals.base_tax + baseShippingTax),
      discount_amount: -round2(totals.discount),
      base_discount_amount: -round2(totals.base_discount),
      discount_description: o.discount_description,
      shipping_amount: shipping,
      base_shipping_amount: baseShipping,
      shipping_tax_amount: shippingTax,
      base_shipping_tax_amount: baseShippingTax,
      shipping_incl_tax: round2(shipping + shippingTax),
      base_shipping_incl_tax: round2(baseShipping + baseShippingTax),
      adjustment_positive: round2(adjPos * rate),
      base_adjustment_positive: adjPos,
      adjustment_negative: round2(adjNeg * rate),
      base_adjustment_negative: adjNeg,
      adjustment: round2((adjPos - adjNeg) * rate),
      base_adjustment: round2(adjPos - adjNeg),
      discount_tax_compensation_amount: 0,
      base_discount_tax_compensation_amount: 0,
      shipping_discount_tax_compensation_amount: 0,
      grand_total: grand,
      base_grand_total: baseGrand,
      created_at: now,
      updated_at: now,
    },
    items,
    comments: documentComment(instance, "creditmemo_comment", memoId, req.comment, !!req.notify && !!req.appendComment),
  };
  instance.state.creditmemos.push(memo);

  const returnToStock = new Set(req.returnToStockItems ?? []);
  for (const { item, qty } of lines) {
    const d = item.data;
    const before = { row: num(d, "amount_refunded") };
    const memoItem = items.find((i) => i.data.order_item_id === itemId(item))!.data;
    d.qty_refunded = num(d, "qty_refunded") + qty;
    d.amount_refunded = round2(before.row + num(memoItem, "row_total"));
    add(d, "base_amount_refunded", num(memoItem, "base_row_total"));
    add(d, "tax_refunded", num(memoItem, "tax_amount"));
    add(d, "base_tax_refunded", num(memoItem, "base_tax_amount"));
    add(d, "discount_refunded", num(memoItem, "discount_amount"));
    add(d, "base_discount_refunded", num(memoItem, "base_discount_amount"));
    restock(instance, order, item, qty, returnToStock.has(itemId(item)));
  }
  add(o, "subtotal_refunded", totals.subtotal);
  add(o, "base_subtotal_refunded", totals.base_subtotal);
  add(o, "tax_refunded", totals.tax + shippingTax);
  add(o, "base_tax_refunded", totals.base_tax + baseShippingTax);
  add(o, "discount_refunded", -totals.discount);
  add(o, "base_discount_refunded", -totals.base_discount);
  add(o, "shipping_refunded", shipping);
  add(o, "base_shipping_refunded", baseShipping);
  add(o, "shipping_tax_refunded", shippingTax);
  add(o, "base_shipping_tax_refunded", baseShippingTax);
  add(o, "adjustment_positive", adjPos * rate);
  add(o, "base_adjustment_positive", adjPos);
  add(o, "adjustment_negative", adjNeg * rate);
  add(o, "base_adjustment_negative", adjNeg);
  add(o, "total_refunded", grand);
  add(o, "base_total_refunded", baseGrand);
  add(o, "total_offline_refunded", grand);
  add(o, "base_total_offline_refunded", baseGrand);
  add(order.payment.data, "amount_refunded", grand);
  add(order.payment.data, "base_amount_refunded", baseGrand);
  checkState(order, false);
  return memoId;
}

/**
 * Refunded goods: quantity that never left the warehouse releases its reservation; shipped quantity
 * goes back on the shelf only when the merchant asked for it (return_to_stock_items). UNVERIFIED:
 * returned goods go to the default source, not necessarily the one they shipped from.
 */
function restock(instance: MagentoInstance, order: OrderRecord, item: OrderItemRecord, qty: number, returnShipped: boolean): void {
  const shippedRow = isShipmentDummy(order, item) ? (parentOf(order, item) ?? item) : item;
  const shipped = num(shippedRow.data, "qty_shipped");
  const unshipped = Math.max(0, Math.min(qty, num(item.data, "qty_ordered") - shipped - (num(item.data, "qty_refunded") - qty)));
  const orderId = num(order.data, "entity_id");
  for (const row of stockRows(order, item)) {
    if (unshipped > 0) {
      if (instance.config.msi) addReservation(instance, { sku: row.sku, stockId: DEFAULT_STOCK_ID, quantity: unshipped * row.ratio, orderId });
      else adjustDefaultSource(instance, row.sku, unshipped * row.ratio);
    }
    const back = qty - unshipped;
    if (returnShipped && back > 0) adjustDefaultSource(instance, row.sku, back * row.ratio);
  }
}

function adjustDefaultSource(instance: MagentoInstance, sku: string, delta: number): void {
  const code = defaultSourceCode(instance);
  const at = sourceItem(instance, sku, code);
  const quantity = round2((at?.quantity ?? 0) + delta);
  setSourceItem(instance, sku, code, quantity, quantity > 0 ? 1 : (at?.status ?? 0));
}

// ---- cancel, hold, comments --------------------------------------------------------------------

/** UNVERIFIED: cancelling through the API adds no status history entry. */
export function cancelOrder(instance: MagentoInstance, order: OrderRecord): boolean {
  if (!canCancel(order)) return false;
  const orderId = num(order.data, "entity_id");
  for (const item of order.items) {
    const qty = qtyToCancel(item);
    if (qty <= 0) continue;
    item.data.qty_canceled = num(item.data, "qty_canceled") + qty;
    if (!childrenOf(order, item).length) {
      const sku = String(item.data.sku);
      if (instance.config.msi) addReservation(instance, { sku, stockId: DEFAULT_STOCK_ID, quantity: qty, orderId });
      else adjustDefaultSource(instance, sku, qty);
    }
  }
  const o = order.data;
  o.subtotal_canceled = round2(num(o, "subtotal") - num(o, "subtotal_invoiced"));
  o.base_subtotal_canceled = round2(num(o, "base_subtotal") - num(o, "base_subtotal_invoiced"));
  o.tax_canceled = round2(num(o, "tax_amount") - num(o, "tax_invoiced"));
  o.base_tax_canceled = round2(num(o, "base_tax_amount") - num(o, "base_tax_invoiced"));
  o.shipping_canceled = round2(num(o, "shipping_amount") - num(o, "shipping_invoiced"));
  o.base_shipping_canceled = round2(num(o, "base_shipping_amount") - num(o, "base_shipping_invoiced"));
  o.discount_canceled = round2(num(o, "discount_amount") - num(o, "discount_invoiced"));
  o.base_discount_canceled = round2(num(o, "base_discount_amount") - num(o, "base_discount_invoiced"));
  o.total_canceled = round2(num(o, "grand_total") - num(o, "total_invoiced"));
  o.base_total_canceled = round2(num(o, "base_grand_total") - num(o, "base_total_invoiced"));
  setState(order, "canceled");
  touch(instance, order);
  return true;
}

export function holdOrder(instance: MagentoInstance, order: OrderRecord): boolean {
  if (!canHold(order)) throw new MagentoError(400, "A hold action is not available.");
  order.data.hold_before_state = order.data.state;
  order.data.hold_before_status = order.data.status;
  setState(order, "holded");
  touch(instance, order);
  return true;
}

export function unholdOrder(instance: MagentoInstance, order: OrderRecord): boolean {
  if (state(order) !== "holded") throw new MagentoError(400, "You cannot remove the hold.");
  setState(order, String(order.data.hold_before_state ?? "processing"), String(order.data.hold_before_status ?? "processing"));
  order.data.hold_before_state = null;
  order.data.hold_before_status = null;
  touch(instance, order);
  return true;
}

export type HistoryInput = { comment?: string; is_customer_notified?: number; is_visible_on_front?: number; status?: string };

/**
 * OrderService::addComment: the history row's status is copied onto the order, so a comment
 * without `status` leaves the order with no status at all (magento/magento2#34180).
 */
export function addOrderComment(instance: MagentoInstance, order: OrderRecord, input: HistoryInput): boolean {
  const now = touch(instance, order);
  order.histories.push({
    data: {
      entity_id: instance.nextId("order_status_history"),
      parent_id: order.data.entity_id,
      comment: input.comment ?? null,
      is_customer_notified: input.is_customer_notified ?? null,
      is_visible_on_front: input.is_visible_on_front ?? 0,
      status: input.status ?? null,
      created_at: now,
      entity_name: "order",
    },
  });
  order.data.status = input.status ?? null;
  return true;
}
