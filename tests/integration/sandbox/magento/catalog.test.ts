import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MagentoHarness, sc } from "./harness";

let h: MagentoHarness;

beforeAll(async () => {
  h = await MagentoHarness.start({
    config: {
      storeViews: [
        { code: "default", name: "Default Store View", website: "base" },
        { code: "fr", name: "French", website: "base" },
      ],
      sources: [
        { code: "default", name: "Default Source" },
        { code: "east", name: "East", priority: 1 },
      ],
    },
    catalogue: { count: 40, configurables: 1, bundles: 2 },
  });
});
afterAll(async () => h.close());

describe("products", () => {
  it("reads a product by SKU, case-insensitively, and answers 404 with Magento's body", async () => {
    const res = await h.get("/V1/products/sku-00001");
    expect(res.status).toBe(200);
    expect(res.body.sku).toBe("SKU-00001");
    expect(res.body.extension_attributes.stock_item.product_id).toBe(res.body.id);
    const missing = await h.get("/V1/products/NOPE-1");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: "The product that was requested doesn't exist. Verify the product and try again." });
  });

  it("leaves out the shared SKUs the store does not sell and adds its own", async () => {
    expect((await h.get("/V1/products/SKU-00040")).status).toBe(404);
    expect((await h.get("/V1/products/MAG-ONLY-0001")).status).toBe(200);
  });

  it("saves scoped attributes sent without a store code as default-store-view overrides", async () => {
    const original = (await h.get("/V1/products/SKU-00002", { store: "all" })).body.name;
    const res = await h.put("/V1/products/SKU-00002", { product: { name: "Renamed in store view", price: 77 } });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("Renamed in store view");
    expect((await h.get("/V1/products/SKU-00002", { store: "all" })).body.name).toBe(original);
    expect((await h.get("/V1/products/SKU-00002", { store: "default" })).body.name).toBe("Renamed in store view");
    expect((await h.get("/V1/products/SKU-00002", { store: "fr" })).body.name).toBe(original);
    // Price is a global attribute in a default install.
    expect((await h.get("/V1/products/SKU-00002", { store: "all" })).body.price).toBe(77);

    await h.put("/V1/products/SKU-00003", { product: { name: "Global name" } }, { store: "all" });
    expect((await h.get("/V1/products/SKU-00003", { store: "fr" })).body.name).toBe("Global name");
    expect((await h.get("/V1/products/SKU-00003", { query: { storeId: 0 }, store: "fr" })).body.name).toBe("Global name");
  });

  it("lets the path SKU override the body's, but only when the body is one object", async () => {
    await h.put("/V1/products/SKU-00004", { product: { sku: "SKU-00005", name: "Path wins" } }, { store: "all" });
    expect((await h.get("/V1/products/SKU-00004", { store: "all" })).body.name).toBe("Path wins");
    expect((await h.get("/V1/products/SKU-00005", { store: "all" })).body.name).not.toBe("Path wins");

    await h.put("/V1/products/SKU-00004", { product: { sku: "SKU-00005", name: "Body wins" }, saveOptions: true }, { store: "all" });
    expect((await h.get("/V1/products/SKU-00005", { store: "all" })).body.name).toBe("Body wins");
  });

  it("creates with POST, treats an existing SKU as an update, and requires a name for new products", async () => {
    const created = await h.post("/V1/products", { product: { sku: "NEW-0001", name: "New thing", price: 12, type_id: "simple", attribute_set_id: 4, extension_attributes: { stock_item: { qty: 5, is_in_stock: true } } } });
    expect(created.status).toBe(200);
    expect(created.body.extension_attributes.stock_item.qty).toBe(5);
    const updated = await h.post("/V1/products", { product: { sku: "NEW-0001", price: 13 } }, { store: "all" });
    expect(updated.body.price).toBe(13);
    const noName = await h.post("/V1/products", { product: { sku: "NEW-0002", price: 1 } });
    expect(noName.status).toBe(400);
    expect(noName.body).toEqual({ message: 'The "%1" attribute value is empty. Set the attribute and try again.', parameters: ["Product Name"] });
  });

  it("refuses a property the product interface does not have", async () => {
    const res = await h.put("/V1/products/SKU-00006", { product: { qty: 3 } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Property "Qty" does not have accessor method "getQty" in class "Magento\\Catalog\\Api\\Data\\ProductInterface".');
  });

  it("searches by SKU list, name pattern and type, with paging", async () => {
    const bySku = await h.get("/V1/products", { query: sc({ groups: [[{ field: "sku", value: "SKU-00007,SKU-00008,NOPE", condition: "in" }]] }) });
    expect(bySku.body.items.map((p: any) => p.sku).sort()).toEqual(["SKU-00007", "SKU-00008"]);
    const composite = await h.get("/V1/products", { query: sc({ groups: [[{ field: "type_id", value: "configurable" }, { field: "type_id", value: "bundle" }]] }) });
    expect(composite.body.total_count).toBe(3);
    const page = await h.get("/V1/products", { query: sc({ groups: [[{ field: "sku", value: "SKU-%", condition: "like" }]], pageSize: 10, currentPage: 2, sort: [{ field: "sku" }] }) });
    expect(page.body.items[0].sku).toBe("SKU-00011");
    const bad = await h.get("/V1/products", { query: sc({ groups: [[{ field: "colour_of_sky", value: "x" }]] }) });
    expect(bad.status).toBe(400);
  });

  it("describes configurable and bundle products", async () => {
    const conf = (await h.get("/V1/products/CONF-0001")).body;
    expect(conf.type_id).toBe("configurable");
    expect(conf.extension_attributes.configurable_product_links.length).toBeGreaterThan(1);
    const children = (await h.get("/V1/configurable-products/CONF-0001/children")).body;
    expect(children.map((c: any) => c.id)).toEqual(conf.extension_attributes.configurable_product_links);
    const bundle = (await h.get("/V1/products/BUNDLE-0002")).body;
    expect(bundle.extension_attributes.bundle_product_options[0].product_links[0].sku).toMatch(/^SKU-/);
    expect(bundle.custom_attributes).toContainEqual({ attribute_code: "price_type", value: "0" });
  });
});

describe("legacy stock items", () => {
  it("reads and writes the default source through stockItems, ignoring the path's item id", async () => {
    const item = (await h.get("/V1/stockItems/SKU-00009")).body;
    const res = await h.put("/V1/products/SKU-00009/stockItems/12345", { stockItem: { qty: 33, is_in_stock: true } });
    expect(res.status).toBe(200);
    expect(res.body).toBe(item.item_id);
    const after = (await h.get("/V1/stockItems/SKU-00009")).body;
    expect(after).toMatchObject({ qty: 33, is_in_stock: true, item_id: item.item_id });
    const source = await h.get("/V1/inventory/source-items", { query: sc({ groups: [[{ field: "sku", value: "SKU-00009" }], [{ field: "source_code", value: "default" }]] }) });
    expect(source.body.items[0]).toEqual({ sku: "SKU-00009", source_code: "default", quantity: 33, status: 1 });
  });

  it("drops an item to out of stock at zero", async () => {
    await h.put("/V1/products/SKU-00010/stockItems/1", { stockItem: { qty: 0, is_in_stock: true } });
    expect((await h.get("/V1/stockItems/SKU-00010")).body.is_in_stock).toBe(false);
    expect((await h.get("/V1/stockItems/NOPE")).status).toBe(404);
  });
});

describe("MSI source items", () => {
  it("creates a source assignment on POST and answers []", async () => {
    const res = await h.post("/V1/inventory/source-items", { sourceItems: [{ sku: "SKU-00011", source_code: "east", quantity: 12.5, status: 1 }] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    const list = await h.get("/V1/inventory/source-items", { query: sc({ groups: [[{ field: "sku", value: "SKU-00011" }]] }) });
    expect(list.body.items.map((i: any) => i.source_code).sort()).toEqual(["default", "east"]);
    const salable = (await h.get("/V1/inventory/get-product-salable-quantity/SKU-00011/1")).body;
    expect(salable).toBe(list.body.items.reduce((s: number, i: any) => s + (i.status === 1 ? i.quantity : 0), 0));
  });

  it("validates source items", async () => {
    const empty = await h.post("/V1/inventory/source-items", { sourceItems: [] });
    expect(empty.body).toEqual({ message: "Input data is empty" });
    const invalid = await h.post("/V1/inventory/source-items", { sourceItems: [{ source_code: "east", quantity: 1, status: 1 }] });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ message: "Validation Failed", errors: [{ message: '"%field" can not be empty.', parameters: { field: "sku" } }] });
    expect((await h.post("/V1/inventory/source-items", { sourceItems: [{ sku: "SKU-00011", source_code: "west", quantity: 1, status: 1 }] })).status).toBe(400);
    const missing = await h.post("/V1/inventory/source-items", {});
    expect(missing.body).toEqual({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: "sourceItems" } });
  });

  it("lists sources and the default stock", async () => {
    const sources = await h.get("/V1/inventory/sources", { query: sc({}) });
    expect(sources.body.items.map((s: any) => s.source_code)).toEqual(["default", "east"]);
    const stock = await h.get("/V1/inventory/stock-resolver/website/base");
    expect(stock.body.stock_id).toBe(1);
  });
});

describe("price storage", () => {
  it("saves valid rows and reports the others inside a 200", async () => {
    const before = (await h.get("/V1/products/SKU-00012")).body.updated_at;
    h.instance.state.clockOffsetMs += 5_000;
    const res = await h.post("/V1/products/base-prices", {
      prices: [
        { sku: "SKU-00012", price: 19.99, store_id: 0 },
        { sku: "NOPE", price: 5, store_id: 0 },
        { sku: "SKU-00013", price: -1, store_id: 0 },
        { sku: "SKU-00014", price: 5, store_id: 42 },
        { sku: "CONF-0001", price: 5, store_id: 0 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { message: "Invalid attribute %fieldName = %fieldValue.", parameters: ["SKU", "NOPE"] },
      { message: "Invalid attribute %fieldName = %fieldValue.", parameters: ["Price", "-1"] },
      { message: "Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.", parameters: ["SKU-00014", "42"] },
      { message: "Invalid attribute %fieldName = %fieldValue.", parameters: ["SKU", "CONF-0001"] },
    ]);
    const after = (await h.get("/V1/products/SKU-00012")).body;
    expect(after.price).toBe(19.99);
    expect(after.updated_at > before).toBe(true);
    const info = await h.post("/V1/products/base-prices-information", { skus: ["SKU-00012", "NOPE"] });
    expect(info.body).toEqual([{ price: 19.99, store_id: 0, sku: "SKU-00012" }]);
  });

  it("answers [] when every row is valid, and applies input limits when enabled", async () => {
    expect((await h.post("/V1/products/base-prices", { prices: [{ sku: "SKU-00015", price: 1, store_id: 0 }] })).body).toEqual([]);
    h.instance.updateConfig({ inputLimits: true });
    try {
      const rows = Array.from({ length: 21 }, (_, i) => ({ sku: `SKU-000${20 + i}`, price: 1, store_id: 0 }));
      const res = await h.post("/V1/products/base-prices", { prices: rows });
      expect(res.status).toBe(400);
      const page = await h.get("/V1/products", { query: sc({ pageSize: 301 }) });
      expect(page.body).toEqual({ message: "Maximum SearchCriteria pageSize is %max", parameters: { max: "300" } });
    } finally {
      h.instance.updateConfig({ inputLimits: false });
    }
  });

  it("stores special prices with their dates and reports rendered row errors", async () => {
    const res = await h.post("/V1/products/special-price", {
      prices: [
        { sku: "SKU-00016", price: 4.5, store_id: 0, price_from: "2025-01-01 00:00:00", price_to: "2025-02-01 00:00:00" },
        { sku: "SKU-00017", price: 4.5, store_id: 0, price_from: "2025-01-01" },
      ],
    });
    expect(res.body).toHaveLength(1);
    expect(res.body[0].message).toContain("Row ID: SKU = SKU-00017");
    const info = await h.post("/V1/products/special-price-information", { skus: ["SKU-00016"] });
    expect(info.body).toEqual([{ price: 4.5, store_id: 0, sku: "SKU-00016", price_from: "2025-01-01 00:00:00", price_to: "2025-02-01 00:00:00" }]);
  });
});
