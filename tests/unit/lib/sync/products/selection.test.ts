import { describe, expect, it } from "vitest";
import { selected } from "@/lib/sync/products/create-missing";
import { productOptionsInput } from "@/lib/sync/products/options";

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
  });

  it("a custom-field selection must name the field", () => {
    const parsed = productOptionsInput.safeParse({ selection: "custom-field", customField: " " });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["customField"]);
  });
});
