// Discovery against both sandboxes: what each side's set-up reads as, what it costs in requests,
// and what a missing grant or module turns into.
import { afterAll, describe, expect, it } from "vitest";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { db } from "@/lib/db";
import { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { discoverBrightpearl, discoverMagento } from "@/lib/setup/discovery";
import { brightpearlDiscovery, magentoDiscovery } from "@/lib/setup/discovery-types";
import { taxRateKey } from "@/lib/tenants/mappings";
import type { OrderRecord } from "@/sandbox/magento/domain/types";
import { startBrightpearl } from "../../../helpers/brightpearl";
import { resourcesWithout, startStores } from "./stores";

const { store } = await startStores();
const bp = await startBrightpearl();

afterAll(async () => {
  await db().$disconnect();
});

/** The orders discovery should sample: the newest hundred, as Magento sorts them. */
function newest(orders: OrderRecord[], n = 100): OrderRecord[] {
  return [...orders].sort((a, b) => String(b.data.created_at).localeCompare(String(a.data.created_at))).slice(0, n);
}

function counts(values: (string | null | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) if (v) out[v] = (out[v] ?? 0) + 1;
  return out;
}

const config = {
  websites: [
    { code: "base", name: "Main Website", baseCurrency: "USD" },
    { code: "eu", name: "Europe", baseCurrency: "EUR" },
  ],
  storeViews: [
    { code: "default", name: "Default Store View", website: "base" },
    { code: "french", name: "French", website: "eu", locale: "fr_FR" },
    { code: "retired", name: "Retired", website: "base", isActive: false },
  ],
  sources: [
    { code: "default", name: "Default Source" },
    { code: "warehouse_east", name: "East Warehouse" },
    { code: "old_store", name: "Old store room", enabled: false },
  ],
};

describe("discoverMagento", () => {
  it("reads websites, store views with their currency, MSI sources, tax rates and what the newest orders use, in six requests", async () => {
    const s = store({ config, catalogue: { count: 30 }, orders: { count: 130, seed: 3, outcomes: { complete: 0.3, canceled: 0.1, holded: 0.1 } } });
    const { data, problems } = await discoverMagento(s.client);

    expect(problems).toEqual([]);
    expect(magentoDiscovery.parse(data)).toEqual(data);
    expect(data.websites).toEqual([
      { id: 1, code: "base", name: "Main Website" },
      { id: 2, code: "eu", name: "Europe" },
    ]);
    expect(data.storeViews).toEqual([
      { id: 1, code: "default", name: "Default Store View", websiteId: 1, active: true, baseCurrency: "USD" },
      { id: 2, code: "french", name: "French", websiteId: 2, active: true, baseCurrency: "EUR" },
      { id: 3, code: "retired", name: "Retired", websiteId: 1, active: false, baseCurrency: "USD" },
    ]);
    expect(data.msi).toBe(true);
    expect(data.sources).toEqual([
      { code: "default", name: "Default Source", enabled: true },
      { code: "warehouse_east", name: "East Warehouse", enabled: true },
      { code: "old_store", name: "Old store room", enabled: false },
    ]);

    const sample = newest(s.instance.state.orders);
    expect(data.ordersSampled).toBe(100);
    expect(Object.fromEntries(data.paymentMethods.map((p) => [p.code, p.count]))).toEqual(counts(sample.map((o) => String(o.payment.data.method))));
    expect(data.paymentMethods.find((p) => p.code === "paypal_express")?.title).toBe("PayPal Express Checkout");
    expect(data.paymentMethods.map((p) => p.count)).toEqual([...data.paymentMethods.map((p) => p.count)].sort((a, b) => b - a));
    expect(Object.fromEntries(data.shippingMethods.map((m) => [m.code, m.count]))).toEqual(counts(sample.map((o) => o.shippingMethod)));
    expect(data.shippingMethods.find((m) => m.code === "flatrate_flatrate")?.description).toBe("Flat Rate - Fixed");
    const statusCounts = Object.fromEntries(data.orderStatuses.filter((st) => st.count > 0).map((st) => [st.status, st.count]));
    expect(statusCounts).toEqual(counts(sample.map((o) => String(o.data.status))));
    // Magento's own statuses are listed even when no recent order has them.
    expect(data.orderStatuses.map((st) => st.status)).toEqual(expect.arrayContaining(["pending", "processing", "complete", "closed", "canceled", "holded", "payment_review", "pending_payment", "fraud"]));

    // the store's list, plus 0% for the untaxed orders (Texas)
    const keys = data.taxRates.map((r) => taxRateKey(r.percent));
    expect(data.taxRates.slice(0, 5)).toEqual([
      { code: "US-NY-*-Rate 1", percent: 8.375 },
      { code: "US-CA-*-Rate 1", percent: 8.25 },
      { code: "GB VAT", percent: 20 },
      { code: "DE MwSt", percent: 19 },
      { code: "FR TVA", percent: 20 },
    ]);
    const untaxed = sample.some((o) => o.appliedTaxes.length === 0 && o.items.some((i) => Number(i.data.price) > 0));
    expect(keys.includes("0")).toBe(untaxed);
    expect(untaxed).toBe(true);

    expect(s.requests()).toBe(6);
  });

  it("without the Inventory modules, lists the single default source", async () => {
    const s = store({ config: { msi: false }, orders: { count: 5, seed: 1 } });
    const { data, problems } = await discoverMagento(s.client);
    expect(problems).toEqual([]);
    expect(data.msi).toBe(false);
    expect(data.sources).toEqual([{ code: "default", name: "Default Source", enabled: true }]);
  });

  it("without the tax grant, lists the rates seen on orders and says why", async () => {
    const s = store({ integrations: [{ name: "connector", resources: resourcesWithout("Magento_Tax::manage_tax") }], orders: { count: 40, seed: 9, currencies: ["GBP"] } });
    const { data, problems } = await discoverMagento(s.client);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/may not read tax rates.*Magento_Tax::manage_tax.*only the rates seen on recent orders/);
    // every order ships to London: 20% VAT and nothing else
    expect(data.taxRates).toEqual([{ code: "GB VAT", percent: 20 }]);
  });

  it("without the source grant, falls back to the default source and says why", async () => {
    const s = store({ config, integrations: [{ name: "connector", resources: resourcesWithout("Magento_InventoryApi::source") }] });
    const { data, problems } = await discoverMagento(s.client);
    expect(data.msi).toBe(true);
    expect(data.sources).toEqual([{ code: "default", name: "Default Source", enabled: true }]);
    expect(problems.join("\n")).toMatch(/Magento_InventoryApi::source/);
  });

  it("without the order grant, lists no methods and says why", async () => {
    const s = store({ integrations: [{ name: "connector", resources: resourcesWithout("Magento_Sales::actions_view") }], orders: { count: 5, seed: 1 } });
    const { data, problems } = await discoverMagento(s.client);
    expect(data.ordersSampled).toBe(0);
    expect(data.paymentMethods).toEqual([]);
    expect(problems.join("\n")).toMatch(/may not read orders.*Magento_Sales::actions_view/);
  });

  it("fails as a whole when the store cannot be read at all", async () => {
    const s = store({ integrations: [{ name: "connector", resources: ["Magento_Sales::actions_view"] }] });
    await expect(discoverMagento(s.client)).rejects.toMatchObject({ kind: "auth", reason: "resource-denied" });
    const gone = new MagentoClient({ baseUrl: "http://127.0.0.1:9", storeCode: "default", credentials: s.credentials });
    await expect(discoverMagento(gone)).rejects.toBeInstanceOf(MagentoError);
  });
});

describe("discoverBrightpearl", () => {
  it("reads every reference list the mappings use, one request each", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const before = bp.started.sandbox.control.requests.counts({ account: accountCode }).total;
    const { data, problems } = await discoverBrightpearl(bp.client(tenantId, accountCode));
    const spent = bp.started.sandbox.control.requests.counts({ account: accountCode }).total - before;

    expect(problems).toEqual([]);
    expect(brightpearlDiscovery.parse(data)).toEqual(data);
    expect(spent).toBe(9);
    expect(data.channels).toEqual([
      { id: 1, name: "Brightpearl", defaultWarehouseId: 2, defaultPriceListId: 2 },
      { id: 2, name: "Magento Store", defaultWarehouseId: 2, defaultPriceListId: 2 },
    ]);
    expect(data.warehouses.map((w) => w.name)).toEqual(["Main Warehouse", "Overflow Warehouse"]);
    // sales-order statuses only; the hidden one left out
    expect(data.orderStatuses.map((s) => s.name)).toEqual(["Draft / Quote", "New web order", "New phone order", "Invoiced", "Cancelled", "On hold", "Ready to ship"]);
    expect(data.orderStatuses.find((s) => s.id === 2)).toEqual({ id: 2, name: "New web order", state: "new" });
    expect(data.priceLists.find((l) => l.id === 2)).toEqual({ id: 2, name: "Retail", code: "RETAIL", currencyCode: "GBP", type: "SELL", gross: true });
    expect(data.shippingMethods[0]).toEqual({ id: 1, name: "Standard Delivery", code: "STD" });
    expect(data.paymentMethods.find((p) => p.code === "PAYPAL")).toEqual({ code: "PAYPAL", name: "PayPal", active: true, bankAccounts: [{ currencyCode: "GBP", nominalCode: "1210" }] });
    expect(data.taxCodes).toEqual([
      { id: 1, code: "Z", description: "Zero rated" },
      { id: 2, code: "T", description: "Standard rate", rate: 20 },
      { id: 3, code: "R", description: "Reduced rate", rate: 5 },
      { id: 4, code: "E", description: "Exempt" },
    ]);
    expect(data.nominalCodes.find((n) => n.code === "1210")).toEqual({ code: "1210", name: "PayPal account", bank: true });
    expect(data.currencies).toEqual([
      { code: "GBP", isDefault: true },
      { code: "EUR", isDefault: false },
      { code: "USD", isDefault: false },
    ]);
  });

  it("does without a list Brightpearl refuses, and says which", async () => {
    const { tenantId, accountCode } = await bp.connect();
    bp.started.sandbox.control.faults.add({ route: "/public-api/:account/accounting-service/tax-code", account: accountCode, errorRate: 1, status: 404, count: 1 });
    const { data, problems } = await discoverBrightpearl(bp.client(tenantId, accountCode));
    expect(data.taxCodes).toEqual([]);
    expect(data.paymentMethods.length).toBeGreaterThan(0);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Brightpearl's tax codes could not be read/);
  });

  it("fails as a whole when Brightpearl is down", async () => {
    const { tenantId, accountCode } = await bp.connect();
    bp.started.sandbox.control.faults.add({ route: "/public-api/:account/warehouse-service/warehouse", account: accountCode, errorRate: 1, status: 500, count: 1 });
    const error = await discoverBrightpearl(bp.client(tenantId, accountCode)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrightpearlError);
    expect((error as BrightpearlError).kind).toBe("unavailable");
  });
});
