import { describe, expect, it } from "vitest";
import { selected } from "@/lib/sync/products/create-missing";
import { productOptions } from "@/lib/sync/products/options";
import { settingsOptions } from "@/lib/tenants/settings";

const product = (customFields?: Record<string, unknown>) => ({ id: 1, customFields });

describe("which Brightpearl products are created in Magento", () => {
  it("all of them, or only those whose chosen custom field is set", () => {
    const all = { selection: "all" as const, overwriteContent: false };
    const marked = { selection: "custom-field" as const, customField: "PCF_WEB", overwriteContent: false };
    expect(selected(product(), all)).toBe(true);
    expect(selected(product({ PCF_WEB: true }), marked)).toBe(true);
    expect(selected(product({ PCF_WEB: "Yes" }), marked)).toBe(true);
    for (const value of [undefined, null, false, "", "no", "FALSE", "0"]) expect(selected(product({ PCF_WEB: value }), marked)).toBe(false);
    expect(selected(product({ OTHER: true }), marked)).toBe(false);
    expect(selected(product({ PCF_WEB: true }), { ...marked, customField: "pcf_web" })).toBe(true);
    // a dropdown field: its chosen option's text decides
    expect(selected(product({ PCF_WEB: { id: 6, value: "Yes" } }), marked)).toBe(true);
    for (const value of ["No", "", null]) expect(selected(product({ PCF_WEB: { id: 7, value } }), marked)).toBe(false);
  });

  it("a custom-field selection without a field named creates nothing, rather than everything", () => {
    const options = productOptions(settingsOptions.parse({ productsSelection: "custom-field", productsCustomField: " " }));
    expect(options).toEqual({ selection: "custom-field", customField: undefined, overwriteContent: false });
    expect(selected(product({ PCF_WEB: true }), options)).toBe(false);
  });

  it("come from the tenant's settings, all products and no overwriting by default", () => {
    expect(productOptions(settingsOptions.parse({}))).toEqual({ selection: "all", customField: undefined, overwriteContent: false });
    expect(productOptions(settingsOptions.parse({ productsSelection: "custom-field", productsCustomField: "PCF_WEB", productsOverwriteContent: true }))).toEqual({
      selection: "custom-field",
      customField: "PCF_WEB",
      overwriteContent: true,
    });
  });
});
