// order-service: sales orders and credits, the order GET/PATCH, statuses, notes, searches.
import { Hono } from "hono";
import type { SandboxContext } from "../context";
import { addOrderRow, createOrderHeader, deleteOrderRow, orderHeaderSchema, orderRowSchema, patchOrderRow } from "../domain/low-level-orders";
import {
  addNote,
  applyOrderView,
  closeOrder,
  createOrder,
  isPatchableOrderPath,
  ORDER_TYPES,
  orderNoteBodySchema,
  orderOrThrow,
  orderSearch,
  orderStatusBodySchema,
  renderNote,
  renderOrder,
  renderSalesOrder,
  salesOrderBodySchema,
  salesOrderSearch,
  setOrderStatus,
  SHIPPING_STATUSES,
  STOCK_STATUSES,
} from "../domain/orders";
import { applyPatch } from "../lib/json-patch";
import { ApiError, notFound } from "../http/errors";
import { account, body, idSetParam, intParam, readJson, type ApiEnv } from "../http/request";
import type { Order } from "../state/types";
import { empty, getUris, listRoute, ok, searchRoute } from "./common";
import { z } from "zod";

export const ORDER_GET_MAX = 200;

export function orderService(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/order-service/sales-order", async (c) => {
    const order = createOrder(ctx, account(c), await body(c, salesOrderBodySchema), "SO");
    return ok(c, order.id);
  });
  app.get("/order-service/sales-order/:ids", (c) => {
    const a = account(c);
    const ids = idSetParam(c.req.param("ids"), "order", ORDER_GET_MAX);
    // UNVERIFIED: unknown ids answer 200 with an empty list, like the order GET.
    return ok(c, ids.flatMap((id) => (a.orders[id]?.orderTypeCode === "SO" ? [renderSalesOrder(a, a.orders[id]!)] : [])));
  });
  const closeBody = z.object({ taxDate: z.string().optional() }).optional();
  app.post("/order-service/sales-order/:id/close", async (c) => {
    closeOrder(ctx, account(c), intParam(c.req.param("id"), "order"), (await body(c, closeBody))?.taxDate, "SO");
    return empty(c);
  });
  searchRoute(app, "/order-service/sales-order-search", salesOrderSearch, (a) => Object.values(a.orders).filter((o) => o.orderTypeCode === "SO"));

  app.post("/order-service/sales-credit", async (c) => {
    const order = createOrder(ctx, account(c), await body(c, salesOrderBodySchema), "SC");
    return ok(c, order.id);
  });
  app.get("/order-service/sales-credit", () => {
    throw new ApiError(400, [{ code: "CMNC-020", message: "An ID set is required: GET /order-service/sales-credit/{ID-SET}" }]);
  });
  app.get("/order-service/sales-credit/:ids", (c) => {
    const a = account(c);
    const ids = idSetParam(c.req.param("ids"), "sales credit", ORDER_GET_MAX);
    const found = ids.flatMap((id) => (a.orders[id]?.orderTypeCode === "SC" ? [renderSalesOrder(a, a.orders[id]!)] : []));
    // UNVERIFIED: none found answers 404 CMNC-404.
    if (found.length === 0) throw notFound("No sales credits found");
    // Documented: 207 when only some of the ids were found.
    return ok(c, found, found.length < ids.length ? 207 : 200);
  });
  app.post("/order-service/sales-credit/:id/close", async (c) => {
    closeOrder(ctx, account(c), intParam(c.req.param("id"), "sales credit"), (await body(c, closeBody))?.taxDate, "SC");
    return empty(c);
  });

  app.post("/order-service/order", async (c) => {
    const order = createOrderHeader(ctx, account(c), await body(c, orderHeaderSchema));
    return ok(c, order.id);
  });
  app.post("/order-service/order/:id/row", async (c) => {
    const row = addOrderRow(ctx, account(c), intParam(c.req.param("id"), "order"), await body(c, orderRowSchema));
    return ok(c, row.id);
  });
  app.patch("/order-service/order/:id/row/:rowId", async (c) => {
    const row = patchOrderRow(ctx, account(c), intParam(c.req.param("id"), "order"), intParam(c.req.param("rowId"), "row"), await readJson(c));
    return ok(c, row);
  });
  app.delete("/order-service/order/:id/row/:rowId", (c) => {
    deleteOrderRow(ctx, account(c), intParam(c.req.param("id"), "order"), intParam(c.req.param("rowId"), "row"));
    return empty(c);
  });
  app.get("/order-service/order/:ids", (c) => {
    const a = account(c);
    const ids = idSetParam(c.req.param("ids"), "order", ORDER_GET_MAX);
    // Recorded: unknown ids answer 200 with an empty list, not 404.
    return ok(c, ids.flatMap((id) => (a.orders[id] ? [renderOrder(a, a.orders[id]!)] : [])));
  });
  app.options("/order-service/order/:ids", (c) => {
    const a = account(c);
    const existing = idSetParam(c.req.param("ids"), "order").filter((id) => a.orders[id] !== undefined);
    return c.json(getUris("/order", existing, ORDER_GET_MAX));
  });
  app.patch("/order-service/order/:id", async (c) => {
    const a = account(c);
    const order = orderOrThrow(a, intParam(c.req.param("id"), "order"));
    const ops = await readJson(c);
    const patched = applyPatch(renderOrder(a, order), ops);
    for (const op of ops as { path: string }[]) {
      if (!isPatchableOrderPath(op.path)) throw new ApiError(400, [{ code: "CMNC-045", message: `${op.path} cannot be patched` }]);
    }
    applyOrderView(ctx, a, order, patched);
    return ok(c, renderOrder(a, order));
  });
  app.put("/order-service/order/:id/status", async (c) => {
    setOrderStatus(ctx, account(c), intParam(c.req.param("id"), "order"), await body(c, orderStatusBodySchema));
    return empty(c);
  });
  app.post("/order-service/order/:id/note", async (c) => {
    const note = addNote(ctx, account(c), intParam(c.req.param("id"), "order"), await body(c, orderNoteBodySchema));
    return ok(c, note.id);
  });
  app.get("/order-service/order/:id/note", (c) => {
    const a = account(c);
    const id = intParam(c.req.param("id"), "order");
    orderOrThrow(a, id);
    return ok(c, (a.notes[id] ?? []).map((n) => renderNote(a, n)));
  });
  searchRoute(app, "/order-service/order-search", orderSearch, (a) => Object.values(a.orders) as Order[]);

  listRoute(app, "/order-service/order-status", (a) => a.reference.orderStatuses, (s) => s.statusId, (s) => ({
    statusId: s.statusId,
    name: s.name,
    orderTypeCode: s.orderTypeCode,
    sortOrder: s.sortOrder,
    disabled: s.disabled,
    visible: s.visible,
    color: s.color,
    remindAfterDays: 0,
    alertEmails: [],
    emailContent: "",
    batchProcess: false,
    state: s.state,
  }));
  // No ID-set filtering on these (documented for shipping status).
  app.get("/order-service/order-shipping-status", (c) => ok(c, SHIPPING_STATUSES.map(({ id, code, name }) => ({ id, code, name }))));
  app.get("/order-service/order-stock-status", (c) => ok(c, STOCK_STATUSES.map(({ id, code, name }) => ({ id, code, name }))));
  app.get("/order-service/order-type", (c) => ok(c, ORDER_TYPES.map(({ id, code, name }) => ({ id, code, name }))));

  return app;
}
