// Discoveries shaped like the sandboxes' demo set-ups, for the pure setup rules.
import type { BrightpearlDiscovery, MagentoDiscovery } from "@/lib/setup/discovery-types";
import type { MappingKind, MappingRow, MappingSet, MappingTarget } from "@/lib/tenants/mappings";
import { mappingKinds } from "@/lib/tenants/mappings";
import type { TenantSetup } from "@/lib/tenants/settings";

export function brightpearl(overrides: Partial<BrightpearlDiscovery> = {}): BrightpearlDiscovery {
  return {
    channels: [
      { id: 1, name: "Brightpearl", defaultWarehouseId: 2, defaultPriceListId: 2 },
      { id: 2, name: "Magento Store", defaultWarehouseId: 2, defaultPriceListId: 2 },
    ],
    warehouses: [
      { id: 2, name: "Main Warehouse" },
      { id: 3, name: "Overflow Warehouse" },
    ],
    orderStatuses: [
      { id: 1, name: "Draft / Quote", state: "draft" },
      { id: 3, name: "New phone order", state: "new" },
      { id: 2, name: "New web order", state: "new" },
      { id: 4, name: "Invoiced", state: "invoiced" },
      { id: 5, name: "Cancelled", state: "cancelled" },
      { id: 6, name: "On hold", state: "open" },
      { id: 7, name: "Ready to ship", state: "open" },
    ],
    priceLists: [
      { id: 1, name: "Cost", code: "COST", currencyCode: "GBP", type: "BUY" },
      { id: 2, name: "Retail", code: "RETAIL", currencyCode: "GBP", type: "SELL", gross: true },
      { id: 3, name: "Trade", code: "TRADE", currencyCode: "GBP", type: "SELL" },
      { id: 4, name: "US Retail", code: "USRETAIL", currencyCode: "USD", type: "SELL" },
    ],
    shippingMethods: [
      { id: 1, name: "Standard Delivery", code: "STD" },
      { id: 2, name: "Next Day Delivery", code: "NXD" },
      { id: 3, name: "Click and Collect", code: "CNC" },
    ],
    paymentMethods: [
      { code: "CASH", name: "Cash", active: true, bankAccounts: [{ currencyCode: "GBP", nominalCode: "1200" }] },
      { code: "PAYPAL", name: "PayPal", active: true, bankAccounts: [{ currencyCode: "EUR", nominalCode: "1215" }, { currencyCode: "GBP", nominalCode: "1210" }] },
      { code: "CARD", name: "Card", active: true, bankAccounts: [{ currencyCode: "GBP", nominalCode: "1200" }] },
      { code: "BANK", name: "Bank transfer", active: true, bankAccounts: [] },
    ],
    taxCodes: [
      { id: 1, code: "Z", description: "Zero rated" },
      { id: 2, code: "T", description: "Standard rate", rate: 20 },
      { id: 3, code: "R", description: "Reduced rate", rate: 5 },
      { id: 4, code: "E", description: "Exempt" },
    ],
    nominalCodes: [
      { code: "1200", name: "Bank current account", bank: true },
      { code: "1210", name: "PayPal account", bank: true },
      { code: "4000", name: "Sales", bank: false },
    ],
    currencies: [{ code: "GBP", isDefault: true }, { code: "EUR", isDefault: false }],
    ...overrides,
  };
}

const defaultStatuses = ["pending", "pending_payment", "payment_review", "fraud", "processing", "holded", "complete", "closed", "canceled"];
const STATE: Record<string, string> = { pending: "new", fraud: "payment_review" };

export function magento(overrides: Partial<MagentoDiscovery> = {}): MagentoDiscovery {
  return {
    websites: [{ id: 1, code: "base", name: "Main Website" }],
    storeViews: [{ id: 1, code: "default", name: "Default Store View", websiteId: 1, active: true, baseCurrency: "USD" }],
    msi: true,
    sources: [{ code: "default", name: "Default Source", enabled: true }],
    taxRates: [
      { code: "US-NY-*-Rate 1", percent: 8.375 },
      { code: "GB VAT", percent: 20 },
      { code: "FR TVA", percent: 20 },
      { code: "No tax", percent: 0 },
    ],
    paymentMethods: [
      { code: "checkmo", title: "Check / Money order", count: 5 },
      { code: "paypal_express", title: "PayPal Express Checkout", count: 3 },
      { code: "banktransfer", title: "Bank Transfer Payment", count: 1 },
    ],
    shippingMethods: [
      { code: "flatrate_flatrate", description: "Flat Rate - Fixed", count: 6 },
      { code: "tablerate_bestway", description: "Best Way - Table Rate", count: 2 },
    ],
    orderStatuses: defaultStatuses.map((status) => ({ status, state: STATE[status] ?? status, count: ["pending", "processing", "complete"].includes(status) ? 3 : 0 })),
    ordersSampled: 9,
    ...overrides,
  };
}

export function mappingSet(rows: { [K in MappingKind]?: [string, MappingTarget<K>, boolean?][] } = {}): MappingSet {
  const set = Object.fromEntries(mappingKinds.map((k) => [k, new Map()])) as MappingSet;
  for (const kind of mappingKinds) {
    for (const [sourceKey, target, suggested] of (rows[kind] ?? []) as [string, never, boolean?][]) {
      (set[kind] as Map<string, MappingRow>).set(sourceKey, { kind, sourceKey, target, suggested: suggested ?? false });
    }
  }
  return set;
}

export function setup(overrides: Partial<TenantSetup> = {}): TenantSetup {
  return {
    goLiveAt: new Date("2030-01-01T00:00:00Z"),
    flows: { orders: false, inventory: false, prices: false, products: false, shipments: false, refunds: false },
    options: {} as TenantSetup["options"],
    ...overrides,
  };
}
