// warehouse-service: availability, warehouses and their locations, shipping methods, goods-out,
// drop-ship and goods-in notes.
import { Hono } from "hono";
import type { SandboxContext } from "../context";
import {
  createGoodsOutNotes,
  dropShipEvents,
  dropShipSearch,
  goodsOutBodySchema,
  goodsOutEvents,
  goodsOutSearch,
  goodsOutUpdateSchema,
  noteEventsBodySchema,
  renderDropShipNote,
  renderGoodsOutNote,
  updateGoodsOutNote,
} from "../domain/goods-notes";
import { createGoodsInNotes, goodsInBodySchema, renderGoodsInNote } from "../domain/goods-in-notes";
import { defaultLocationId, quarantineLocationId, renderLocations, warehouseOrThrow } from "../domain/locations";
import { renderAvailability } from "../domain/stock";
import { ApiError, notFound } from "../http/errors";
import { account, body, idSetParam, intParam, type ApiContext, type ApiEnv } from "../http/request";
import type { AccountState } from "../state/types";
import { empty, listRoute, ok, searchRoute } from "./common";

const NOTE_SET_MAX = 500;
/** Documented for goods-in notes: any ID set of at most 200 ids. */
const GOODS_IN_SET_MAX = 200;

function noteFilter(c: ApiContext, noteParam: string | undefined, max = NOTE_SET_MAX) {
  const orderRaw = c.req.param("orderIds")!;
  const orders = orderRaw === "*" ? undefined : new Set(idSetParam(orderRaw, "order", max));
  const notes = noteParam === undefined || noteParam === "" ? undefined : new Set(idSetParam(noteParam, "note", max));
  if (!orders && !notes) throw new ApiError(400, [{ code: "CMNC-020", message: "Name the notes when the order set is *" }]);
  return (n: { id: number; orderId: number }) => (!orders || orders.has(n.orderId)) && (!notes || notes.has(n.id));
}

export function warehouseService(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/warehouse-service/product-availability/:ids", (c) => {
    const a = account(c);
    const ids = idSetParam(c.req.param("ids"), "product");
    const unknown = ids.filter((id) => !a.products[id]);
    // One bad id fails the whole request (reported by an integration that bisects to find it).
    if (unknown.length) throw new ApiError(400, [{ code: "WHSC-001", message: `Product ${unknown[0]} does not exist` }]);
    return ok(c, renderAvailability(a, ids));
  });

  listRoute(app, "/warehouse-service/warehouse", (a) => a.reference.warehouses, (w) => w.id, (w) => ({
    id: w.id,
    name: w.name,
    typeCode: w.typeCode,
    typeDescription: w.typeDescription,
    address: { addressId: w.addressId },
    clickAndCollectEnabled: w.clickAndCollectEnabled,
  }));
  // Locations: the default and the quarantine location answer their bare id; the list form answers both.
  app.get("/warehouse-service/warehouse/:id/location/default", (c) => {
    const id = intParam(c.req.param("id"), "warehouse");
    warehouseOrThrow(account(c), id);
    return ok(c, defaultLocationId(id));
  });
  // The "special form of Location GET" the documentation names; the path is the one client code uses (UNVERIFIED).
  app.get("/warehouse-service/warehouse/:id/location/quarantine", (c) => {
    const id = intParam(c.req.param("id"), "warehouse");
    warehouseOrThrow(account(c), id);
    return ok(c, quarantineLocationId(id));
  });
  const locations = (c: ApiContext, idsParam: string | undefined) => {
    const id = intParam(c.req.param("id") ?? "", "warehouse");
    warehouseOrThrow(account(c), id);
    // UNVERIFIED: ids that are not locations of the warehouse are left out rather than refused.
    return ok(c, renderLocations(id, idsParam ? new Set(idSetParam(idsParam, "location")) : undefined));
  };
  app.get("/warehouse-service/warehouse/:id/location", (c) => locations(c, undefined));
  app.get("/warehouse-service/warehouse/:id/location/", (c) => locations(c, undefined));
  // Digits only, so "default" and "quarantine" keep their own routes (and route names in the request log).
  app.get("/warehouse-service/warehouse/:id/location/:ids{[0-9][0-9,\\-]*}", (c) => locations(c, c.req.param("ids")));
  listRoute(app, "/warehouse-service/shipping-method", (a) => a.reference.shippingMethods, (m) => m.id, (m) => ({
    id: m.id,
    name: m.name,
    code: m.code,
    methodType: m.methodType,
    carrier: m.carrier,
    breaks: [],
    countries: [],
    additionalInformationRequired: m.additionalInformationRequired,
  }));

  // Goods-out notes
  const gons = (c: ApiContext, noteParam: string | undefined) => {
    const a = account(c);
    const keep = noteFilter(c, noteParam);
    const out: Record<string, unknown> = {};
    for (const g of Object.values(a.goodsOutNotes)) if (keep(g)) out[g.id] = renderGoodsOutNote(a, g);
    // UNVERIFIED: no matching note answers 404 CMNC-404.
    if (Object.keys(out).length === 0) throw notFound("No goods-out notes found");
    return ok(c, out);
  };
  app.get("/warehouse-service/order/:orderIds/goods-note/goods-out", (c) => gons(c, undefined));
  app.get("/warehouse-service/order/:orderIds/goods-note/goods-out/:noteIds", (c) => gons(c, c.req.param("noteIds")));
  app.post("/warehouse-service/order/:orderId/goods-note/goods-out", async (c) => {
    const notes = createGoodsOutNotes(ctx, account(c), intParam(c.req.param("orderId"), "order"), await body(c, goodsOutBodySchema));
    // UNVERIFIED: one warehouse answers the note id; several answer the list of ids.
    return ok(c, notes.length === 1 ? notes[0]!.id : notes.map((n) => n.id));
  });
  app.put("/warehouse-service/goods-note/goods-out/:id", async (c) => {
    updateGoodsOutNote(ctx, account(c), intParam(c.req.param("id"), "goods-out note"), await body(c, goodsOutUpdateSchema));
    return empty(c);
  });
  app.post("/warehouse-service/goods-note/goods-out/:id/event", async (c) => {
    goodsOutEvents(ctx, account(c), intParam(c.req.param("id"), "goods-out note"), await body(c, noteEventsBodySchema), c.req.header("if-match"));
    return empty(c);
  });
  searchRoute(app, "/warehouse-service/goods-note/goods-out-search", () => goodsOutSearch, (a: AccountState) => Object.values(a.goodsOutNotes));

  // Drop-ship notes (paths by analogy with goods-out notes: UNVERIFIED)
  const dsns = (c: ApiContext, noteParam: string | undefined) => {
    const a = account(c);
    const keep = noteFilter(c, noteParam);
    const out: Record<string, unknown> = {};
    for (const d of Object.values(a.dropShipNotes)) if (keep(d)) out[d.id] = renderDropShipNote(a, d);
    if (Object.keys(out).length === 0) throw notFound("No drop-ship notes found");
    return ok(c, out);
  };
  app.get("/warehouse-service/order/:orderIds/goods-note/drop-ship", (c) => dsns(c, undefined));
  app.get("/warehouse-service/order/:orderIds/goods-note/drop-ship/:noteIds", (c) => dsns(c, c.req.param("noteIds")));
  app.post("/warehouse-service/goods-note/drop-ship/:id/event", async (c) => {
    dropShipEvents(ctx, account(c), intParam(c.req.param("id"), "drop-ship note"), await body(c, noteEventsBodySchema));
    return empty(c);
  });
  searchRoute(app, "/warehouse-service/goods-note/drop-ship-search", () => dropShipSearch, (a: AccountState) => Object.values(a.dropShipNotes));

  // Goods-in notes
  const gins = (c: ApiContext, noteParam: string | undefined) => {
    const a = account(c);
    const keep = noteFilter(c, noteParam, GOODS_IN_SET_MAX);
    const out: Record<string, unknown> = {};
    for (const n of Object.values(a.goodsInNotes)) if (keep(n)) out[n.id] = renderGoodsInNote(a, n);
    // UNVERIFIED: no matching note answers 404 CMNC-404, as for goods-out notes.
    if (Object.keys(out).length === 0) throw notFound("No goods-in notes found");
    return ok(c, out);
  };
  app.get("/warehouse-service/order/:orderIds/goods-note/goods-in", (c) => gins(c, undefined));
  app.get("/warehouse-service/order/:orderIds/goods-note/goods-in/", (c) => gins(c, undefined));
  app.get("/warehouse-service/order/:orderIds/goods-note/goods-in/:noteIds", (c) => gins(c, c.req.param("noteIds")));
  app.post("/warehouse-service/order/:orderId/goods-note/goods-in", async (c) => {
    const notes = createGoodsInNotes(ctx, account(c), intParam(c.req.param("orderId"), "order"), await body(c, goodsInBodySchema));
    // Documented: the first note's id, even when the request made several.
    return ok(c, notes[0]!.id);
  });

  return app;
}
