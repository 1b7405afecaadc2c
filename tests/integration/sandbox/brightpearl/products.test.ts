import { describe, expect, it } from "vitest";
import { skuFor } from "@/sandbox/shared/catalogue";
import { newAccount, rows, startSandbox } from "./helpers";

const started = await startSandbox();
const control = started.sandbox.control;

describe("Brightpearl sandbox products", () => {
  it("seeds products from the shared catalogue, found by exact SKU", async () => {
    const api = newAccount(started, { products: 10 });
    const res = await api.get(`/product-service/product-search?SKU=${skuFor(7)}`);
    const found = rows(res.json);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ productId: 1007, SKU: "SKU-00007", stockTracked: true, productStatus: "LIVE" });
    // STRING is an exact match: a prefix finds nothing.
    expect(rows((await api.get("/product-service/product-search?SKU=SKU-0000")).json)).toHaveLength(0);
    // The filter name is SKU, upper case: other spellings filter nothing.
    expect((await api.get("/product-service/product-search?sku=SKU-00007")).json.response.metaData.resultsAvailable).toBe(10);
  });

  it("answers the recorded product GET shape", async () => {
    const api = newAccount(started, { products: 2 });
    const p = (await api.get("/product-service/product/1001")).json.response[0];
    expect(p).toMatchObject({
      id: 1001,
      brandId: 1,
      identity: { sku: "SKU-00001" },
      stock: { stockTracked: true, weight: { magnitude: expect.any(Number) } },
      financialDetails: { taxCode: { id: 2, code: "T" } },
      salesChannels: [expect.objectContaining({ salesChannelName: "Brightpearl", productName: expect.any(String) })],
      status: "LIVE",
    });
    expect(p.createdOn).toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
  });

  it("takes ID sets with ranges, at most 200 ids, and needs an ID set", async () => {
    const api = newAccount(started, { products: 6 });
    const res = await api.get("/product-service/product/1001-1003,1005,1099");
    expect(res.json.response.map((p: { id: number }) => p.id)).toEqual([1001, 1002, 1003, 1005]);
    expect((await api.get("/product-service/product/1-201")).status).toBe(413);
    expect((await api.get("/product-service/product/1-200")).status).toBe(404);
    expect((await api.get("/product-service/product")).status).toBe(400);
    expect((await api.get("/product-service/product/5-1")).status).toBe(400);
  });

  it("OPTIONS splits the existing ids into getUris of at most 200", async () => {
    const api = newAccount(started, { products: 250 });
    const res = await api.call("OPTIONS", "/product-service/product");
    expect(res.json).toEqual({ response: { getUris: ["/product/1001-1200", "/product/1201-1250"] } });
    const some = await api.call("OPTIONS", "/product-service/product/1-1003,1249-1300");
    expect(some.json.response.getUris).toEqual(["/product/1001-1003,1249-1250"]);
  });

  it("creates products (brandId required: PRDC-014) and they appear in searches", async () => {
    const api = newAccount(started);
    const noBrand = await api.call("POST", "/product-service/product", { financialDetails: { taxCode: { code: "T" } }, salesChannels: [{ productName: "X" }] });
    expect(noBrand.status).toBe(400);
    expect(noBrand.json.errors[0].code).toBe("PRDC-014");
    const created = await api.call("POST", "/product-service/product", {
      brandId: 1,
      identity: { sku: "NEW-1" },
      financialDetails: { taxCode: { id: 2 } },
      salesChannels: [{ salesChannelName: "Brightpearl", productName: "New thing", categories: [{ categoryCode: "276" }] }],
    });
    expect(created.status).toBe(200);
    expect(rows((await api.get("/product-service/product-search?SKU=NEW-1")).json)[0]).toMatchObject({ productId: created.json.response, productName: "New thing" });
    const updated = await api.call("PUT", `/product-service/product/${created.json.response}`, { salesChannels: [{ productName: "Renamed" }] });
    expect(updated.json.response.salesChannels[0].productName).toBe("Renamed");
  });

  it("answers prices per price list with quantity breaks as strings, and 404 when there are none", async () => {
    const api = newAccount(started, { products: 3 });
    const res = await api.get("/product-service/product-price/1001-1002/price-list/2");
    expect(res.json.response).toEqual([
      { productId: 1001, priceLists: [{ priceListId: 2, currencyCode: "GBP", currencyId: 1, quantityPrice: { "1": expect.stringMatching(/^\d+\.\d{4}$/) } }] },
      { productId: 1002, priceLists: [expect.objectContaining({ priceListId: 2 })] },
    ]);
    const put = await api.call("PUT", "/product-service/product-price/1003/price-list", { priceLists: [{ priceListId: 3, quantityPrice: { "1": 100, "5": 450 } }] });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({});
    expect((await api.get("/product-service/product-price/1003/price-list/3")).json.response[0].priceLists[0].quantityPrice).toEqual({ "1": "100.0000", "5": "450.0000" });
    const none = await api.get("/product-service/product-price/1001/price-list/9");
    expect(none.status).toBe(404);
    expect(none.json.errors[0]).toEqual({ code: "CMNC-404", message: "No Product Prices Found" });
    expect((await api.get("/product-service/product-price/*/price-list/3")).json.response.map((p: { productId: number }) => p.productId)).toEqual([1001, 1002, 1003]);
    expect((await api.call("PUT", "/product-service/product-price/1003/price-list", { priceLists: [{ priceListId: 99, quantityPrice: { "1": 1 } }] })).status).toBe(400);
    expect((await api.call("PUT", "/product-service/product-price/1003/price-list", { priceLists: [{ priceListId: 3, quantityPrice: { "0": 1 } }] })).status).toBe(400);
  });

  it("limits price GETs to 200 products and splits sets with OPTIONS", async () => {
    const api = newAccount(started, { products: 3 });
    expect((await api.get("/product-service/product-price/1-201")).status).toBe(413);
    expect((await api.call("OPTIONS", "/product-service/product-price/1000-1002,1003")).json).toEqual({ response: { getUris: ["/product-price/1001-1003"] } });
  });

  it("answers 414 for URIs too long to serve", async () => {
    const api = newAccount(started, { products: 1 });
    const ids = Array.from({ length: 2000 }, (_, i) => 1001 + i * 2).join(",");
    const res = await api.get(`/warehouse-service/product-availability/${ids}`);
    expect(res.status).toBe(414);
    expect(res.headers.get("brightpearl-requests-remaining")).not.toBeNull();
  });

  it("lists price lists with gross flags", async () => {
    const api = newAccount(started);
    const lists = (await api.get("/product-service/price-list")).json.response;
    expect(lists.find((l: { id: number }) => l.id === 2)).toMatchObject({ code: "RETAIL", currencyCode: "GBP", priceListTypeCode: "SELL", gross: true, name: { text: "Retail" } });
    expect((await api.get("/product-service/price-list/1")).json.response).toHaveLength(1);
  });
});

describe("Brightpearl sandbox availability", () => {
  it("answers onHand = inStock − allocated per warehouse, omitting warehouses without stock", async () => {
    const api = newAccount(started, { products: 3, stock: 20 });
    control.setStock(api.account, { productId: 1002, warehouseId: 3, inStock: 5 });
    const customer = control.createCustomer(api.account);
    await api.call("POST", "/order-service/sales-order", { customer: { id: customer }, rows: [{ productId: 1002, quantity: 3, net: 30, tax: 6, taxCode: "T" }] });
    const res = (await api.get("/warehouse-service/product-availability/1001-1002")).json.response;
    expect(res["1001"]).toEqual({ total: { inStock: 20, onHand: 20, allocated: 0, inTransit: 0 }, warehouses: { "2": { inStock: 20, onHand: 20, allocated: 0, inTransit: 0 } } });
    expect(res["1002"]).toEqual({
      total: { inStock: 25, onHand: 22, allocated: 3, inTransit: 0 },
      warehouses: { "2": { inStock: 20, onHand: 17, allocated: 3, inTransit: 0 }, "3": { inStock: 5, onHand: 5, allocated: 0, inTransit: 0 } },
    });
  });

  it("silently ignores non-stock-tracked products, but one unknown id fails the whole request", async () => {
    const api = newAccount(started, { products: 2 });
    control.seedProducts(api.account, { count: 1, startIndex: 3, stockTracked: false });
    const res = await api.get("/warehouse-service/product-availability/1001-1003");
    expect(Object.keys(res.json.response)).toEqual(["1001", "1002"]);
    const bad = await api.get("/warehouse-service/product-availability/1001,5555");
    expect(bad.status).toBe(400);
  });

  it("a stock change through the control API shows in availability", async () => {
    const api = newAccount(started, { products: 1, stock: 4 });
    const after = control.setStock(api.account, { sku: "SKU-00001", delta: -3 });
    expect(after).toMatchObject({ inStock: 1, onHand: 1 });
    expect((await api.get("/warehouse-service/product-availability/1001")).json.response["1001"].total.onHand).toBe(1);
    control.setStock(api.account, { productId: 1001, inStock: 0 });
    expect((await api.get("/warehouse-service/product-availability/1001")).json.response["1001"]).toEqual({ total: { inStock: 0, onHand: 0, allocated: 0, inTransit: 0 }, warehouses: {} });
  });
});
