// Magento_Sales order routes: search, read, comments, cancel/hold, and the ship / invoice / refund
// service contracts that answer with the new document's id as a bare integer.
import type { MagentoInstance } from "../instance";
import { ACL } from "../http/acl";
import { invoiceBodySpec, refundBodySpec, shipArgumentsExtensionSpec, shipBodySpec, statusHistorySpec } from "../http/body-specs";
import { errors } from "../http/errors";
import { parseObject } from "../http/input";
import { body, checkArrayLimit, criteria, intParam, route, type RouteDef } from "../http/route-kit";
import { applySearch, searchResult } from "../http/search-criteria";
import { addOrderComment, cancelOrder, holdOrder, invoiceOrder, type ItemQty, refundOrder, shipOrder, unholdOrder } from "../domain/order-operations";
import { historyOutput, itemOutput, orderGet, orderItemAccess, orderKind, orderOutput } from "../domain/orders";
import type { OrderItemRecord, OrderRecord } from "../domain/types";

export function findOrder(instance: MagentoInstance, id: number): OrderRecord {
  const order = instance.state.orders.find((o) => o.data.entity_id === id);
  if (!order) throw errors.entityNotFound();
  return order;
}

// UNVERIFIED: an unknown column in a flat-table filter is a SQL error, masked as a 500.
const sqlColumnError = () => errors.internal();

export const orderRoutes: RouteDef[] = [
  route("GET", "/V1/orders", ACL.ordersView, (ctx) => {
    const c = criteria(ctx);
    // An unknown column is a SQL error inside the collection: a masked 500.
    const outcome = applySearch(ctx.instance.state.orders, c, { get: orderGet, kind: orderKind, unknownField: sqlColumnError });
    return searchResult(outcome, c, (o) => orderOutput(ctx.instance, o));
  }),
  route("GET", "/V1/orders/items", ACL.ordersView, (ctx) => {
    const c = criteria(ctx);
    const rows = ctx.instance.state.orders.flatMap((order) => order.items.map((item) => ({ order, item, data: item.data })));
    const outcome = applySearch(rows, c, { ...orderItemAccess, unknownField: sqlColumnError });
    return searchResult(outcome, c, (r) => itemOutput(r.order, r.item));
  }),
  route("GET", "/V1/orders/items/:id", ACL.ordersView, (ctx) => {
    const id = intParam(ctx, "id");
    for (const order of ctx.instance.state.orders) {
      const item = order.items.find((i: OrderItemRecord) => i.data.item_id === id);
      if (item) return itemOutput(order, item);
    }
    throw errors.entityNotFound();
  }),
  route("GET", "/V1/orders/:id", ACL.ordersView, (ctx) => orderOutput(ctx.instance, findOrder(ctx.instance, intParam(ctx, "id")))),
  route("GET", "/V1/orders/:id/comments", ACL.ordersView, (ctx) => {
    const id = intParam(ctx, "id");
    const order = ctx.instance.state.orders.find((o) => o.data.entity_id === id);
    const histories = order ? [...order.histories].sort((a, b) => Number(b.data.entity_id) - Number(a.data.entity_id)) : [];
    return {
      items: histories.map(historyOutput),
      search_criteria: { filter_groups: [{ filters: [{ field: "parent_id", value: String(id), condition_type: "eq" }] }] },
      total_count: histories.length,
    };
  }),
  route("POST", "/V1/orders/:id/comments", ACL.orderComment, (ctx) => {
    const id = intParam(ctx, "id");
    const input = body(ctx, { statusHistory: { spec: statusHistorySpec, required: true } });
    const order = findOrder(ctx.instance, id);
    return addOrderComment(ctx.instance, order, input.statusHistory as Parameters<typeof addOrderComment>[2]);
  }),
  route("POST", "/V1/orders/:id/cancel", ACL.orderCancel, (ctx) => cancelOrder(ctx.instance, findOrder(ctx.instance, intParam(ctx, "id")))),
  route("POST", "/V1/orders/:id/hold", ACL.orderHold, (ctx) => holdOrder(ctx.instance, findOrder(ctx.instance, intParam(ctx, "id")))),
  route("POST", "/V1/orders/:id/unhold", ACL.orderUnhold, (ctx) => unholdOrder(ctx.instance, findOrder(ctx.instance, intParam(ctx, "id")))),

  route("POST", "/V1/order/:orderId/ship", ACL.ship, (ctx) => {
    const orderId = intParam(ctx, "orderId");
    const input = body(ctx, shipBodySpec);
    const args = (input.arguments ?? {}) as { extension_attributes?: unknown };
    const extension = parseObject(shipArgumentsExtensionSpec(ctx.instance.config.msi).object, args.extension_attributes, ["extension_attributes"]);
    const items = (input.items as ItemQty[] | undefined) ?? [];
    checkArrayLimit(ctx, items, "ShipmentItemCreationInterface");
    const order = findOrder(ctx.instance, orderId);
    return shipOrder(ctx.instance, order, {
      items,
      notify: input.notify as boolean | undefined,
      appendComment: input.appendComment as boolean | undefined,
      comment: input.comment as { comment?: string; is_visible_on_front?: number } | undefined,
      tracks: input.tracks as { track_number?: string; title?: string; carrier_code?: string }[] | undefined,
      sourceCode: extension.source_code as string | undefined,
    });
  }),
  route("POST", "/V1/order/:orderId/invoice", ACL.invoice, (ctx) => {
    const orderId = intParam(ctx, "orderId");
    const input = body(ctx, invoiceBodySpec);
    const items = (input.items as ItemQty[] | undefined) ?? [];
    checkArrayLimit(ctx, items, "InvoiceItemCreationInterface");
    const order = findOrder(ctx.instance, orderId);
    return invoiceOrder(ctx.instance, order, {
      capture: input.capture as boolean | undefined,
      items,
      notify: input.notify as boolean | undefined,
      appendComment: input.appendComment as boolean | undefined,
      comment: input.comment as { comment?: string; is_visible_on_front?: number } | undefined,
    });
  }),
  route("POST", "/V1/order/:orderId/refund", ACL.creditmemo, (ctx) => {
    const orderId = intParam(ctx, "orderId");
    const input = body(ctx, refundBodySpec);
    const items = (input.items as ItemQty[] | undefined) ?? [];
    checkArrayLimit(ctx, items, "CreditmemoItemCreationInterface");
    const args = (input.arguments ?? {}) as Record<string, unknown>;
    const extension = (args.extension_attributes ?? {}) as { return_to_stock_items?: number[] };
    const order = findOrder(ctx.instance, orderId);
    return refundOrder(ctx.instance, order, {
      items,
      notify: input.notify as boolean | undefined,
      appendComment: input.appendComment as boolean | undefined,
      comment: input.comment as { comment?: string; is_visible_on_front?: number } | undefined,
      shippingAmount: args.shipping_amount as number | undefined,
      adjustmentPositive: args.adjustment_positive as number | undefined,
      adjustmentNegative: args.adjustment_negative as number | undefined,
      returnToStockItems: extension.return_to_stock_items,
    });
  }),
];
