import { describe, expect, it } from "vitest";
import { newAccount, rows, salesOrder, startSandbox } from "./helpers";

const started = await startSandbox();
const control = started.sandbox.control;

async function orderWith(productIds: number[], stock = 10) {
  const api = newAccount(started, { products: 4, stock });
  const customer = control.createCustomer(api.account);
  const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, productIds))).json.response as number;
  const order = (await api.get(`/order-service/order/${id}`)).json.response[0];
  const rowIds = Object.keys(order.orderRows).map(Number);
  return { api, id, rowIds };
}

describe("Brightpearl sandbox goods-out notes", () => {
  it("creates a note per warehouse and answers GETs as a map keyed by note id with rows keyed by order row id", async () => {
    const { api, id, rowIds } = await orderWith([1001, 1002]);
    const post = await api.call("POST", `/warehouse-service/order/${id}/goods-note/goods-out`, {
      warehouses: [{ warehouseId: 2, releaseDate: "2026-01-03", products: [{ productId: 1001, salesOrderRowId: rowIds[0], quantity: 2 }] }],
      priority: false,
    });
    expect(post.status).toBe(200);
    const gonId = post.json.response;
    const res = await api.get(`/warehouse-service/order/${id}/goods-note/goods-out`);
    expect(Object.keys(res.json.response)).toEqual([String(gonId)]);
    const gon = res.json.response[gonId];
    expect(gon).toMatchObject({ orderId: id, warehouseId: 2, transfer: false, status: { shipped: false, printed: false }, shipping: { reference: "" }, sequence: 1 });
    expect(gon.orderRows).toEqual({ [rowIds[0]!]: [{ productId: 1001, quantity: 2, locationId: expect.any(Number) }] });
    expect((await api.get(`/warehouse-service/order/*/goods-note/goods-out/${gonId}`)).json.response[gonId].orderId).toBe(id);
    expect((await api.get(`/warehouse-service/order/${id}/goods-note/goods-out/99999`)).status).toBe(404);
    // ID sets on goods notes take up to 500 ids.
    expect((await api.get(`/warehouse-service/order/*/goods-note/goods-out/${gonId}-${gonId + 499}`)).status).toBe(200);
    expect((await api.get(`/warehouse-service/order/*/goods-note/goods-out/${gonId}-${gonId + 500}`)).status).toBe(413);
  });

  it("refuses more than is left on the row and more than the warehouse has", async () => {
    const { api, id, rowIds } = await orderWith([1001], 1);
    const body = (quantity: number, warehouseId = 2) => ({ warehouses: [{ warehouseId, products: [{ productId: 1001, salesOrderRowId: rowIds[0], quantity }] }] });
    expect((await api.call("POST", `/warehouse-service/order/${id}/goods-note/goods-out`, body(3))).status).toBe(400);
    // Only one unit was in stock (and reserved): the second cannot go on a note.
    expect((await api.call("POST", `/warehouse-service/order/${id}/goods-note/goods-out`, body(2))).status).toBe(400);
    expect((await api.call("POST", `/warehouse-service/order/${id}/goods-note/goods-out`, body(1))).status).toBe(200);
    expect((await api.call("POST", `/warehouse-service/order/${id}/goods-note/goods-out`, { warehouses: [{ warehouseId: 2, products: [{ productId: 1002, salesOrderRowId: rowIds[0], quantity: 1 }] }] })).status).toBe(400);
  });

  it("ships with SHW: fills in print/pick/pack, takes the stock out, refuses later events", async () => {
    const { api, id, rowIds } = await orderWith([1003]);
    const gonId = (await api.call("POST", `/warehouse-service/order/${id}/goods-note/goods-out`, { warehouses: [{ warehouseId: 2, products: [{ productId: 1003, salesOrderRowId: rowIds[0], quantity: 2 }] }] })).json.response;
    expect((await api.call("PUT", `/warehouse-service/goods-note/goods-out/${gonId}`, { priority: true, shipping: { reference: "TRACK123", shippingMethodId: 2 } })).json).toEqual({});
    const ship = await api.call("POST", `/warehouse-service/goods-note/goods-out/${gonId}/event`, { events: [{ eventCode: "SHW", occured: "2026-01-05T10:00:00Z", eventOwnerId: 4 }] });
    expect(ship.status).toBe(200);
    const gon = (await api.get(`/warehouse-service/order/${id}/goods-note/goods-out/${gonId}`)).json.response[gonId];
    expect(gon.status).toMatchObject({ shipped: true, printed: true, picked: true, packed: true, shippedOn: "2026-01-05T10:00:00.000+00:00", shippedById: 4 });
    expect(gon.shipping).toMatchObject({ reference: "TRACK123", shippingMethodId: 2 });
    expect(gon.events.map((e: { eventCode: string }) => e.eventCode)).toEqual(["PRI", "PIC", "PAC", "SHW"]);
    expect(gon.lastEventVersion).toBe(4);
    expect((await api.get("/warehouse-service/product-availability/1003")).json.response["1003"].total).toEqual({ inStock: 8, onHand: 8, allocated: 0, inTransit: 0 });
    const after = await api.call("POST", `/warehouse-service/goods-note/goods-out/${gonId}/event`, { events: [{ eventCode: "PAC" }] });
    expect(after.status).toBe(400);
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].shippingStatusCode).toBe("ASS");
  });

  it("refuses events with a stale If-Match version", async () => {
    const { api, id, rowIds } = await orderWith([1001]);
    const gonId = (await api.call("POST", `/warehouse-service/order/${id}/goods-note/goods-out`, { warehouses: [{ warehouseId: 2, products: [{ productId: 1001, salesOrderRowId: rowIds[0], quantity: 1 }] }] })).json.response;
    expect((await api.call("POST", `/warehouse-service/goods-note/goods-out/${gonId}/event`, { events: [{ eventCode: "PRI" }] }, { "if-match": "0" })).status).toBe(200);
    expect((await api.call("POST", `/warehouse-service/goods-note/goods-out/${gonId}/event`, { events: [{ eventCode: "PIC" }] }, { "if-match": "0" })).status).toBe(412);
    expect((await api.call("POST", `/warehouse-service/goods-note/goods-out/${gonId}/event`, { events: [{ eventCode: "XYZ" }] })).status).toBe(400);
  });

  it("ships partially and then fully through the control API, with a tracking reference", async () => {
    const { api, id, rowIds } = await orderWith([1001, 1002]);
    const first = control.shipGoodsOut(api.account, { orderId: id, lines: [{ orderRowId: rowIds[0]!, quantity: 1 }], trackingReference: "PART-1" });
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].shippingStatusCode).toBe("SPS");
    const second = control.shipGoodsOut(api.account, { orderId: id, trackingReference: "REST-2" });
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].shippingStatusCode).toBe("ASS");
    const notes = (await api.get(`/warehouse-service/order/${id}/goods-note/goods-out`)).json.response;
    expect(notes[first.goodsOutNoteIds[0]!].shipping.reference).toBe("PART-1");
    expect(notes[second.goodsOutNoteIds[0]!].orderRows).toEqual({
      [rowIds[0]!]: [expect.objectContaining({ quantity: 1 })],
      [rowIds[1]!]: [expect.objectContaining({ quantity: 2 })],
    });
    expect(() => control.shipGoodsOut(api.account, { orderId: id })).toThrow(/nothing left to ship/);
  });

  it("searches notes by shipped state and shippedOn", async () => {
    const { api, id, rowIds } = await orderWith([1001, 1002]);
    control.shipGoodsOut(api.account, { orderId: id, lines: [{ orderRowId: rowIds[0]!, quantity: 2 }] });
    await api.call("POST", `/warehouse-service/order/${id}/goods-note/goods-out`, { warehouses: [{ warehouseId: 2, products: [{ productId: 1002, salesOrderRowId: rowIds[1], quantity: 2 }] }] });
    const shipped = rows((await api.get("/warehouse-service/goods-note/goods-out-search?shipped=true")).json);
    expect(shipped).toHaveLength(1);
    expect(shipped[0]).toMatchObject({ orderId: id, shipped: true, shippedOn: expect.stringMatching(/^\d{4}-/) });
    expect(rows((await api.get(`/warehouse-service/goods-note/goods-out-search?shippedOn=${new Date(Date.now() - 60_000).toISOString()}/`)).json)).toHaveLength(1);
    expect(rows((await api.get(`/warehouse-service/goods-note/goods-out-search?orderId=${id}`)).json)).toHaveLength(2);
  });
});

describe("Brightpearl sandbox drop-ship notes", () => {
  it("ships a drop-ship note with SHS and a tracking reference; no events after shipping", async () => {
    const { api, id, rowIds } = await orderWith([1004]);
    const noteId = control.createDropShipNote(api.account, { orderId: id });
    // Drop-shipped units are not taken from the warehouse.
    expect((await api.get("/warehouse-service/product-availability/1004")).json.response["1004"].total.allocated).toBe(0);
    const before = (await api.get(`/warehouse-service/order/${id}/goods-note/drop-ship`)).json.response[noteId];
    expect(before).toMatchObject({ orderId: id, status: { shipped: false }, orderRows: { [rowIds[0]!]: [{ productId: 1004, quantity: 2 }] } });
    const ship = await api.call("POST", `/warehouse-service/goods-note/drop-ship/${noteId}/event`, { events: [{ eventCode: "SHS", occured: "2026-01-06T09:00:00Z", trackingReference: "DS-TRACK", shippingMethodId: 1 }] });
    expect(ship.status).toBe(200);
    const after = (await api.get(`/warehouse-service/order/*/goods-note/drop-ship/${noteId}`)).json.response[noteId];
    expect(after).toMatchObject({ status: { shipped: true, shippedOn: "2026-01-06T09:00:00.000+00:00" }, shipping: { reference: "DS-TRACK", shippingMethodId: 1 } });
    expect((await api.call("POST", `/warehouse-service/goods-note/drop-ship/${noteId}/event`, { events: [{ eventCode: "SHS" }] })).status).toBe(400);
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].shippingStatusCode).toBe("ASS");
    expect(rows((await api.get("/warehouse-service/goods-note/drop-ship-search?shipped=true")).json).map((r) => r.dropShipNoteId)).toEqual([noteId]);
  });
});
