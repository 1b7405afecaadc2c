import { describe, expect, it } from "vitest";
import { newAccount, rows, salesOrder, startSandbox } from "./helpers";

const started = await startSandbox();
const control = started.sandbox.control;

async function order() {
  const api = newAccount(started, { products: 1, stock: 5 });
  const customer = control.createCustomer(api.account);
  const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response as number;
  return { api, id, customer };
}

const receipt = (orderId: number, extra: Record<string, unknown> = {}) => ({
  transactionRef: "txn-1",
  transactionCode: "mage-100",
  paymentMethodCode: "PAYPAL",
  paymentType: "RECEIPT",
  orderId,
  currencyIsoCode: "GBP",
  exchangeRate: 1.0,
  amountPaid: 24.0,
  paymentDate: "2026-04-17T10:00:00-06:00",
  journalRef: "Magento order #100",
  ...extra,
});

describe("Brightpearl sandbox customer payments", () => {
  it("records a receipt, marks the order paid and finds it by order", async () => {
    const { api, id } = await order();
    const res = await api.call("POST", "/accounting-service/customer-payment", receipt(id));
    expect(res.status).toBe(200);
    expect(typeof res.json.response).toBe("number");
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].orderPaymentStatus).toBe("PAID");
    const found = rows((await api.get(`/accounting-service/customer-payment-search?orderId=${id}`)).json);
    expect(found).toEqual([expect.objectContaining({ paymentId: res.json.response, transactionRef: "txn-1", paymentMethodCode: "PAYPAL", paymentType: "RECEIPT", amountPaid: "24.00", currencyCode: "GBP" })]);
    expect(found[0]!.journalId).not.toBeNull();
  });

  it("keeps transactionRef unique per payment method, but the same ref is fine under another method", async () => {
    const { api, id } = await order();
    expect((await api.call("POST", "/accounting-service/customer-payment", receipt(id, { amountPaid: 10 }))).status).toBe(200);
    const dup = await api.call("POST", "/accounting-service/customer-payment", receipt(id, { amountPaid: 10 }));
    expect(dup.status).toBe(400);
    expect(dup.json.errors[0].message).toContain("txn-1");
    expect((await api.call("POST", "/accounting-service/customer-payment", receipt(id, { amountPaid: 10, paymentMethodCode: "CARD" }))).status).toBe(200);
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].orderPaymentStatus).toBe("PARTIALLY_PAID");
  });

  it("requires authorizationExpiry on AUTH, and a CAPTURE names its AUTH by transactionCode", async () => {
    const { api, id } = await order();
    const auth = { transactionRef: "t.AUTH", transactionCode: "pay-1", paymentMethodCode: "CARD", paymentType: "AUTH", orderId: id, currencyIsoCode: "GBP", amountAuthorized: 24, paymentDate: "2026-01-01" };
    const noExpiry = await api.call("POST", "/accounting-service/customer-payment", auth);
    expect(noExpiry.status).toBe(400);
    expect(noExpiry.json.errors[0].message).toContain("authorizationExpiry");
    expect((await api.call("POST", "/accounting-service/customer-payment", { ...auth, authorizationExpiry: "2026-01-08T00:00:00Z" })).status).toBe(200);
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].orderPaymentStatus).toBe("UNPAID");
    const capture = { ...auth, transactionRef: "t.CAPTURE", paymentType: "CAPTURE", amountPaid: 24, amountAuthorized: undefined };
    expect((await api.call("POST", "/accounting-service/customer-payment", { ...capture, transactionCode: "other" })).status).toBe(400);
    expect((await api.call("POST", "/accounting-service/customer-payment", capture)).status).toBe(200);
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].orderPaymentStatus).toBe("PAID");
  });

  it("validates required fields, the order, the currency and the amount's decimals", async () => {
    const { api, id } = await order();
    for (const bad of [
      receipt(id, { paymentMethodCode: undefined }),
      receipt(id, { paymentDate: undefined }),
      receipt(999999),
      receipt(id, { currencyIsoCode: "EURO" }),
      receipt(id, { currencyIsoCode: "USD" }),
      receipt(id, { amountPaid: 1.005 }),
      receipt(id, { paymentType: "PAYMENT" }),
      receipt(id, { paymentMethodCode: "X".repeat(37) }),
    ]) {
      expect((await api.call("POST", "/accounting-service/customer-payment", bad)).status).toBe(400);
    }
  });

  it("marks an order paid without a journal when the method has no bank account for the currency", async () => {
    const { api, id } = await order();
    const res = await api.call("POST", "/accounting-service/customer-payment", receipt(id, { paymentMethodCode: "MAGENTO_CHECKMO" }));
    expect(res.status).toBe(200);
    expect(rows((await api.get(`/accounting-service/customer-payment-search?orderId=${id}`)).json)[0]!.journalId).toBeNull();
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].orderPaymentStatus).toBe("PAID");
  });

  it("deletes a payment with {} and answers 404 CMNC-404 for an unknown one", async () => {
    const { api, id } = await order();
    const paymentId = (await api.call("POST", "/accounting-service/customer-payment", receipt(id))).json.response;
    const del = await api.call("DELETE", `/accounting-service/customer-payment/${paymentId}`);
    expect(del.status).toBe(200);
    expect(del.json).toEqual({});
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].orderPaymentStatus).toBe("UNPAID");
    const again = await api.call("DELETE", `/accounting-service/customer-payment/${paymentId}`);
    expect(again.status).toBe(404);
    expect(again.json.errors[0].code).toBe("CMNC-404");
  });

  it("refunds a sales credit with a PAYMENT", async () => {
    const { api, id, customer } = await order();
    const sc = (await api.call("POST", "/order-service/sales-credit", { ...salesOrder(customer, [1001]), parentId: id })).json.response;
    const res = await api.call("POST", "/accounting-service/customer-payment", receipt(sc, { paymentType: "PAYMENT", transactionRef: "refund-1" }));
    expect(res.status).toBe(200);
    expect((await api.get(`/order-service/sales-credit/${sc}`)).json.response[0].orderPaymentStatus).toBe("PAID");
  });
});
