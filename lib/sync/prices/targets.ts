import "server-only";
import { loadDiscoveries } from "@/lib/sync/orders/context";
import { loadMappings } from "@/lib/tenants/mappings";
import type { TenantDb } from "@/lib/tenants/scope";

// Where each Brightpearl price list goes in Magento. Magento keeps one base price per product
// globally (store 0) unless the store's price scope is "website", where a price saved for a store
// view applies to its whole website. So: one price list for every mapped store view → store 0 only;
// different lists → store 0 gets the list of the lowest mapped store view and each other website
// gets its own list on its first mapped store view. UNVERIFIED: that the merchant set the price
// scope to website when mapping different price lists; on a global-scope store Magento keeps the
// last row written for the product.
//
// Magento's base prices are in the website's base currency: a price list in another currency is
// never written (the merchant is told), when both discoveries say what the currencies are.

export type PriceTarget = { storeId: number; priceListId: number; label: string };

export type PriceTargets = { targets: PriceTarget[]; problems: string[] };

export async function priceTargets(scoped: TenantDb): Promise<PriceTargets> {
  const [mappings, { magento, brightpearl }] = await Promise.all([loadMappings(scoped), loadDiscoveries(scoped)]);
  const views = new Map((magento?.storeViews ?? []).map((v) => [v.code, v]));
  const listCurrency = new Map((brightpearl?.priceLists ?? []).map((l) => [l.id, l]));
  const problems: string[] = [];
  const mapped = [...mappings["store-view"].values()]
    .map((row) => ({ code: row.sourceKey, priceListId: row.target.priceListId, view: views.get(row.sourceKey) }))
    // Without a discovery yet, a single-store Magento's "default" view is store 1 of website 1.
    .map((m) => ({ ...m, storeId: m.view?.id ?? (m.code === "default" ? 1 : undefined), websiteId: m.view?.websiteId ?? (m.code === "default" ? 1 : undefined) }))
    .filter((m): m is typeof m & { storeId: number; websiteId: number } => m.storeId !== undefined && m.websiteId !== undefined)
    .filter((m) => {
      const list = listCurrency.get(m.priceListId);
      const base = m.view?.baseCurrency;
      if (!list || !base || list.currencyCode.toUpperCase() === base.toUpperCase()) return true;
      problems.push(`Prices are not written to store view '${m.code}': its base currency is ${base} but the Brightpearl price list '${list.name}' is in ${list.currencyCode}. Map a ${base} price list on the mappings page.`);
      return false;
    })
    .sort((a, b) => a.storeId - b.storeId);
  if (!mapped.length) return { targets: [], problems };
  const lists = new Set(mapped.map((m) => m.priceListId));
  const targets: PriceTarget[] = [{ storeId: 0, priceListId: mapped[0]!.priceListId, label: "all store views" }];
  if (lists.size === 1) return { targets, problems };
  const websites = new Set<number>([mapped[0]!.websiteId]);
  for (const m of mapped) {
    if (websites.has(m.websiteId)) continue;
    websites.add(m.websiteId);
    targets.push({ storeId: m.storeId, priceListId: m.priceListId, label: `website of store view ${m.code}` });
  }
  return { targets, problems };
}
