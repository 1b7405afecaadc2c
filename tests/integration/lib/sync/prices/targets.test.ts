import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { BrightpearlDiscovery, MagentoDiscovery } from "@/lib/setup/discovery-types";
import { priceTargets } from "@/lib/sync/prices/targets";
import { saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { installTenant } from "@/lib/tenants/tenants";

afterAll(async () => {
  await db().$disconnect();
});

const magento = (views: MagentoDiscovery["storeViews"]): MagentoDiscovery => ({
  websites: [
    { id: 1, code: "base", name: "Main" },
    { id: 2, code: "eu", name: "Europe" },
  ],
  storeViews: views,
  msi: true,
  sources: [],
  taxRates: [],
  paymentMethods: [],
  shippingMethods: [],
  orderStatuses: [],
  ordersSampled: 0,
});

const brightpearl: BrightpearlDiscovery = {
  channels: [],
  warehouses: [],
  orderStatuses: [],
  priceLists: [
    { id: 2, name: "Retail", currencyCode: "GBP" },
    { id: 4, name: "Retail EUR", currencyCode: "EUR" },
    { id: 5, name: "Retail USD", currencyCode: "USD" },
  ],
  shippingMethods: [],
  paymentMethods: [],
  taxCodes: [],
  nominalCodes: [],
  currencies: [],
};

async function tenantWith(views: MagentoDiscovery["storeViews"], mappings: Record<string, number>) {
  const row = await installTenant(db(), { accountCode: `targets${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, installationInstanceId: "3", apiDomain: "x.brightpearlconnect.com", accessToken: "a", refreshToken: "r", expiresInSeconds: 3600, now: new Date() });
  const scoped = tenantDb(row.id);
  await scoped.discoverySnapshot.create({ data: { tenantId: row.id, system: "MAGENTO", data: magento(views), fetchedAt: new Date() } });
  await scoped.discoverySnapshot.create({ data: { tenantId: row.id, system: "BRIGHTPEARL", data: brightpearl, fetchedAt: new Date() } });
  for (const [code, priceListId] of Object.entries(mappings)) await saveMapping(scoped, row.id, "store-view", code, { channelId: 1, priceListId });
  return scoped;
}

const view = (id: number, code: string, websiteId: number, baseCurrency: string) => ({ id, code, name: code, websiteId, active: true, baseCurrency });

describe("where each price list's prices go in Magento", () => {
  it("one price list for every store view: the global price only", async () => {
    const scoped = await tenantWith([view(1, "default", 1, "GBP"), view(2, "french", 1, "GBP")], { default: 2, french: 2 });
    expect((await priceTargets(scoped)).targets).toEqual([{ storeId: 0, priceListId: 2, label: "all store views" }]);
  });

  it("a different price list per website: the global price from the first, each other website its own", async () => {
    const scoped = await tenantWith([view(1, "default", 1, "EUR"), view(3, "german", 2, "EUR"), view(4, "austrian", 2, "EUR")], { default: 4, german: 4, austrian: 4 });
    expect((await priceTargets(scoped)).targets.map((t) => [t.storeId, t.priceListId])).toEqual([[0, 4]]);
    const mixed = await tenantWith([view(1, "default", 1, "GBP"), view(3, "german", 2, "EUR")], { default: 2, german: 4 });
    expect((await priceTargets(mixed)).targets.map((t) => [t.storeId, t.priceListId])).toEqual([
      [0, 2],
      [3, 4],
    ]);
  });

  it("a price list in another currency than the store's base currency is never written, and the merchant is told", async () => {
    const scoped = await tenantWith([view(1, "default", 1, "USD")], { default: 2 });
    const { targets, problems } = await priceTargets(scoped);
    expect(targets).toEqual([]);
    expect(problems).toEqual(["Prices are not written to store view 'default': its base currency is USD but the Brightpearl price list 'Retail' is in GBP. Map a USD price list on the mappings page."]);
  });
});
