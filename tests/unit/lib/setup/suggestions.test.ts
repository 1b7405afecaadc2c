import { describe, expect, it } from "vitest";
import {
  normalize,
  suggestMappings,
  suggestOrderStatusesIn,
  suggestOrderStatusesOut,
  suggestPaymentMethods,
  suggestShippingMethods,
  suggestSources,
  suggestStoreViews,
  suggestTaxRates,
  unmappedSuggestions,
  type Suggestion,
} from "@/lib/setup/suggestions";
import { brightpearl, magento, mappingSet } from "./fixtures";

const byKey = (suggestions: Suggestion[]) => Object.fromEntries(suggestions.map((s) => [s.sourceKey, s.target]));

describe("normalize", () => {
  it("ignores case, accents, spaces and punctuation", () => {
    expect(normalize("PayPal Express")).toBe(normalize("paypal_express"));
    expect(normalize("Café-Store 1")).toBe("cafestore1");
    expect(normalize("Main Warehouse")).not.toBe(normalize("Main Warehouses"));
  });
});

describe("store view → channel and price list", () => {
  it("takes the channel with the store view's name", () => {
    const m = magento({ storeViews: [{ id: 2, code: "french", name: "French", websiteId: 1, active: true, baseCurrency: "EUR" }] });
    const b = brightpearl({ channels: [...brightpearl().channels, { id: 9, name: "french", defaultPriceListId: 3 }] });
    expect(byKey(suggestStoreViews(m, b))).toEqual({ french: { channelId: 9, priceListId: 3 } });
  });

  it("matches the store view's code too", () => {
    const m = magento({ storeViews: [{ id: 2, code: "wholesale_uk", name: "Trade customers", websiteId: 1, active: true }] });
    const b = brightpearl({ channels: [...brightpearl().channels, { id: 8, name: "Wholesale UK", defaultPriceListId: 3 }] });
    expect(byKey(suggestStoreViews(m, b)).wholesale_uk).toEqual({ channelId: 8, priceListId: 3 });
  });

  it("else takes the channel whose name mentions Magento, with its default price list", () => {
    expect(byKey(suggestStoreViews(magento(), brightpearl()))).toEqual({ default: { channelId: 2, priceListId: 2 } });
  });

  it("else the first channel", () => {
    const b = brightpearl({ channels: [{ id: 5, name: "Web", defaultPriceListId: 3 }, { id: 6, name: "Shop", defaultPriceListId: 2 }] });
    expect(byKey(suggestStoreViews(magento(), b)).default).toEqual({ channelId: 5, priceListId: 3 });
  });

  it("without a channel default, takes a selling price list in the store's currency", () => {
    const b = brightpearl({ channels: [{ id: 2, name: "Magento Store" }] });
    expect(byKey(suggestStoreViews(magento(), b)).default).toEqual({ channelId: 2, priceListId: 4 });
  });

  it("proposes nothing for a store view when no price list fits", () => {
    const b = brightpearl({ channels: [{ id: 2, name: "Magento Store" }] });
    const m = magento({ storeViews: [{ id: 1, code: "default", name: "Default", websiteId: 1, active: true, baseCurrency: "JPY" }] });
    expect(suggestStoreViews(m, b)).toEqual([]);
    expect(suggestStoreViews(magento(), brightpearl({ channels: [] }))).toEqual([]);
  });
});

describe("sources ↔ warehouses", () => {
  it("takes the warehouse with the source's name or code, else the first", () => {
    const m = magento({
      sources: [
        { code: "default", name: "Default Source", enabled: true },
        { code: "overflow_warehouse", name: "Overflow", enabled: true },
        { code: "east", name: "Main warehouse", enabled: false },
      ],
    });
    expect(byKey(suggestSources(m, brightpearl()))).toEqual({
      default: { warehouseIds: [2] },
      overflow_warehouse: { warehouseIds: [3] },
      east: { warehouseIds: [2] },
    });
    expect(suggestSources(m, brightpearl({ warehouses: [] }))).toEqual([]);
  });
});

describe("order statuses into Brightpearl", () => {
  it("imports pending, processing and complete as a new web order, skips the rest, defaults to import", () => {
    const rows = byKey(suggestOrderStatusesIn(magento(), brightpearl()));
    for (const status of ["pending", "processing", "complete", "*"]) expect(rows[status], status).toEqual({ statusId: 2 });
    for (const status of ["canceled", "closed", "pending_payment", "payment_review", "fraud", "holded"]) expect(rows[status], status).toEqual({ skip: true });
  });

  it("judges a custom status by its state, and leaves an unknown one to the default", () => {
    const m = magento({
      orderStatuses: [
        { status: "packing", state: "processing", count: 2 },
        { status: "awaiting_bank", state: "pending_payment", count: 1 },
        { status: "mystery", count: 1 },
      ],
    });
    const rows = byKey(suggestOrderStatusesIn(m, brightpearl()));
    expect(rows).toEqual({ packing: { statusId: 2 }, awaiting_bank: { skip: true }, "*": { statusId: 2 } });
  });

  it("without a status named for web orders, takes the first new-state one; without states, one named new", () => {
    const plain = brightpearl({ orderStatuses: [{ id: 10, name: "Draft", state: "draft" }, { id: 11, name: "Fresh", state: "new" }, { id: 12, name: "Also new", state: "new" }] });
    expect(byKey(suggestOrderStatusesIn(magento(), plain))["*"]).toEqual({ statusId: 11 });
    const stateless = brightpearl({ orderStatuses: [{ id: 20, name: "Quote" }, { id: 21, name: "New order" }] });
    expect(byKey(suggestOrderStatusesIn(magento(), stateless))["*"]).toEqual({ statusId: 21 });
  });
});

describe("order statuses back to Magento", () => {
  it("maps cancelled, invoiced and shipped-like statuses, and leaves new and open ones alone", () => {
    const b = brightpearl({ orderStatuses: [...brightpearl().orderStatuses, { id: 9, name: "Dispatched", state: "open" }, { id: 13, name: "Processing", state: "open" }] });
    expect(byKey(suggestOrderStatusesOut(magento(), b))).toEqual({
      "4": { status: "processing" },
      "5": { status: "canceled" },
      "9": { status: "complete" },
      "13": { status: "processing" },
    });
  });

  it("matches a store's custom status by name", () => {
    const m = magento({ orderStatuses: [...magento().orderStatuses, { status: "ready_to_ship", state: "processing", count: 1 }] });
    expect(byKey(suggestOrderStatusesOut(m, brightpearl()))["7"]).toEqual({ status: "ready_to_ship" });
  });
});

describe("shipping methods", () => {
  it("matches a code or description exactly, and sends the rest to the first method", () => {
    const m = magento({
      shippingMethods: [
        { code: "flatrate_flatrate", description: "Flat Rate - Fixed", count: 4 },
        { code: "nextday_nextday", description: "Courier - Next Day Delivery", count: 2 },
        { code: "carrier_std", count: 1 },
      ],
    });
    expect(byKey(suggestShippingMethods(m, brightpearl()))).toEqual({ nextday_nextday: { shippingMethodId: 2 }, carrier_std: { shippingMethodId: 1 }, "*": { shippingMethodId: 1 } });
    expect(suggestShippingMethods(m, brightpearl({ shippingMethods: [] }))).toEqual([]);
  });
});

describe("payment methods", () => {
  it("matches codes and names (paypal_express ↔ PAYPAL, banktransfer ↔ Bank transfer) with the bank nominal code in the base currency", () => {
    expect(byKey(suggestPaymentMethods(magento(), brightpearl()))).toEqual({
      paypal_express: { paymentMethodCode: "PAYPAL", nominalCode: "1210" },
      banktransfer: { paymentMethodCode: "BANK" },
      "*": { paymentMethodCode: "CASH", nominalCode: "1200" },
    });
  });

  it("never proposes an inactive method", () => {
    const b = brightpearl({ paymentMethods: brightpearl().paymentMethods.map((p) => (p.code === "PAYPAL" || p.code === "CASH" ? { ...p, active: false } : p)) });
    const rows = byKey(suggestPaymentMethods(magento(), b));
    expect(rows.paypal_express).toBeUndefined();
    expect(rows["*"]).toEqual({ paymentMethodCode: "CARD", nominalCode: "1200" });
  });
});

describe("tax rates", () => {
  it("maps each percentage to the code with that rate, 0% to the zero-rated code, and the rest to the standard code", () => {
    expect(byKey(suggestTaxRates(magento(), brightpearl()))).toEqual({ "20": { taxCode: "T" }, "0": { taxCode: "Z" }, "*": { taxCode: "T" } });
  });

  it("falls back to an exempt code for 0%, and to the highest rate when no code is called standard", () => {
    const b = brightpearl({ taxCodes: [{ id: 1, code: "EX", description: "Exempt" }, { id: 2, code: "LOW", rate: 5 }, { id: 3, code: "HIGH", rate: 8.375 }] });
    expect(byKey(suggestTaxRates(magento(), b))).toEqual({ "8.375": { taxCode: "HIGH" }, "0": { taxCode: "EX" }, "*": { taxCode: "HIGH" } });
  });
});

describe("applying suggestions", () => {
  it("never replaces an existing mapping, confirmed or suggested, and fills every gap", () => {
    const all = suggestMappings(magento(), brightpearl());
    const existing = mappingSet({
      "store-view": [["default", { channelId: 1, priceListId: 3 }]],
      "payment-method": [["*", { paymentMethodCode: "CARD" }, true]],
    });
    const fresh = unmappedSuggestions(all, existing);
    expect(fresh.some((s) => s.kind === "store-view" && s.sourceKey === "default")).toBe(false);
    expect(fresh.some((s) => s.kind === "payment-method" && s.sourceKey === "*")).toBe(false);
    expect(fresh.length).toBe(all.length - 2);
    expect(fresh.find((s) => s.kind === "tax-rate" && s.sourceKey === "20")?.target).toEqual({ taxCode: "T" });
  });

  it("proposes every kind for the demo set-ups", () => {
    const kinds = new Set(suggestMappings(magento(), brightpearl()).map((s) => s.kind));
    expect([...kinds].sort()).toEqual(["order-status-in", "order-status-out", "payment-method", "shipping-method", "source-warehouses", "store-view", "tax-rate"]);
  });
});
