// Tax rates and tax classes: Magento's shapes, its ACL resource, searchCriteria, and rates that
// agree with the taxes the order generator applies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMagentoResponse } from "@/tests/helpers/magento-openapi";
import { MagentoHarness, sc } from "./harness";

let h: MagentoHarness;

beforeAll(async () => {
  h = await MagentoHarness.start({ catalogue: { count: 20 }, orders: { count: 80, seed: 5, currencies: ["USD", "EUR", "GBP"] } });
});
afterAll(async () => h.close());

describe("GET /V1/taxRates/search", () => {
  it("lists the store's rates in Magento's shape", async () => {
    const res = await h.get("/V1/taxRates/search", { query: sc({}) });
    expect(res.status).toBe(200);
    expectMagentoResponse("/V1/taxRates/search", "get", 200, res.body);
    const byCode = Object.fromEntries((res.body.items as { code: string; rate: number }[]).map((r) => [r.code, r.rate]));
    expect(byCode).toMatchObject({ "US-NY-*-Rate 1": 8.375, "US-CA-*-Rate 1": 8.25, "GB VAT": 20, "DE MwSt": 19, "FR TVA": 20 });
    expect(res.body.total_count).toBe(res.body.items.length);
  });

  it("has a rate for every tax applied to a generated order, at the same percentage", async () => {
    const rates = new Map(((await h.get("/V1/taxRates/search", { query: sc({}) })).body.items as { code: string; rate: number }[]).map((r) => [r.code, r.rate]));
    const applied = h.instance.state.orders.flatMap((o) => o.appliedTaxes);
    expect(applied.length).toBeGreaterThan(0);
    for (const tax of applied) expect(rates.get(tax.code), tax.code).toBe(tax.percent);
  });

  it("filters, sorts and pages like other searches", async () => {
    const gb = await h.get("/V1/taxRates/search", { query: sc({ groups: [[{ field: "tax_country_id", value: "GB" }]] }) });
    expect(gb.body.items.map((r: { code: string }) => r.code)).toEqual(["GB VAT"]);
    const twenty = await h.get("/V1/taxRates/search", { query: sc({ groups: [[{ field: "rate", value: "20" }]], sort: [{ field: "code", direction: "DESC" }] }) });
    expect(twenty.body.items.map((r: { code: string }) => r.code)).toEqual(["GB VAT", "FR TVA"]);
    const page = await h.get("/V1/taxRates/search", { query: sc({ pageSize: 2, currentPage: 2, sort: [{ field: "tax_calculation_rate_id", direction: "ASC" }] }) });
    expect(page.body.items.map((r: { id: number }) => r.id)).toEqual([3, 4]);
    expect(page.body.total_count).toBe(5);
  });

  it("answers a filter on a field the table does not have with a masked error", async () => {
    const res = await h.get("/V1/taxRates/search", { query: sc({ groups: [[{ field: "id", value: "1" }]] }) });
    expect(res.status).toBe(500);
    expect(res.body.message).toMatch(/^Internal Error/);
  });

  it("needs searchCriteria", async () => {
    const res = await h.get("/V1/taxRates/search");
    expect(res.status).toBe(400);
    expectMagentoResponse("/V1/taxRates/search", "get", 400, res.body);
  });
});

describe("GET /V1/taxClasses/search", () => {
  it("lists Magento's default classes, the product class being the one products use", async () => {
    const res = await h.get("/V1/taxClasses/search", { query: sc({}) });
    expect(res.status).toBe(200);
    expectMagentoResponse("/V1/taxClasses/search", "get", 200, res.body);
    expect(res.body.items).toEqual([
      { class_id: 2, class_name: "Taxable Goods", class_type: "PRODUCT" },
      { class_id: 3, class_name: "Retail Customer", class_type: "CUSTOMER" },
    ]);
    const product = await h.get("/V1/products", { query: sc({ pageSize: 1 }) });
    const taxClass = product.body.items[0].custom_attributes.find((a: { attribute_code: string }) => a.attribute_code === "tax_class_id").value;
    expect(Number(taxClass)).toBe(2);
    const customer = await h.get("/V1/taxClasses/search", { query: sc({ groups: [[{ field: "class_type", value: "CUSTOMER" }]] }) });
    expect(customer.body.items.map((c: { class_id: number }) => c.class_id)).toEqual([3]);
  });
});

describe("access", () => {
  it("needs Magento_Tax::manage_tax", async () => {
    const store = await MagentoHarness.start({ integrations: [{ name: "no tax", resources: ["Magento_Sales::actions_view"] }] });
    try {
      for (const path of ["/V1/taxRates/search", "/V1/taxClasses/search"]) {
        const res = await store.get(path, { query: sc({}) });
        expect(res.status, path).toBe(401);
        expect(res.body).toEqual({ message: "The consumer isn't authorized to access %resources.", parameters: { resources: "Magento_Tax::manage_tax" } });
      }
      const granted = await MagentoHarness.start({ integrations: [{ name: "tax", resources: ["Magento_Tax::manage_tax"] }] });
      try {
        expect((await granted.get("/V1/taxRates/search", { query: sc({}) })).status).toBe(200);
      } finally {
        await granted.close();
      }
    } finally {
      await store.close();
    }
  });
});
