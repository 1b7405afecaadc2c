import { describe, expect, it } from "vitest";
import { OPTION_FIELDS, parseGoLive, parseOptionsForm } from "@/lib/setup/options-form";
import { settingsOptions } from "@/lib/tenants/settings";

const defaults = settingsOptions.parse({});

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
}

/** The form as the page renders it with the defaults, unchanged. */
const defaultForm = () =>
  Object.fromEntries(
    OPTION_FIELDS.flatMap((f) => {
      const v = defaults[f.name];
      if (f.kind === "checkbox") return v ? [[f.name, "on"]] : [];
      return [[f.name, v === undefined ? "" : String(v)]];
    }),
  ) as Record<string, string>;

describe("settings options form", () => {
  it("has a field with an explanation for every option", () => {
    expect(OPTION_FIELDS.map((f) => f.name).sort()).toEqual(Object.keys(settingsOptions.shape).sort());
    for (const f of OPTION_FIELDS) expect(f.help.length, f.name).toBeGreaterThan(10);
  });

  it("reads the defaults back unchanged, unticked boxes as false", () => {
    expect(parseOptionsForm(form(defaultForm()))).toEqual({ ok: true, options: defaults });
    const { restockRefunds: _, ...unticked } = defaultForm();
    expect(parseOptionsForm(form(unticked))).toMatchObject({ ok: true, options: { restockRefunds: false } });
  });

  it("gives one message per field", () => {
    const result = parseOptionsForm(form({ ...defaultForm(), guestOrders: "single-guest-contact", guestContactId: "", salesNominalCode: "sales", bundles: "whatever" }));
    expect(result).toEqual({
      ok: false,
      errors: { guestContactId: "Enter the contact guest orders go to", salesNominalCode: "Enter a nominal code such as 4000", bundles: "Choose how bundles are sent" },
    });
  });

  it("reads the products custom field as text, and asks for it when products are chosen by custom field", () => {
    expect(OPTION_FIELDS.find((f) => f.name === "productsCustomField")?.kind).toBe("text");
    expect(parseOptionsForm(form({ ...defaultForm(), productsSelection: "custom-field", productsCustomField: " PCF_MAGENTO " }))).toMatchObject({
      ok: true,
      options: { productsSelection: "custom-field", productsCustomField: "PCF_MAGENTO" },
    });
    expect(parseOptionsForm(form({ ...defaultForm(), productsSelection: "custom-field", productsCustomField: "" }))).toEqual({
      ok: false,
      errors: { productsCustomField: "Name the Brightpearl custom field that marks products for Magento" },
    });
    expect(parseOptionsForm(form({ ...defaultForm(), productsCustomField: "PCF MAGENTO!" }))).toMatchObject({ ok: false, errors: { productsCustomField: expect.stringContaining("as Brightpearl shows it") } });
  });

  it("refuses a nominal code Brightpearl does not have", () => {
    expect(parseOptionsForm(form({ ...defaultForm(), shippingNominalCode: "4041" }), ["4000", "4040"])).toEqual({ ok: false, errors: { shippingNominalCode: "Brightpearl has no nominal code 4041" } });
  });
});

describe("parseGoLive", () => {
  it("reads a datetime-local value as UTC and refuses dates that do not exist", () => {
    expect(parseGoLive("2026-03-01T09:30")?.toISOString()).toBe("2026-03-01T09:30:00.000Z");
    expect(parseGoLive("2026-02-31T09:30")).toBeUndefined();
    expect(parseGoLive("tomorrow")).toBeUndefined();
  });
});
