import { describe, expect, it } from "vitest";
import { newAccount, salesOrder, startSandbox } from "./helpers";

const started = await startSandbox();
const control = started.sandbox.control;

async function setup() {
  const api = newAccount(started, { products: 2, stock: 10 });
  const customer = control.createCustomer(api.account);
  const orderId = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response as number;
  return { api, orderId, customer };
}

const note = (label: string, orderId: number) => ({ label, uri: `/order-service/order/${orderId}/note`, httpMethod: "POST", body: { text: label } });

describe("Brightpearl sandbox multi-message", () => {
  it("runs messages in order and answers 200 with each inner response as a JSON string", async () => {
    const { api, orderId } = await setup();
    const res = await api.call("POST", "/multi-message", { processingMode: "SEQUENTIAL", onFail: "STOP", messages: [note("L1", orderId), note("L2", orderId)] });
    expect(res.status).toBe(200);
    const processed = res.json.response.processedMessages;
    expect(processed.map((m: { label: string; statusCode: number }) => [m.label, m.statusCode])).toEqual([["L1", 200], ["L2", 200]]);
    expect(typeof processed[0].body.content).toBe("string");
    expect(JSON.parse(processed[0].body.content)).toEqual({ response: expect.any(Number) });
    expect(res.json.response.unprocessedMessages).toEqual([]);
    const notes = (await api.get(`/order-service/order/${orderId}/note`)).json.response.map((n: { text: string }) => n.text);
    expect(notes).toEqual(["L1", "L2"]);
  });

  it("stops at the first failure with STOP and lists the rest as unprocessed (207)", async () => {
    const { api, orderId } = await setup();
    const res = await api.call("POST", "/multi-message", {
      processingMode: "SEQUENTIAL",
      onFail: "STOP",
      messages: [note("L1", orderId), note("BAD", 999999), note("L3", orderId)],
    });
    expect(res.status).toBe(207);
    expect(res.json.response.processedMessages.map((m: { statusCode: number }) => m.statusCode)).toEqual([200, 404]);
    expect(res.json.response.unprocessedMessages).toEqual(["L3"]);
  });

  it("carries on past failures with CONTINUE, and runs PARALLEL batches", async () => {
    const { api, orderId } = await setup();
    const cont = await api.call("POST", "/multi-message", { processingMode: "SEQUENTIAL", onFail: "CONTINUE", messages: [note("BAD", 999999), note("L2", orderId)] });
    expect(cont.status).toBe(207);
    expect(cont.json.response.processedMessages.map((m: { statusCode: number }) => m.statusCode)).toEqual([404, 200]);
    const par = await api.call("POST", "/multi-message", { processingMode: "PARALLEL", onFail: "CONTINUE", messages: [note("A", orderId), note("B", orderId)] });
    expect(par.status).toBe(200);
    expect(par.json.response.processedMessages).toHaveLength(2);
  });

  it("refuses PARALLEL with STOP, GET messages, more than 10 messages and duplicate labels", async () => {
    const { api, orderId } = await setup();
    const post = (b: unknown) => api.call("POST", "/multi-message", b);
    expect((await post({ processingMode: "PARALLEL", onFail: "STOP", messages: [note("A", orderId)] })).status).toBe(400);
    expect((await post({ processingMode: "SEQUENTIAL", onFail: "STOP", messages: [{ label: "G", uri: "/order-service/order/1", httpMethod: "GET" }] })).status).toBe(400);
    const eleven = Array.from({ length: 11 }, (_, i) => note(`L${i}`, orderId));
    expect((await post({ processingMode: "SEQUENTIAL", onFail: "STOP", messages: eleven })).status).toBe(400);
    expect((await post({ processingMode: "SEQUENTIAL", onFail: "STOP", messages: [note("A", orderId), note("A", orderId)] })).status).toBe(400);
  });

  it("applies the caller's authentication to every message", async () => {
    const { api, orderId } = await setup();
    control.expireAccessTokens(api.account);
    const res = await api.call("POST", "/multi-message", { processingMode: "SEQUENTIAL", onFail: "STOP", messages: [note("L1", orderId)] });
    expect(res.status).toBe(401);
  });

  it("mixes resources, e.g. a status change and a payment", async () => {
    const { api, orderId } = await setup();
    const res = await api.call("POST", "/multi-message", {
      processingMode: "SEQUENTIAL",
      onFail: "STOP",
      messages: [
        { label: "status", uri: `/order-service/order/${orderId}/status`, httpMethod: "PUT", body: { orderStatusId: 7 } },
        { label: "pay", uri: "/accounting-service/customer-payment", httpMethod: "POST", body: { paymentMethodCode: "CARD", paymentType: "RECEIPT", orderId, currencyIsoCode: "GBP", amountPaid: 24, paymentDate: "2026-01-01" } },
      ],
    });
    expect(res.status).toBe(200);
    const order = (await api.get(`/order-service/order/${orderId}`)).json.response[0];
    expect(order.orderStatus.orderStatusId).toBe(7);
    expect(order.orderPaymentStatus).toBe("PAID");
  });
});
