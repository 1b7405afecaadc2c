import { describe, expect, it } from "vitest";
import { apiFor, createCustomer, salesOrder, startSandbox, type Api } from "./helpers";
import { startReceiver } from "./receiver";

const started = await startSandbox({ webhooks: { batchWindowMs: 150, retryDelaysMs: [40, 80, 120], timeoutMs: 300, maxIdsPerDelivery: 100 } });
const control = started.sandbox.control;
const receiver = await startReceiver();

const BODY = JSON.stringify({
  accountCode: "${account-code}",
  resourceType: "${resource-type}",
  id: "${resource-id}",
  lifecycleEvent: "${lifecycle-event}",
  specifier: "${resource-specifier}",
  fullEvent: "${full-event}",
  raisedOn: "${raised-on}",
  brightpearlVersion: "${brightpearl-version}",
});

async function hook(api: Api, subscribeTo: string, extra: Record<string, unknown> = {}) {
  const res = await api.call("POST", "/integration-service/webhook", {
    subscribeTo,
    httpMethod: "POST",
    uriTemplate: `${receiver.url}/hook/\${account-code}?ids=\${resource-id}&k=secret`,
    bodyTemplate: BODY,
    contentType: "application/json",
    idSetAccepted: false,
    qualityOfService: 0,
    ...extra,
  });
  expect(res.status).toBe(200);
  return res.json.response as number;
}

function freshAccount(options: { offset?: string } = {}) {
  receiver.clear();
  const code = `wh${Math.random().toString(36).slice(2, 10)}`;
  control.createAccount({ code, timezoneOffset: options.offset ?? "+00:00" });
  control.seedProducts(code, { count: 8, stock: 10 });
  const tokens = control.issueTokens(code);
  return { api: apiFor(started.url, code, tokens.accessToken), code };
}

describe("Brightpearl sandbox webhook delivery", () => {
  it("renders the uriTemplate and bodyTemplate variables, in the account's offset", async () => {
    const { api, code } = freshAccount({ offset: "-06:00" });
    await hook(api, "product.modified.on-hand-modified");
    control.setStock(code, { productId: 1003, warehouseId: 2, inStock: 25 });
    const [delivery] = await receiver.waitFor(1);
    expect(delivery!.method).toBe("POST");
    expect(delivery!.url).toBe(`/hook/${code}?ids=1003&k=secret`);
    expect(delivery!.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(delivery!.body);
    expect(body).toMatchObject({
      accountCode: code,
      resourceType: "product",
      id: "1003",
      lifecycleEvent: "modified",
      specifier: "on-hand-modified",
      fullEvent: "product.modified.on-hand-modified",
      brightpearlVersion: expect.any(String),
    });
    expect(body.raisedOn).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-06:00$/);
  });

  it("with idSetAccepted, coalesces ids raised within the window into one ID set", async () => {
    const { api, code } = freshAccount();
    await hook(api, "product.modified.on-hand-modified", { idSetAccepted: true });
    for (const productId of [1001, 1002, 1003, 1005, 1007]) control.setStock(code, { productId, delta: 1 });
    await receiver.waitFor(1);
    await control.webhooksIdle();
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]!.body).id).toBe("1001-1003,1005,1007");
  });

  it("without idSetAccepted, sends one request per id", async () => {
    const { api, code } = freshAccount();
    await hook(api, "product.modified.on-hand-modified");
    for (const productId of [1001, 1002, 1004]) control.setStock(code, { productId, delta: 1 });
    await receiver.waitFor(3);
    await control.webhooksIdle();
    expect(receiver.received.map((r) => JSON.parse(r.body).id).sort()).toEqual(["1001", "1002", "1004"]);
  });

  it("QoS 0 gives up after a 500 but retries a 503", async () => {
    const { api, code } = freshAccount();
    const id = await hook(api, "product.modified.on-hand-modified", { qualityOfService: 0 });
    receiver.respondWith(500);
    control.setStock(code, { productId: 1001, delta: 1 });
    await receiver.waitFor(1);
    await control.webhooksIdle();
    expect(receiver.received).toHaveLength(1);
    expect(control.deliveries.list({ account: code, webhookId: id }).map((d) => d.outcome)).toEqual(["failed"]);

    receiver.clear();
    receiver.respondWith(503, 503);
    control.setStock(code, { productId: 1002, delta: 1 });
    await receiver.waitFor(3);
    await control.webhooksIdle();
    expect(receiver.received).toHaveLength(3);
    expect(control.deliveries.list({ account: code, webhookId: id }).slice(1).map((d) => d.outcome)).toEqual(["will-retry", "will-retry", "delivered"]);
  });

  it("QoS 1 retries on 5xx and no answer with backoff, but not on a 4xx", async () => {
    const { api, code } = freshAccount();
    const id = await hook(api, "product.modified.on-hand-modified", { qualityOfService: 1 });
    receiver.respondWith(500, 502);
    receiver.hang(0);
    control.setStock(code, { productId: 1001, delta: 1 });
    await receiver.waitFor(3);
    await control.webhooksIdle();
    const attempts = receiver.received;
    expect(attempts).toHaveLength(3);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(35);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(75);
    expect(control.deliveries.list({ webhookId: id, account: code }).map((d) => d.status)).toEqual([500, 502, 200]);

    receiver.clear();
    receiver.respondWith(404);
    control.setStock(code, { productId: 1002, delta: 1 });
    await receiver.waitFor(1);
    await control.webhooksIdle();
    expect(receiver.received).toHaveLength(1);

    receiver.clear();
    receiver.hang(1);
    control.setStock(code, { productId: 1003, delta: 1 });
    await receiver.waitFor(2);
    await control.webhooksIdle();
    const log = control.deliveries.list({ webhookId: id, account: code }).filter((d) => d.resourceIds === "1003");
    expect(log[0]!.status).toBeNull();
    expect(log[0]!.error).toMatch(/no answer/);
    expect(log.at(-1)!.outcome).toBe("delivered");
  });

  it("gives up after the configured retries", async () => {
    const { api, code } = freshAccount();
    await hook(api, "product.modified.on-hand-modified", { qualityOfService: 1 });
    receiver.respondWith(500, 500, 500, 500, 500);
    control.setStock(code, { productId: 1004, delta: 1 });
    await receiver.waitFor(4);
    await control.webhooksIdle();
    expect(receiver.received).toHaveLength(4);
    expect(control.deliveries.list({ account: code }).at(-1)!.outcome).toBe("failed");
  });

  it("drops deliveries when a dropped-webhook fault says so, and only as many as it says", async () => {
    const { api, code } = freshAccount();
    await hook(api, "product.modified.on-hand-modified");
    const rule = control.webhookFaults.add({ account: code, event: "product.modified.on-hand-modified", count: 1 });
    control.setStock(code, { productId: 1001, delta: 1 });
    await control.webhooksIdle();
    expect(receiver.received).toHaveLength(0);
    expect(control.deliveries.list({ account: code }).map((d) => d.outcome)).toEqual(["dropped"]);
    control.setStock(code, { productId: 1002, delta: 1 });
    await receiver.waitFor(1);
    expect(JSON.parse(receiver.received[0]!.body).id).toBe("1002");
    expect(control.webhookFaults.list().some((r) => r.id === rule.id)).toBe(false);
  });

  it("sends no body for GET webhooks", async () => {
    const { api, code } = freshAccount();
    await hook(api, "product.modified.on-hand-modified", { httpMethod: "GET", bodyTemplate: null, contentType: null });
    control.setStock(code, { productId: 1001, delta: 1 });
    const [d] = await receiver.waitFor(1);
    expect(d!.method).toBe("GET");
    expect(d!.body).toBe("");
  });

  it("simulate delivers the test data through the templates", async () => {
    const { api, code } = freshAccount();
    const id = await hook(api, "product.modified.on-hand-modified");
    const res = await api.call("POST", `/integration-service/webhook/${id}/simulate`, {
      testData: { "${account-code}": "acme", "${resource-type}": "product", "${resource-id}": "1-5,99", "${lifecycle-event}": "modified", "${resource-specifier}": "on-hand-modified" },
    });
    expect(res.status).toBe(200);
    const [d] = await receiver.waitFor(1);
    expect(JSON.parse(d!.body)).toMatchObject({ accountCode: "acme", id: "1-5,99", fullEvent: "product.modified.on-hand-modified" });
    expect(d!.url).toBe("/hook/acme?ids=1-5,99&k=secret");
    const tooMany = await api.call("POST", `/integration-service/webhook/${id}/simulate`, { testData: { "${resource-id}": "1-11" } });
    expect(tooMany.status).toBe(400);
    expect(control.deliveries.list({ account: code }).every((x) => x.simulated)).toBe(true);
  });
});

describe("Brightpearl sandbox webhook events", () => {
  async function subscribed(events: string[]) {
    const { api, code } = freshAccount();
    for (const e of events) await hook(api, e, { idSetAccepted: true });
    return { api, code };
  }
  const events = async () => {
    control.flushWebhooks();
    await control.webhooksIdle();
    return receiver.received.map((r) => JSON.parse(r.body) as { fullEvent: string; id: string });
  };

  it("raises sales-order.created only for the sales-order POST, not the low-level order POST", async () => {
    const { api } = await subscribed(["sales-order.created"]);
    const customer = await createCustomer(api);
    const so = await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]));
    const low = await api.call("POST", "/order-service/order", { orderTypeCode: "SO", parties: { customer: { contactId: customer } } });
    expect(low.status).toBe(200);
    expect(await events()).toEqual([expect.objectContaining({ fullEvent: "sales-order.created", id: String(so.json.response) })]);
  });

  it("raises order.modified.order-status when the status changes", async () => {
    const { api } = await subscribed(["order.modified.order-status"]);
    const customer = await createCustomer(api);
    const so = await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]));
    await api.call("PUT", `/order-service/order/${so.json.response}/status`, { orderStatusId: 6 });
    expect(await events()).toEqual([expect.objectContaining({ fullEvent: "order.modified.order-status", id: String(so.json.response) })]);
  });

  it("raises goods-out-note and on-hand events when the control API ships an order", async () => {
    const { api, code } = await subscribed(["goods-out-note.created", "goods-out-note.modified.shipped", "product.modified.on-hand-modified", "order.modified.fully-shipped"]);
    const customer = await createCustomer(api);
    const so = await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1002]));
    await events();
    receiver.clear();
    const { goodsOutNoteIds } = control.shipGoodsOut(code, { orderId: so.json.response, trackingReference: "TRACK-1" });
    const got = await events();
    const names = got.map((e) => e.fullEvent).sort();
    expect(names).toEqual(["goods-out-note.created", "goods-out-note.modified.shipped", "order.modified.fully-shipped", "product.modified.on-hand-modified"]);
    expect(got.find((e) => e.fullEvent === "goods-out-note.modified.shipped")!.id).toBe(String(goodsOutNoteIds[0]));
    expect(got.find((e) => e.fullEvent === "product.modified.on-hand-modified")!.id).toBe("1002");
  });

  it("raises drop-ship-note.modified.shipped when a drop-ship note ships", async () => {
    const { api, code } = await subscribed(["drop-ship-note.modified.shipped"]);
    const customer = await createCustomer(api);
    const so = await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1003]));
    const noteId = control.shipDropShip(code, { orderId: so.json.response, trackingReference: "DS-1" });
    expect(await events()).toEqual([expect.objectContaining({ fullEvent: "drop-ship-note.modified.shipped", id: String(noteId) })]);
  });

  it("raises product.created and product.modified for API product writes; a bare 'product' subscription gets both", async () => {
    const { api } = await subscribed(["product"]);
    const created = await api.call("POST", "/product-service/product", {
      brandId: 1,
      financialDetails: { taxCode: { code: "T" } },
      salesChannels: [{ salesChannelName: "Brightpearl", productName: "Widget" }],
      identity: { sku: "W-1" },
    });
    const id = created.json.response;
    await api.call("PUT", `/product-service/product/${id}`, { salesChannels: [{ productName: "Widget 2" }] });
    expect((await events()).map((e) => e.fullEvent)).toEqual(["product.created", "product.modified"]);
  });

  it("does not deliver to other accounts' hooks", async () => {
    const first = await subscribed(["product.modified.on-hand-modified"]);
    const second = freshAccount();
    control.setStock(second.code, { productId: 1001, delta: 1 });
    control.flushWebhooks();
    await control.webhooksIdle();
    expect(receiver.received).toHaveLength(0);
    expect(control.deliveries.list({ account: first.code })).toHaveLength(0);
  });
});
