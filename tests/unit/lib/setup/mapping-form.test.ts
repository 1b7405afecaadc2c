import { describe, expect, it } from "vitest";
import { parseMappingRow } from "@/lib/setup/mapping-form";
import { mappingSections } from "@/lib/setup/mapping-view";
import { brightpearl, magento, mappingSet } from "./fixtures";

function form(values: Record<string, string | string[]>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
}

const b = brightpearl();

describe("parseMappingRow", () => {
  it("reads each kind's choice into its target", () => {
    expect(parseMappingRow(form({ kind: "store-view", sourceKey: "default", channelId: "2", priceListId: "3", warehouseId: "" }), b)).toEqual({
      ok: true,
      row: { kind: "store-view", sourceKey: "default", target: { channelId: 2, priceListId: 3 } },
    });
    expect(parseMappingRow(form({ kind: "source-warehouses", sourceKey: "east", warehouseIds: ["3", "2", "3"] }), b)).toMatchObject({ ok: true, row: { target: { warehouseIds: [3, 2] } } });
    expect(parseMappingRow(form({ kind: "order-status-in", sourceKey: "canceled", statusId: "skip" }), b)).toMatchObject({ ok: true, row: { target: { skip: true } } });
    expect(parseMappingRow(form({ kind: "order-status-out", sourceKey: "5", status: "canceled" }), b)).toMatchObject({ ok: true, row: { target: { status: "canceled" } } });
    expect(parseMappingRow(form({ kind: "payment-method", sourceKey: "*", paymentMethodCode: "CASH", nominalCode: "1200" }), b)).toMatchObject({
      ok: true,
      row: { target: { paymentMethodCode: "CASH", nominalCode: "1200" } },
    });
    expect(parseMappingRow(form({ kind: "tax-rate", sourceKey: "20", taxCode: "T" }), b)).toMatchObject({ ok: true, row: { target: { taxCode: "T" } } });
  });

  it("names the field to fix when nothing is chosen", () => {
    expect(parseMappingRow(form({ kind: "store-view", sourceKey: "default", channelId: "", priceListId: "2" }), b)).toEqual({ ok: false, field: "channelId", error: "Choose a channel" });
    expect(parseMappingRow(form({ kind: "source-warehouses", sourceKey: "default" }), b)).toEqual({ ok: false, field: "warehouseIds", error: "Choose at least one warehouse" });
  });

  it("refuses a choice Brightpearl no longer has, and an unknown kind", () => {
    expect(parseMappingRow(form({ kind: "shipping-method", sourceKey: "*", shippingMethodId: "99" }), b)).toMatchObject({ ok: false, field: "shippingMethodId", error: expect.stringMatching(/no such shipping method/) });
    expect(parseMappingRow(form({ kind: "tax-rate", sourceKey: "20", taxCode: "NOPE" }), b)).toMatchObject({ ok: false, field: "taxCode" });
    expect(parseMappingRow(form({ kind: "warehouse-bins", sourceKey: "x" }), b)).toMatchObject({ ok: false, field: "kind" });
  });

  it("accepts shipping patterns with a *, and only for shipping methods", () => {
    expect(parseMappingRow(form({ kind: "shipping-method", pattern: "1", sourceKey: "tablerate_*", shippingMethodId: "2" }), b)).toMatchObject({ ok: true, row: { sourceKey: "tablerate_*" } });
    expect(parseMappingRow(form({ kind: "shipping-method", pattern: "1", sourceKey: "tablerate", shippingMethodId: "2" }), b)).toMatchObject({ ok: false, field: "sourceKey" });
    expect(parseMappingRow(form({ kind: "shipping-method", pattern: "1", sourceKey: "table rate*", shippingMethodId: "2" }), b)).toMatchObject({ ok: false, field: "sourceKey" });
    expect(parseMappingRow(form({ kind: "payment-method", pattern: "1", sourceKey: "paypal_*", paymentMethodCode: "PAYPAL" }), b)).toMatchObject({ ok: false, field: "sourceKey" });
  });
});

describe("mappingSections", () => {
  it("lists every discovered value and every stored key, marks suggestions, and says what covers an unmapped value", () => {
    const set = mappingSet({
      "shipping-method": [["tablerate_*", { shippingMethodId: 2 }], ["*", { shippingMethodId: 1 }, true]],
      "store-view": [["retired", { channelId: 99, priceListId: 2 }]],
    });
    const sections = Object.fromEntries(mappingSections(magento(), b, set).map((s) => [s.kind, s]));
    const shipping = sections["shipping-method"]!.rows;
    expect(shipping.map((r) => r.sourceKey)).toEqual(["flatrate_flatrate", "tablerate_bestway", "tablerate_*", "*"]);
    expect(shipping[0]).toMatchObject({ mapped: false, coveredBy: "the default" });
    expect(shipping[1]).toMatchObject({ mapped: false, coveredBy: "pattern tablerate_*" });
    expect(shipping[3]).toMatchObject({ mapped: true, suggested: true });
    expect(sections["shipping-method"]!.patterns).toBe(true);

    const views = sections["store-view"]!.rows;
    expect(views.map((r) => r.sourceKey)).toEqual(["default", "retired"]);
    // a stored channel Brightpearl no longer lists stays visible as such
    expect(views[1]!.fields[0]!.options.at(-1)).toEqual({ value: "99", label: "99 (no longer in Brightpearl)" });
    expect(sections["tax-rate"]!.rows.map((r) => [r.sourceKey, r.detail])).toEqual([
      ["8.375", "US-NY-*-Rate 1"],
      ["20", "GB VAT, FR TVA"],
      ["0", "No tax"],
      ["*", "the default"],
    ]);
  });
});
