import { describe, expect, it } from "vitest";
import { newAccount, salesOrder, startSandbox, type Api } from "./helpers";
import { startReceiver } from "./receiver";

const started = await startSandbox({ webhooks: { batchWindowMs: 20, retryDelaysMs: [], timeoutMs: 1000, maxIdsPerDelivery: 100 } });
const control = started.sandbox.control;
const receiver = await startReceiver();

/** A sales credit (two of each product, £10 a unit) and its row ids, in the account's order. */
async function creditFor(productIds: number[], stock = 5) {
  const api = newAccount(started, { products: 4, stock });
  const customer = control.createCustomer(api.account);
  const post = await api.call("POST", "/order-service/sales-credit", salesOrder(customer, productIds));
  expect(post.status).toBe(200);
  const creditId = post.json.response as number;
  const rowIds = Object.keys((await api.get(`/order-service/order/${creditId}`)).json.response[0].orderRows).map(Number);
  return { api, creditId, rowIds };
}

const line = (productId: number, rowId: number, quantity: number, locationId = 201) => ({
  productId,
  purchaseOrderRowId: rowId,
  quantity,
  destinationLocationId: locationId,
  productValue: { currency: "GBP", value: 10 },
});

const receive = (api: Api, orderId: number, goodsMoved: unknown[], extra: Record<string, unknown> = {}) =>
  api.call("POST", `/warehouse-service/order/${orderId}/goods-note/goods-in`, { transfer: false, warehouseId: 2, goodsMoved, ...extra });

const availability = async (api: Api, productId: number) => (await api.get(`/warehouse-service/product-availability/${productId}`)).json.response[productId].warehouses["2"];

describe("Brightpearl sandbox warehouse locations", () => {
  it("answers each warehouse's default and quarantine location, and lists both", async () => {
    const { api } = await creditFor([1001]);
    const defaultId = (await api.get("/warehouse-service/warehouse/2/location/default")).json.response;
    const quarantineId = (await api.get("/warehouse-service/warehouse/2/location/quarantine")).json.response;
    expect(typeof defaultId).toBe("number");
    expect(quarantineId).not.toBe(defaultId);
    expect((await api.get("/warehouse-service/warehouse/3/location/default")).json.response).not.toBe(defaultId);
    const listed = (await api.get("/warehouse-service/warehouse/2/location")).json.response;
    expect(listed.map((l: { id: number }) => l.id)).toEqual([defaultId, quarantineId]);
    expect(listed[1].groupingA).toBe("QUARANTINE");
    expect((await api.get(`/warehouse-service/warehouse/2/location/${quarantineId}`)).json.response).toEqual([listed[1]]);
    const missing = await api.get("/warehouse-service/warehouse/99/location/default");
    expect(missing.status).toBe(404);
    expect(missing.json.errors[0].code).toBe("CMNC-404");
  });
});

describe("Brightpearl sandbox goods-in notes", () => {
  it("books a sales credit's returned goods back on hand and reads the note back as a map keyed by note id", async () => {
    const { api, creditId, rowIds } = await creditFor([1001, 1002]);
    const before = await availability(api, 1001);
    const post = await receive(api, creditId, [line(1001, rowIds[0]!, 2), line(1002, rowIds[1]!, 1)], { userBatchReference: "M2-CM100-SC1", receivedOn: "2026-02-01T09:30:00Z" });
    expect(post.status).toBe(200);
    const noteId = post.json.response as number;
    expect(typeof noteId).toBe("number");

    expect(await availability(api, 1001)).toEqual({ ...before, inStock: before.inStock + 2, onHand: before.onHand + 2 });
    const byOrder = await api.get(`/warehouse-service/order/${creditId}/goods-note/goods-in`);
    expect(Object.keys(byOrder.json.response)).toEqual([String(noteId)]);
    const note = byOrder.json.response[noteId];
    expect(note).toMatchObject({ goodsNoteId: noteId, orderId: creditId, transfer: false, goodsNoteStatus: "OPEN", userBatchReference: "M2-CM100-SC1", receivedOn: "2026-02-01T09:30:00.000+00:00", createdBy: 4 });
    expect(note.goodsMoved).toEqual([
      expect.objectContaining({ productId: 1001, purchaseOrderRowId: rowIds[0], quantity: 2, warehouseId: 2, destinationLocationId: 201, goodsNoteId: noteId, productValue: { currency: "GBP", value: "10.0000" } }),
      expect.objectContaining({ productId: 1002, purchaseOrderRowId: rowIds[1], quantity: 1 }),
    ]);
    // The documented forms: a trailing slash for all of an order's notes, * only with note ids.
    expect((await api.get(`/warehouse-service/order/${creditId}/goods-note/goods-in/`)).json.response[noteId].goodsNoteId).toBe(noteId);
    expect((await api.get(`/warehouse-service/order/*/goods-note/goods-in/${noteId}`)).json.response[noteId].orderId).toBe(creditId);
    expect((await api.get("/warehouse-service/order/*/goods-note/goods-in")).status).toBe(400);
    expect((await api.get(`/warehouse-service/order/${creditId}/goods-note/goods-in/${noteId + 1}`)).status).toBe(404);
    // ID sets take at most 200 ids.
    expect((await api.get(`/warehouse-service/order/*/goods-note/goods-in/${noteId}-${noteId + 199}`)).status).toBe(200);
    expect((await api.get(`/warehouse-service/order/*/goods-note/goods-in/${noteId}-${noteId + 200}`)).status).toBe(413);
    // The credit shows part of its goods back.
    expect((await api.get(`/order-service/order/${creditId}`)).json.response[0].stockStatusCode).toBe("SCP");
  });

  it("refuses more than the credit holds, across all its notes, and leaves the stock alone", async () => {
    const { api, creditId, rowIds } = await creditFor([1001]);
    expect((await receive(api, creditId, [line(1001, rowIds[0]!, 1)])).status).toBe(200);
    const before = await availability(api, 1001);
    const tooMany = await receive(api, creditId, [line(1001, rowIds[0]!, 2)]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.errors[0]).toEqual({ code: "WHSC-015", message: expect.stringMatching(/only 1 left to receive/) });
    // Two lines on the same row add up.
    expect((await receive(api, creditId, [line(1001, rowIds[0]!, 1), line(1001, rowIds[0]!, 1)])).status).toBe(400);
    expect(await availability(api, 1001)).toEqual(before);
    expect((await receive(api, creditId, [line(1001, rowIds[0]!, 1)])).status).toBe(200);
    expect((await api.get(`/order-service/order/${creditId}`)).json.response[0].stockStatusCode).toBe("SCA");
    expect((await receive(api, creditId, [line(1001, rowIds[0]!, 1)])).status).toBe(400);
  });

  it("refuses a userBatchReference another goods-in note already has, and makes no second note", async () => {
    const { api, creditId, rowIds } = await creditFor([1001, 1002]);
    expect((await receive(api, creditId, [line(1001, rowIds[0]!, 1)], { userBatchReference: "RETURN-1" })).status).toBe(200);
    const repeat = await receive(api, creditId, [line(1002, rowIds[1]!, 1)], { userBatchReference: "RETURN-1" });
    expect(repeat.status).toBe(400);
    expect(repeat.json.errors[0]).toEqual({ code: "WHSC-043", message: expect.stringContaining('"RETURN-1" already exists') });
    expect(Object.keys((await api.get(`/warehouse-service/order/${creditId}/goods-note/goods-in`)).json.response)).toHaveLength(1);
    expect((await receive(api, creditId, [line(1002, rowIds[1]!, 1)], { userBatchReference: "RETURN-2" })).status).toBe(200);
  });

  it("refuses rows, products, locations and orders that do not fit, naming the field", async () => {
    const { api, creditId, rowIds } = await creditFor([1001, 1002]);
    const refusal = async (goodsMoved: unknown[], extra: Record<string, unknown> = {}, orderId = creditId) => {
      const res = await receive(api, orderId, goodsMoved, extra);
      expect(res.status).toBe(400);
      return res.json.errors[0] as { code: string; message: string };
    };
    expect((await refusal([line(1001, 999_999, 1)])).message).toMatch(/purchaseOrderRowId: row 999999 is not on order/);
    expect((await refusal([line(1002, rowIds[0]!, 1)])).message).toMatch(/is for product 1001, not 1002/);
    expect((await refusal([line(1001, rowIds[0]!, 1, 301)])).message).toMatch(/location 301 is not in warehouse 2/);
    expect((await refusal([line(1001, rowIds[0]!, 1)], { warehouseId: 99 })).code).toBe("WHSC-011");
    expect((await refusal([line(1001, rowIds[0]!, 1)], { transfer: true })).code).toBe("WHSC-042");
    expect((await refusal([{ ...line(1001, rowIds[0]!, 1), productValue: { currency: "JPY", value: 1 } }])).code).toBe("WHSC-045");
    expect((await refusal([line(1001, rowIds[0]!, 0)])).code).toBe("CMNC-400");

    control.updateProduct(api.account, 1002, { stock: { stockTracked: false } });
    expect((await refusal([line(1002, rowIds[1]!, 1)])).message).toMatch(/product 1002 is not stock tracked/);

    const customer = control.createCustomer(api.account);
    const orderId = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response as number;
    const orderRow = Number(Object.keys((await api.get(`/order-service/order/${orderId}`)).json.response[0].orderRows)[0]);
    expect((await refusal([line(1001, orderRow, 1)], {}, orderId)).code).toBe("WHSC-040");
    expect((await receive(api, 999_999, [line(1001, rowIds[0]!, 1)])).status).toBe(404);

    control.setOrderStatus(api.account, creditId, 12);
    expect((await refusal([line(1001, rowIds[0]!, 1)])).code).toBe("WHSC-041");
    expect((await api.get(`/warehouse-service/order/${creditId}/goods-note/goods-in`)).status).toBe(404);
  });

  it("keeps goods received into quarantine off the shelf: in the warehouse, not on hand", async () => {
    const { api, creditId, rowIds } = await creditFor([1003]);
    const quarantineId = (await api.get("/warehouse-service/warehouse/2/location/quarantine")).json.response as number;
    const before = await availability(api, 1003);
    expect((await receive(api, creditId, [line(1003, rowIds[0]!, 2, quarantineId)])).status).toBe(200);
    expect(await availability(api, 1003)).toEqual(before);
    expect(control.account(api.account).stock[1003]![2]!.quarantined).toBe(2);
  });

  it("books a customer return by hand through the control API: every unit not yet received, at the items' cost", async () => {
    const { api, creditId, rowIds } = await creditFor([1001, 1002]);
    expect((await receive(api, creditId, [line(1001, rowIds[0]!, 1)])).status).toBe(200);
    const { goodsInNoteIds } = control.receiveGoodsIn(api.account, { orderId: creditId });
    const note = (await api.get(`/warehouse-service/order/*/goods-note/goods-in/${goodsInNoteIds[0]}`)).json.response[goodsInNoteIds[0]!];
    const credit = control.account(api.account).orders[creditId]!;
    expect(note.goodsMoved.map((g: { purchaseOrderRowId: number; quantity: number; productValue: { value: string } }) => [g.purchaseOrderRowId, g.quantity, g.productValue.value])).toEqual([
      [rowIds[0], 1, credit.rows[0]!.itemCost],
      [rowIds[1], 2, credit.rows[1]!.itemCost],
    ]);
    expect(() => control.receiveGoodsIn(api.account, { orderId: creditId })).toThrow(/nothing left to receive/);
  });

  it("makes one note per occurrence when a product is received on two rows, answering the first note's id", async () => {
    const { api, creditId, rowIds } = await creditFor([1001, 1001, 1002]);
    const post = await receive(api, creditId, [line(1001, rowIds[0]!, 1), line(1001, rowIds[1]!, 2), line(1002, rowIds[2]!, 1)], { userBatchReference: "SPLIT-1" });
    expect(post.status).toBe(200);
    const notes = (await api.get(`/warehouse-service/order/${creditId}/goods-note/goods-in`)).json.response;
    const ids = Object.keys(notes).map(Number).sort((a, b) => a - b);
    expect(ids).toHaveLength(2);
    expect(post.json.response).toBe(ids[0]);
    expect(notes[ids[0]!].goodsMoved.map((g: { purchaseOrderRowId: number }) => g.purchaseOrderRowId)).toEqual([rowIds[0], rowIds[2]]);
    expect(notes[ids[1]!].goodsMoved.map((g: { purchaseOrderRowId: number; quantity: number }) => [g.purchaseOrderRowId, g.quantity])).toEqual([[rowIds[1], 2]]);
    expect(ids.map((id) => notes[id].userBatchReference)).toEqual(["SPLIT-1", "SPLIT-1"]);
  });

  it("raises goods-in-note.created and the on-hand event for the products that came back", async () => {
    const { api, creditId, rowIds } = await creditFor([1004]);
    receiver.clear();
    for (const subscribeTo of ["goods-in-note.created", "product.modified.on-hand-modified"]) {
      const res = await api.call("POST", "/integration-service/webhook", {
        subscribeTo,
        httpMethod: "POST",
        uriTemplate: `${receiver.url}/hook?ids=\${resource-id}`,
        bodyTemplate: '{"fullEvent":"${full-event}","id":"${resource-id}"}',
        contentType: "application/json",
        idSetAccepted: true,
        qualityOfService: 0,
      });
      expect(res.status).toBe(200);
    }
    const noteId = (await receive(api, creditId, [line(1004, rowIds[0]!, 1)])).json.response as number;
    const deliveries = (await receiver.waitFor(2)).map((d) => JSON.parse(d.body));
    expect(deliveries).toEqual(
      expect.arrayContaining([
        { fullEvent: "goods-in-note.created", id: String(noteId) },
        { fullEvent: "product.modified.on-hand-modified", id: "1004" },
      ]),
    );
  });
});
