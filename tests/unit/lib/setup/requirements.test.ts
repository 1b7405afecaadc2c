import { describe, expect, it } from "vitest";
import { missingFor } from "@/lib/setup/requirements";
import { suggestMappings } from "@/lib/setup/suggestions";
import type { MappingSet } from "@/lib/tenants/mappings";
import { brightpearl, magento, mappingSet, setup } from "./fixtures";

const discoveries = { magento: magento(), brightpearl: brightpearl() };

/** Every mapping the demo set-ups suggest, as stored rows (suggested ones count as present). */
function suggested(): MappingSet {
  const set = mappingSet();
  for (const s of suggestMappings(discoveries.magento, discoveries.brightpearl)) (set[s.kind] as Map<string, unknown>).set(s.sourceKey, { ...s, suggested: true });
  return set;
}

const texts = (items: { text: string }[]) => items.map((i) => i.text);

describe("orders", () => {
  it("needs nothing more once the suggestions are stored and a go-live date is set", () => {
    expect(missingFor("orders", discoveries, suggested(), setup())).toEqual([]);
  });

  it("names a missing go-live date and an active store view without a channel, with where to fix them", () => {
    const mappings = suggested();
    mappings["store-view"].delete("default");
    const m = magento({ storeViews: [...magento().storeViews, { id: 2, code: "fr", name: "French", websiteId: 1, active: true }, { id: 3, code: "old", name: "Old", websiteId: 1, active: false }] });
    const missing = missingFor("orders", { ...discoveries, magento: m }, mappings, setup({ goLiveAt: null }));
    expect(texts(missing)).toEqual(["No go-live date", "Store view 'Default Store View' (default) has no Brightpearl channel", "Store view 'French' (fr) has no Brightpearl channel"]);
    expect(missing.map((i) => i.href)).toEqual(["/onboarding/go-live#go-live-date", "/onboarding/mappings#store-view", "/onboarding/mappings#store-view"]);
  });

  it("accepts a '*' default in place of each seen payment method, shipping method, status and tax rate", () => {
    const mappings = mappingSet({
      "store-view": [["default", { channelId: 2, priceListId: 2 }]],
      "order-status-in": [["*", { statusId: 2 }]],
      "payment-method": [["*", { paymentMethodCode: "CASH" }]],
      "shipping-method": [["*", { shippingMethodId: 1 }]],
      "tax-rate": [["*", { taxCode: "T" }]],
    });
    expect(missingFor("orders", discoveries, mappings, setup())).toEqual([]);
  });

  it("without defaults, names every seen value that resolves to nothing, and a pattern counts", () => {
    const mappings = mappingSet({
      "store-view": [["default", { channelId: 2, priceListId: 2 }]],
      "order-status-in": [["pending", { statusId: 2 }], ["processing", { statusId: 2 }]],
      "payment-method": [["checkmo", { paymentMethodCode: "CASH" }], ["paypal_express", { paymentMethodCode: "PAYPAL" }]],
      "shipping-method": [["tablerate_*", { shippingMethodId: 2 }]],
      "tax-rate": [["20", { taxCode: "T" }], ["0", { taxCode: "Z" }]],
    });
    expect(texts(missingFor("orders", discoveries, mappings, setup()))).toEqual([
      "Magento order status 'Complete' (complete) has no Brightpearl status (or skip)",
      "Magento payment method 'Bank Transfer Payment' (banktransfer) has no Brightpearl payment method",
      "Magento shipping method 'Flat Rate - Fixed' (flatrate_flatrate) has no Brightpearl shipping method",
      "Magento tax rate 8.375% (US-NY-*-Rate 1) has no Brightpearl tax code",
    ]);
  });

  it("asks for a default when no orders were seen yet", () => {
    const m = magento({ paymentMethods: [], shippingMethods: [], ordersSampled: 0, orderStatuses: magento().orderStatuses.map((s) => ({ ...s, count: 0 })), taxRates: [] });
    const mappings = mappingSet({ "store-view": [["default", { channelId: 2, priceListId: 2 }]] });
    expect(texts(missingFor("orders", { ...discoveries, magento: m }, mappings, setup()))).toEqual([
      "No default Brightpearl status (or skip) for Magento order statuses (none seen on recent orders yet)",
      "No default Brightpearl payment method for Magento payment methods (none seen on recent orders yet)",
      "No default Brightpearl shipping method for Magento shipping methods (none seen on recent orders yet)",
      "No default Brightpearl tax code for Magento tax rates (none seen on recent orders yet)",
    ]);
  });

  it("names a store view mapped to a channel Brightpearl no longer has", () => {
    const mappings = suggested();
    mappings["store-view"].set("default", { kind: "store-view", sourceKey: "default", target: { channelId: 99, priceListId: 2 }, suggested: false });
    expect(texts(missingFor("orders", discoveries, mappings, setup()))).toEqual(["Store view 'Default Store View' (default) is mapped to a Brightpearl channel that no longer exists"]);
  });

  it("says what to do when a side has not been read", () => {
    expect(texts(missingFor("orders", { magento: null, brightpearl: brightpearl() }, suggested(), setup()))).toEqual([
      "Your Magento store's set-up has not been read yet: connect Magento, then press Refresh on the mappings page",
    ]);
  });
});

describe("inventory", () => {
  it("needs a warehouse for every enabled source, and ignores disabled ones", () => {
    const m = magento({ sources: [{ code: "default", name: "Default Source", enabled: true }, { code: "warehouse_east", name: "warehouse_east", enabled: true }, { code: "closed", name: "Closed", enabled: false }] });
    const mappings = mappingSet({ "source-warehouses": [["default", { warehouseIds: [2] }]] });
    const missing = missingFor("inventory", { ...discoveries, magento: m }, mappings, setup());
    expect(texts(missing)).toEqual(["Source 'warehouse_east' has no Brightpearl warehouse"]);
    expect(missing[0]!.href).toBe("/onboarding/mappings#source-warehouses");
    mappings["source-warehouses"].set("warehouse_east", { kind: "source-warehouses", sourceKey: "warehouse_east", target: { warehouseIds: [3] }, suggested: true });
    expect(missingFor("inventory", { ...discoveries, magento: m }, mappings, setup())).toEqual([]);
  });

  it("does not need a go-live date", () => {
    expect(missingFor("inventory", discoveries, suggested(), setup({ goLiveAt: null }))).toEqual([]);
  });
});

describe("prices and products", () => {
  it("need a price list for every active store view", () => {
    for (const flow of ["prices", "products"] as const) {
      expect(texts(missingFor(flow, discoveries, mappingSet(), setup()))).toEqual(["Store view 'Default Store View' (default) has no Brightpearl price list"]);
      expect(missingFor(flow, discoveries, suggested(), setup())).toEqual([]);
    }
  });
});

describe("shipments", () => {
  it("needs the orders flow on and, on multi-source stores, every enabled source mapped", () => {
    expect(texts(missingFor("shipments", discoveries, mappingSet(), setup()))).toEqual(["The orders flow is off: turn it on first", "Source 'Default Source' (default) has no Brightpearl warehouse"]);
    const on = setup({ flows: { ...setup().flows, orders: true } });
    expect(missingFor("shipments", discoveries, suggested(), on)).toEqual([]);
    expect(missingFor("shipments", { ...discoveries, magento: magento({ msi: false }) }, mappingSet(), on)).toEqual([]);
  });
});

describe("refunds", () => {
  it("needs the orders flow on and the payment methods mapped", () => {
    expect(texts(missingFor("refunds", discoveries, mappingSet(), setup()))).toEqual([
      "The orders flow is off: turn it on first",
      "Magento payment method 'Check / Money order' (checkmo) has no Brightpearl payment method",
      "Magento payment method 'PayPal Express Checkout' (paypal_express) has no Brightpearl payment method",
      "Magento payment method 'Bank Transfer Payment' (banktransfer) has no Brightpearl payment method",
    ]);
    const on = setup({ flows: { ...setup().flows, orders: true } });
    expect(missingFor("refunds", discoveries, suggested(), on)).toEqual([]);
  });
});
