// Every response the product relies on, validated against Adobe's 2.4.8 schema (not a copy of it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMagentoResponse } from "@/tests/helpers/magento-openapi";
import { type CallResult, MagentoHarness, sc } from "./harness";

let h: MagentoHarness;

beforeAll(async () => {
  h = await MagentoHarness.start({
    config: {
      websites: [{ code: "base", name: "Main Website", baseCurrency: "USD" }],
      storeViews: [
        { code: "default", name: "Default Store View", website: "base" },
        { code: "fr", name: "French", website: "base", locale: "fr_FR", displayCurrency: "EUR" },
      ],
      sources: [{ code: "default", name: "Default Source" }],
    },
    catalogue: { count: 60, configurables: 3, bundles: 2 },
    orders: { count: 60, seed: 11, outcomes: { complete: 0.2, canceled: 0.1 } },
  });
  // A merchant cancels one unpaid order in the admin.
  const unpaid = h.instance.state.orders.find((o) => o.data.state === "new")!;
  const res = await fetch(`${h.url}/__sandbox/instances/${h.instance.id}/orders/${unpaid.data.entity_id}/actions`, { method: "POST", body: JSON.stringify({ action: "cancel" }) });
  expect(res.status).toBe(200);
});
afterAll(async () => h.close());

function valid(res: CallResult, template: string, method = "get"): CallResult {
  expectMagentoResponse(template, method, res.status, res.body);
  return res;
}

const orders = () => h.instance.state.orders;

describe("orders and order items match the schema", () => {
  it("lists orders with composite lines, guests, registered customers and several currencies", async () => {
    const res = valid(await h.get("/V1/orders", { query: sc({ pageSize: 100 }) }), "/V1/orders");
    expect(res.status).toBe(200);
    const items = res.body.items as any[];
    const types = new Set(items.flatMap((o) => o.items.map((i: any) => i.product_type)));
    expect(types).toEqual(new Set(["simple", "configurable", "bundle"]));
    expect(items.some((o) => o.customer_is_guest === 1 && o.customer_id === undefined)).toBe(true);
    expect(items.some((o) => o.customer_is_guest === 0 && typeof o.customer_id === "number")).toBe(true);
    expect(new Set(items.map((o) => o.order_currency_code)).size).toBeGreaterThan(1);
    expect(items.some((o) => o.base_to_order_rate !== 1)).toBe(true);
  });

  it("reads single orders of every shape", async () => {
    const pick = (p: (o: (typeof orders extends () => infer R ? R : never)[number]) => boolean) => orders().find(p)!;
    const samples = [
      pick((o) => o.items.some((i) => i.data.product_type === "configurable")),
      pick((o) => o.items.some((i) => i.data.product_type === "bundle" && i.childrenCalculated)),
      pick((o) => o.items.some((i) => i.data.product_type === "bundle" && !i.childrenCalculated)),
      pick((o) => o.data.customer_is_guest === 1),
      pick((o) => o.data.order_currency_code !== o.data.base_currency_code),
      pick((o) => o.data.state === "canceled"),
      pick((o) => o.data.state === "closed"),
      pick((o) => o.data.state === "complete"),
    ];
    for (const order of samples) {
      expect(order).toBeDefined();
      const res = valid(await h.get(`/V1/orders/${order.data.entity_id}`), "/V1/orders/{id}");
      expect(res.status).toBe(200);
      expect(res.body.payment).toHaveProperty("cc_last4");
    }
  });

  it("lists and reads order items, children embedding their parent", async () => {
    valid(await h.get("/V1/orders/items", { query: sc({ pageSize: 50 }) }), "/V1/orders/items");
    const child = orders()
      .flatMap((o) => o.items)
      .find((i) => i.data.parent_item_id !== null)!;
    const res = valid(await h.get(`/V1/orders/items/${child.data.item_id}`), "/V1/orders/items/{id}");
    expect(res.body.parent_item.item_id).toBe(child.data.parent_item_id);
  });

  it("answers comments, cancel, ship, invoice and refund with the declared shapes", async () => {
    const pending = orders().find((o) => o.data.state === "new")!;
    const id = pending.data.entity_id;
    valid(await h.post(`/V1/orders/${id}/comments`, { statusHistory: { comment: "Picked", is_customer_notified: 0, is_visible_on_front: 0, parent_id: id, status: "pending" } }), "/V1/orders/{id}/comments", "post");
    valid(await h.get(`/V1/orders/${id}/comments`), "/V1/orders/{id}/comments");
    const invoice = valid(await h.post(`/V1/order/${id}/invoice`, { capture: false }), "/V1/order/{orderId}/invoice", "post");
    expect(Number.isInteger(invoice.body)).toBe(true);
    const ship = valid(await h.post(`/V1/order/${id}/ship`, { tracks: [{ track_number: "1Z1", title: "UPS", carrier_code: "ups" }], arguments: { extension_attributes: { source_code: "default" } } }), "/V1/order/{orderId}/ship", "post");
    expect(Number.isInteger(ship.body)).toBe(true);
    const refund = valid(await h.post(`/V1/order/${id}/refund`, { items: [], arguments: { shipping_amount: 0 } }), "/V1/order/{orderId}/refund", "post");
    expect(Number.isInteger(refund.body)).toBe(true);
    const other = orders().find((o) => o.data.state === "new" && o.data.entity_id !== id)!;
    valid(await h.post(`/V1/orders/${other.data.entity_id}/cancel`, undefined), "/V1/orders/{id}/cancel", "post");
  });
});

describe("sales documents match the schema", () => {
  it("lists and reads shipments, adds tracks", async () => {
    const list = valid(await h.get("/V1/shipments", { query: sc({ pageSize: 20 }) }), "/V1/shipments");
    const shipment = list.body.items[0];
    valid(await h.get(`/V1/shipment/${shipment.entity_id}`), "/V1/shipment/{id}");
    const track = valid(
      await h.post("/V1/shipment/track", { entity: { order_id: shipment.order_id, parent_id: shipment.entity_id, track_number: "TRK-2", title: "DHL", carrier_code: "dhl" } }),
      "/V1/shipment/track",
      "post",
    );
    expect(track.body.track_number).toBe("TRK-2");
  });

  it("lists and reads invoices and credit memos", async () => {
    const invoices = valid(await h.get("/V1/invoices", { query: sc({ pageSize: 20 }) }), "/V1/invoices");
    valid(await h.get(`/V1/invoices/${invoices.body.items[0].entity_id}`), "/V1/invoices/{id}");
    const memos = valid(await h.get("/V1/creditmemos", { query: sc({ groups: [[{ field: "created_at", value: "2000-01-01", condition: "gteq" }]] }) }), "/V1/creditmemos");
    expect(memos.body.total_count).toBeGreaterThan(0);
    valid(await h.get(`/V1/creditmemo/${memos.body.items[0].entity_id}`), "/V1/creditmemo/{id}");
  });
});

describe("catalogue and stock match the schema", () => {
  it("reads, searches, creates and updates products", async () => {
    valid(await h.get("/V1/products/SKU-00001"), "/V1/products/{sku}");
    valid(await h.get("/V1/products/CONF-0001"), "/V1/products/{sku}");
    valid(await h.get("/V1/products/BUNDLE-0002"), "/V1/products/{sku}");
    valid(await h.get("/V1/products", { query: sc({ groups: [[{ field: "sku", value: "SKU-00001,SKU-00002,CONF-0001", condition: "in" }]] }) }), "/V1/products");
    valid(await h.get("/V1/configurable-products/CONF-0001/children"), "/V1/configurable-products/{sku}/children");
    const created = valid(
      await h.post("/V1/products", { product: { sku: "NEW-1", name: "New", price: 9.5, attribute_set_id: 4, type_id: "simple", extension_attributes: { stock_item: { qty: 4, is_in_stock: true } } } }),
      "/V1/products",
      "post",
    );
    expect(created.body.sku).toBe("NEW-1");
    valid(await h.put("/V1/products/NEW-1", { product: { price: 11 } }, { store: "all" }), "/V1/products/{sku}", "put");
  });

  it("reads and writes legacy stock items", async () => {
    const item = valid(await h.get("/V1/stockItems/SKU-00001"), "/V1/stockItems/{productSku}");
    valid(await h.put(`/V1/products/SKU-00001/stockItems/${item.body.item_id}`, { stockItem: { qty: 7, is_in_stock: true } }), "/V1/products/{productSku}/stockItems/{itemId}", "put");
  });

  it("reads sources and stocks, searches and saves source items", async () => {
    valid(await h.get("/V1/inventory/sources", { query: sc({}) }), "/V1/inventory/sources");
    valid(await h.get("/V1/inventory/sources/default"), "/V1/inventory/sources/{sourceCode}");
    valid(await h.get("/V1/inventory/stocks", { query: sc({}) }), "/V1/inventory/stocks");
    valid(await h.get("/V1/inventory/stock-resolver/website/base"), "/V1/inventory/stock-resolver/{type}/{code}");
    valid(await h.get("/V1/inventory/get-product-salable-quantity/SKU-00002/1"), "/V1/inventory/get-product-salable-quantity/{sku}/{stockId}");
    valid(await h.get("/V1/inventory/source-items", { query: sc({ groups: [[{ field: "sku", value: "SKU-00002" }]] }) }), "/V1/inventory/source-items");
    valid(await h.post("/V1/inventory/source-items", { sourceItems: [{ sku: "SKU-00002", source_code: "default", quantity: 3, status: 1 }] }), "/V1/inventory/source-items", "post");
  });

  it("answers price storage calls, row failures included", async () => {
    const update = valid(
      await h.post("/V1/products/base-prices", { prices: [{ sku: "SKU-00003", price: 10, store_id: 0 }, { sku: "NOPE", price: -1, store_id: 9 }] }),
      "/V1/products/base-prices",
      "post",
    );
    expect(update.body.length).toBe(3);
    valid(await h.post("/V1/products/base-prices-information", { skus: ["SKU-00003"] }), "/V1/products/base-prices-information", "post");
    valid(
      await h.post("/V1/products/special-price", { prices: [{ sku: "SKU-00003", price: 8, store_id: 0, price_from: "2025-01-01 00:00:00", price_to: "2025-02-01 00:00:00" }, { sku: "NOPE", price: 1, store_id: 0, price_from: "x", price_to: "" }] }),
      "/V1/products/special-price",
      "post",
    );
    valid(await h.post("/V1/products/special-price-information", { skus: ["SKU-00003"] }), "/V1/products/special-price-information", "post");
  });
});

describe("stores, customers and errors match the schema", () => {
  it("describes store views, groups, websites and configs", async () => {
    valid(await h.get("/V1/store/storeViews"), "/V1/store/storeViews");
    valid(await h.get("/V1/store/storeGroups"), "/V1/store/storeGroups");
    valid(await h.get("/V1/store/websites"), "/V1/store/websites");
    const configs = valid(await h.get("/V1/store/storeConfigs"), "/V1/store/storeConfigs");
    expect(configs.body.map((c: any) => c.code)).toEqual(["default", "fr"]);
  });

  it("searches and reads customers", async () => {
    const res = valid(await h.get("/V1/customers/search", { query: sc({ pageSize: 5 }) }), "/V1/customers/search");
    valid(await h.get(`/V1/customers/${res.body.items[0].id}`), "/V1/customers/{customerId}");
  });

  it("renders errors as error-response", async () => {
    const cases: [CallResult, string, string][] = [
      [await h.get("/V1/orders/999999"), "/V1/orders/{id}", "get"],
      [await h.get("/V1/orders"), "/V1/orders", "get"],
      [await h.get("/V1/products/NOPE"), "/V1/products/{sku}", "get"],
      [await h.get("/V1/store/storeViews", { authorization: null }), "/V1/store/storeViews", "get"],
      [await h.get("/V1/store/storeViews", { signatureMethod: "HMAC-SHA1" }), "/V1/store/storeViews", "get"],
      [await h.post("/V1/order/999999/ship", {}), "/V1/order/{orderId}/ship", "post"],
      [await h.post("/V1/inventory/source-items", { sourceItems: [{ quantity: 1 }] }), "/V1/inventory/source-items", "post"],
    ];
    for (const [res, template, method] of cases) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      valid(res, template, method);
    }
  });
});
