import { describe, expect, it } from "vitest";
import { createCustomer, newAccount, rows, salesOrder, startSandbox } from "./helpers";

const started = await startSandbox();
const control = started.sandbox.control;

async function setup(offset?: string) {
  const api = newAccount(started, { products: 5, stock: 10 });
  if (offset) control.account(api.account).settings.timezoneOffset = offset;
  const customer = await createCustomer(api);
  return { api, customer };
}

describe("Brightpearl sandbox sales-order POST and order GET", () => {
  it("creates order and rows in one call and answers the order GET shape: rows keyed by row id, money and quantities as strings", async () => {
    const { api, customer } = await setup("+02:00");
    const post = await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001, 1002]));
    expect(post.status).toBe(200);
    const id = post.json.response;
    expect(typeof id).toBe("number");
    const get = await api.get(`/order-service/order/${id}`);
    expect(get.status).toBe(200);
    const order = get.json.response[0];
    expect(order).toMatchObject({
      id,
      orderTypeCode: "SO",
      reference: "100000001",
      orderStatus: { orderStatusId: 2, name: "New web order" },
      orderPaymentStatus: "UNPAID",
      placedOn: "2026-01-02T12:00:00.000+02:00",
      currency: { orderCurrencyCode: "GBP", accountingCurrencyCode: "GBP", exchangeRate: "1.000000" },
      totalValue: { net: "40.00", taxAmount: "8.00", total: "48.00", baseTotal: "48.00" },
      parties: { customer: { contactId: customer, countryIsoCode: "GB", countryIsoCode3: "GBR", country: "United Kingdom" } },
      allocationStatusCode: "AAA",
      shippingStatusCode: "SNS",
    });
    expect(Array.isArray(order.orderRows)).toBe(false);
    const rowIds = Object.keys(order.orderRows);
    expect(rowIds).toHaveLength(2);
    const row = order.orderRows[rowIds[0]!];
    expect(row).toMatchObject({
      productId: 1001,
      productSku: "SKU-00001",
      quantity: { magnitude: "2.0000" },
      productPrice: { value: "10.0000" },
      rowValue: { taxCode: "T", taxRate: "20.0000", rowNet: { value: "20.0000" }, rowTax: { value: "4.00" } },
      nominalCode: "4000",
    });
    expect(order.createdOn).toMatch(/\+02:00$/);
  });

  it("answers the flat sales-order GET with rows as an array carrying externalRef", async () => {
    const { api, customer } = await setup();
    const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001], { externalRef: "mage-1", installedIntegrationInstanceId: api.installationId }))).json.response;
    const res = await api.get(`/order-service/sales-order/${id}`);
    const so = res.json.response[0];
    expect(so).toMatchObject({ id, externalRef: "mage-1", installedIntegrationInstanceId: api.installationId, customer: { id: customer }, ref: "100000001" });
    expect(so.rows).toEqual([expect.objectContaining({ productId: 1001, quantity: "2.0000", net: "20.00", tax: "4.00", externalRef: "item-1", sku: "SKU-00001" })]);
    expect(so.total).toEqual({ net: "20.00", tax: "4.00", total: "24.00" });
  });

  it("answers 200 with an empty list for unknown order ids", async () => {
    const { api } = await setup();
    const res = await api.get("/order-service/order/99999999");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response: [] });
  });

  it("refuses more than 200 ids per GET and splits sets with OPTIONS getUris over existing ids", async () => {
    const { api, customer } = await setup();
    expect((await api.get("/order-service/order/1-201")).status).toBe(413);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response);
    const res = await api.call("OPTIONS", `/order-service/order/${ids[0]! - 5}-${ids[1]},${ids[3]},${ids[3]! + 1}`);
    expect(res.json).toEqual({ response: { getUris: [`/order/${ids[0]}-${ids[1]},${ids[3]}`] } });
  });

  it("is atomic: a bad row leaves no order behind", async () => {
    const { api, customer } = await setup();
    const before = (await api.get("/order-service/order-search")).json.response.metaData.resultsAvailable;
    const res = await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001, 424242]));
    expect(res.status).toBe(400);
    expect(res.json.errors[0].code).toMatch(/^ORDC-/);
    expect((await api.get("/order-service/order-search")).json.response.metaData.resultsAvailable).toBe(before);
  });

  it("rejects a second order with the same externalRef and installedIntegrationInstanceId", async () => {
    const { api, customer } = await setup();
    const body = salesOrder(customer, [1001], { externalRef: "mage-42", installedIntegrationInstanceId: api.installationId });
    expect((await api.call("POST", "/order-service/sales-order", body)).status).toBe(200);
    const dup = await api.call("POST", "/order-service/sales-order", body);
    expect(dup.status).toBe(400);
    expect(dup.json.errors[0]).toMatchObject({ code: "ORDC-060" });
    const search = await api.get(`/order-service/order-search?externalRef=mage-42&installedIntegrationInstanceId=${api.installationId}`);
    expect(search.json.response.metaData.resultsAvailable).toBe(1);
    // The pair is the key: the same externalRef without an instance id is another order.
    const { installedIntegrationInstanceId: _, ...withoutInstance } = body as Record<string, unknown>;
    expect((await api.call("POST", "/order-service/sales-order", withoutInstance)).status).toBe(200);
  });

  it("validates strictly: customer, row amounts with at most 2 decimals, whole quantities for stock-tracked products, known tax codes", async () => {
    const { api, customer } = await setup();
    const base = salesOrder(customer, [1001]);
    expect((await api.call("POST", "/order-service/sales-order", { ...base, customer: undefined })).status).toBe(400);
    expect((await api.call("POST", "/order-service/sales-order", { ...base, customer: { id: 987654 } })).status).toBe(400);
    const row = base.rows[0]!;
    for (const bad of [{ ...row, net: 19.999 }, { ...row, quantity: 1.5 }, { ...row, taxCode: "NOPE" }, { ...row, nominalCode: "9999" }]) {
      const res = await api.call("POST", "/order-service/sales-order", { ...base, rows: [bad] });
      expect(res.status).toBe(400);
      expect(res.json.errors).toHaveLength(1);
    }
    expect((await api.call("POST", "/order-service/sales-order", { ...base, currency: { code: "JPY" } })).status).toBe(400);
    expect((await api.call("POST", "/order-service/sales-order", "not json")).status).toBe(400);
  });

  it("accepts free-text rows (shipping) and 2-letter country codes in addresses", async () => {
    const { api, customer } = await setup();
    const body = salesOrder(customer, [1001], {
      delivery: { address: { addressFullName: "Jo Bloggs", addressLine1: "9 Rue X", addressLine3: "Paris", postalCode: "75001", countryIsoCode: "FR" }, shippingMethodId: 2 },
    });
    body.rows.push({ name: "Shipping: Flat rate", quantity: 1, net: "5.00", tax: "1.00", taxCode: "T", nominalCode: "4040" } as never);
    const id = (await api.call("POST", "/order-service/sales-order", body)).json.response;
    const order = (await api.get(`/order-service/order/${id}`)).json.response[0];
    expect(order.parties.delivery).toMatchObject({ addressFullName: "Jo Bloggs", countryIsoCode: "FR", countryIsoCode3: "FRA" });
    expect(order.delivery.shippingMethodId).toBe(2);
    expect(Object.values(order.orderRows).map((r: any) => r.productName)).toContain("Shipping: Flat rate");
    expect(order.totalValue.total).toBe("30.00");
  });
});

describe("Brightpearl sandbox order search", () => {
  it("finds created orders, answers positional rows with metaData columns and a reference block", async () => {
    const { api, customer } = await setup();
    const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001], { ref: "CUST-REF-7" }))).json.response;
    const res = await api.get("/order-service/order-search?customerRef=CUST-REF-7");
    expect(res.status).toBe(200);
    const meta = res.json.response.metaData;
    expect(meta.columns.map((c: { name: string }) => c.name).slice(0, 4)).toEqual(["orderId", "orderTypeId", "contactId", "orderStatusId"]);
    expect(Array.isArray(res.json.response.results[0])).toBe(true);
    expect(rows(res.json)[0]).toMatchObject({ orderId: id, orderTypeId: 1, contactId: customer, orderStatusId: 2, customerRef: "CUST-REF-7" });
    expect(res.json.reference.orderStatusNames).toEqual({ "2": "New web order" });
    expect(res.json.reference.orderTypeNames["1"]).toBe("SALES_ORDER");
    expect(meta).toMatchObject({ resultsAvailable: 1, resultsReturned: 1, firstResult: 1, lastResult: 1, morePagesAvailable: false });
  });

  it("omits firstResult and lastResult when nothing matches", async () => {
    const { api } = await setup();
    const meta = (await api.get("/order-service/order-search?customerRef=nothing-like-this")).json.response.metaData;
    expect(meta.resultsAvailable).toBe(0);
    expect(meta).not.toHaveProperty("firstResult");
    expect(meta).not.toHaveProperty("lastResult");
  });

  it("pages with firstResult/pageSize and morePagesAvailable, sorts, and restricts columns", async () => {
    const { api, customer } = await setup();
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response);
    const page1 = (await api.get("/order-service/order-search?pageSize=2&sort=orderId.DESC&columns=orderId,customerRef")).json.response;
    expect(page1.metaData.columns.map((c: { name: string }) => c.name)).toEqual(["orderId", "customerRef"]);
    expect(page1.results.map((r: unknown[]) => r[0])).toEqual([ids[4], ids[3]]);
    expect(page1.metaData).toMatchObject({ morePagesAvailable: true, resultsReturned: 2, firstResult: 1, lastResult: 2 });
    const page3 = (await api.get("/order-service/order-search?pageSize=2&firstResult=5&sort=orderId.DESC&columns=orderId")).json.response;
    expect(page3.results).toEqual([[ids[0]]]);
    expect(page3.metaData.morePagesAvailable).toBe(false);
  });

  it("answers 500 CMNC-018 for unparseable filters and refuses pageSize over 500", async () => {
    const { api } = await setup();
    for (const q of ["orderId=abc", "orderId=5-1", "createdOn=yesterday", "installedIntegrationInstanceId=x"]) {
      const res = await api.get(`/order-service/order-search?${q}`);
      expect(res.status).toBe(500);
      expect(res.json.errors[0].code).toBe("CMNC-018");
    }
    expect((await api.get("/order-service/order-search?pageSize=501")).status).toBe(500);
    expect((await api.get("/order-service/order-search?pageSize=500")).status).toBe(200);
  });

  it("filters by updatedOn ranges given in ISO with an open end", async () => {
    const { api, customer } = await setup();
    const from = new Date(Date.now() - 1000).toISOString();
    await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]));
    expect((await api.get(`/order-service/order-search?updatedOn=${from}/`)).json.response.metaData.resultsAvailable).toBe(1);
    expect((await api.get(`/order-service/order-search?updatedOn=/2020-01-01T00:00:00Z`)).json.response.metaData.resultsAvailable).toBe(0);
  });

  it("has a sales-order-search over sales orders only", async () => {
    const { api, customer } = await setup();
    const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001], { externalRef: "ext-9" }))).json.response;
    await api.call("POST", "/order-service/sales-credit", { ...salesOrder(customer, [1001]), externalRef: "ext-9" });
    const res = await api.get("/order-service/sales-order-search?externalRef=ext-9");
    expect(rows(res.json)).toEqual([expect.objectContaining({ salesOrderId: id, customerId: customer, externalRef: "ext-9" })]);
  });
});

describe("Brightpearl sandbox order status, notes, patch", () => {
  it("changes status with {} and adds an order note", async () => {
    const { api, customer } = await setup();
    const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response;
    const res = await api.call("PUT", `/order-service/order/${id}/status`, { orderStatusId: 6, orderNote: { text: "held for fraud check", isPublic: false } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
    expect((await api.get(`/order-service/order/${id}`)).json.response[0].orderStatus).toEqual({ orderStatusId: 6, name: "On hold" });
    const notes = (await api.get(`/order-service/order/${id}/note`)).json.response;
    expect(notes.map((n: { text: string }) => n.text)).toContain("held for fraud check");
  });

  it("refuses statuses of another order type or hidden ones", async () => {
    const { api, customer } = await setup();
    const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response;
    expect((await api.call("PUT", `/order-service/order/${id}/status`, { orderStatusId: 10 })).status).toBe(400);
    expect((await api.call("PUT", `/order-service/order/${id}/status`, { orderStatusId: 8 })).status).toBe(400);
    expect((await api.call("PUT", `/order-service/order/${id}/status`, { orderStatusId: 777 })).status).toBe(400);
  });

  it("cancels an open order and releases its reservation", async () => {
    const { api, customer } = await setup();
    const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1003]))).json.response;
    expect((await api.get("/warehouse-service/product-availability/1003")).json.response["1003"].total).toMatchObject({ inStock: 10, allocated: 2, onHand: 8 });
    expect((await api.call("PUT", `/order-service/order/${id}/status`, { orderStatusId: 5 })).status).toBe(200);
    expect((await api.get("/warehouse-service/product-availability/1003")).json.response["1003"].total).toMatchObject({ allocated: 0, onHand: 10 });
  });

  it("refuses to cancel an order with goods-out notes, an invoice, or payments", async () => {
    const { api, customer } = await setup();
    const mk = async () => (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response as number;
    const withGon = await mk();
    const gon = await api.call("POST", `/warehouse-service/order/${withGon}/goods-note/goods-out`, {
      warehouses: [{ warehouseId: 2, products: [{ productId: 1001, salesOrderRowId: Number(Object.keys((await api.get(`/order-service/order/${withGon}`)).json.response[0].orderRows)[0]), quantity: 2 }] }],
    });
    expect(gon.status).toBe(200);
    const invoiced = await mk();
    expect((await api.call("POST", `/order-service/sales-order/${invoiced}/close`, {})).status).toBe(200);
    const paid = await mk();
    expect(
      (await api.call("POST", "/accounting-service/customer-payment", { paymentMethodCode: "PAYPAL", paymentType: "RECEIPT", orderId: paid, currencyIsoCode: "GBP", amountPaid: 5, paymentDate: "2026-01-02" })).status,
    ).toBe(200);
    for (const [id, why] of [[withGon, "goods-out notes"], [invoiced, "invoiced"], [paid, "payments"]] as const) {
      const res = await api.call("PUT", `/order-service/order/${id}/status`, { orderStatusId: 5 });
      expect(res.status).toBe(400);
      expect(res.json.errors[0].message).toContain(why);
    }
  });

  it("patches with JSON Patch replace, but answers 500 CMNC-044 for add on an existing scalar", async () => {
    const { api, customer } = await setup();
    const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response;
    const ok = await api.call("PATCH", `/order-service/order/${id}`, [
      { op: "replace", path: "/reference", value: "#XYZ" },
      { op: "replace", path: "/delivery/deliveryDate", value: "2026-01-20" },
    ]);
    expect(ok.status).toBe(200);
    expect(ok.json.response).toMatchObject({ reference: "#XYZ", delivery: { deliveryDate: "2026-01-20T00:00:00.000+00:00" } });
    const add = await api.call("PATCH", `/order-service/order/${id}`, [{ op: "add", path: "/reference", value: "#ABC" }]);
    expect(add.status).toBe(500);
    expect(add.json.errors[0].code).toBe("CMNC-044");
    expect((await api.call("PATCH", `/order-service/order/${id}`, [{ op: "replace", path: "/id", value: 1 }])).status).toBe(400);
  });
});

describe("Brightpearl sandbox sales credits and the low-level order API", () => {
  it("creates a sales credit against an order; GET answers 207 when only some ids exist", async () => {
    const { api, customer } = await setup();
    const so = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response;
    const sc = await api.call("POST", "/order-service/sales-credit", { ...salesOrder(customer, [1001]), parentId: so, externalRef: "refund-1", installedIntegrationInstanceId: api.installationId });
    expect(sc.status).toBe(200);
    const all = await api.get(`/order-service/sales-credit/${sc.json.response}`);
    expect(all.status).toBe(200);
    expect(all.json.response[0]).toMatchObject({ id: sc.json.response, parentId: so, isCanceled: false, orderPaymentStatus: "UNPAID" });
    const partial = await api.get(`/order-service/sales-credit/${sc.json.response},99999999`);
    expect(partial.status).toBe(207);
    expect(partial.json.response).toHaveLength(1);
    expect((await api.get("/order-service/sales-credit/99999999")).status).toBe(404);
    expect((await api.get(`/order-service/order/${sc.json.response}`)).json.response[0]).toMatchObject({ orderTypeCode: "SC", parentOrderId: so });
    const dup = await api.call("POST", "/order-service/sales-credit", { ...salesOrder(customer, [1001]), parentId: so, externalRef: "refund-1", installedIntegrationInstanceId: api.installationId });
    expect(dup.status).toBe(400);
  });

  it("answers the recorded order POST errors ORDC-005, ORDC-006 and ORDC-022", async () => {
    const { api, customer } = await setup();
    const code = async (b: unknown) => (await api.call("POST", "/order-service/order", b)).json.errors?.[0]?.code;
    expect(await code({ reference: "#1", parties: { customer: { contactId: customer } } })).toBe("ORDC-005");
    expect(await code({ orderTypeCode: "XX", parties: { customer: { contactId: customer } } })).toBe("ORDC-006");
    expect(await code({ orderTypeCode: "PO" })).toBe("ORDC-022");
  });

  it("builds an order row by row, computing the tax from the code when it is left out", async () => {
    const { api, customer } = await setup();
    const id = (await api.call("POST", "/order-service/order", { reference: "#0001", orderTypeCode: "SO", parties: { customer: { contactId: customer } } })).json.response;
    const row = await api.call("POST", `/order-service/order/${id}/row`, { productId: 1002, quantity: { magnitude: 5 }, rowValue: { taxCode: "T", rowNet: { value: 100 } }, nominalCode: "4000" });
    expect(row.status).toBe(200);
    const order = (await api.get(`/order-service/order/${id}`)).json.response[0];
    expect(order.orderRows[row.json.response].rowValue.rowTax.value).toBe("20.00");
    expect(order.totalValue.total).toBe("120.00");
    expect(rows((await api.get(`/order-service/order-search?orderId=${id}`)).json)).toHaveLength(1);
  });

  it("patches a row and recalculates rowTax from the tax code; deletes rows not yet on a note", async () => {
    const { api, customer } = await setup();
    const id = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001, 1002]))).json.response;
    const [first, second] = Object.keys((await api.get(`/order-service/order/${id}`)).json.response[0].orderRows);
    const res = await api.call("PATCH", `/order-service/order/${id}/row/${first}`, [{ op: "replace", path: "/rowValue/rowNet/value", value: 200 }]);
    expect(res.status).toBe(200);
    expect(res.json.response.rowValue).toMatchObject({ rowNet: { value: "200.0000" }, rowTax: { value: "40.00" }, taxCalculator: "brightpearl" });
    expect((await api.call("PATCH", `/order-service/order/${id}/row/${first}`, [{ op: "add", path: "/nominalCode", value: "4040" }])).status).toBe(500);
    expect((await api.call("DELETE", `/order-service/order/${id}/row/${second}`)).status).toBe(200);
    const order = (await api.get(`/order-service/order/${id}`)).json.response[0];
    expect(Object.keys(order.orderRows)).toEqual([first]);
    expect(order.totalValue).toMatchObject({ net: "200.00", taxAmount: "40.00" });
    expect((await api.get("/warehouse-service/product-availability/1002")).json.response["1002"].total.allocated).toBe(0);
  });

  it("needs an ID set for sales credits", async () => {
    const { api } = await setup();
    expect((await api.get("/order-service/sales-credit")).status).toBe(400);
  });
});
