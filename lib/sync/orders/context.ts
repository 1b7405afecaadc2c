import "server-only";
import { brightpearlDiscovery, magentoDiscovery, type BrightpearlDiscovery, type MagentoDiscovery } from "@/lib/setup/discovery-types";
import { loadMappings } from "@/lib/tenants/mappings";
import type { TenantDb } from "@/lib/tenants/scope";
import { loadSetup } from "@/lib/tenants/settings";
import type { PlanContext, ProductRef } from "./plan";

export type Discoveries = { magento?: MagentoDiscovery; brightpearl?: BrightpearlDiscovery };

/** The last discovery of each side, if it still fits the current shape. */
export async function loadDiscoveries(scoped: TenantDb): Promise<Discoveries> {
  const rows = await scoped.discoverySnapshot.findMany();
  const magento = rows.find((r) => r.system === "MAGENTO");
  const brightpearl = rows.find((r) => r.system === "BRIGHTPEARL");
  return {
    magento: magento ? magentoDiscovery.safeParse(magento.data).data : undefined,
    brightpearl: brightpearl ? brightpearlDiscovery.safeParse(brightpearl.data).data : undefined,
  };
}

/** Everything the planner needs about a tenant except its products, which depend on the orders. */
export async function planContext(
  scoped: TenantDb,
  tenant: { installationInstanceId: string },
  products: Map<string, ProductRef>,
  now = new Date(),
): Promise<PlanContext & { discoveries: Discoveries }> {
  const [setup, mappings, discoveries] = await Promise.all([loadSetup(scoped), loadMappings(scoped), loadDiscoveries(scoped)]);
  const stores = new Map((discoveries.magento?.storeViews ?? []).map((v) => [v.id, v.code]));
  const channels = new Map((discoveries.brightpearl?.channels ?? []).map((c) => [c.id, c.defaultWarehouseId]));
  const zeroTax = discoveries.brightpearl?.taxCodes.find((t) => (t.rate ?? 0) === 0)?.code;
  return {
    installationInstanceId: Number(tenant.installationInstanceId),
    goLiveAt: setup.goLiveAt,
    options: setup.options,
    mappings,
    // Without a discovery yet, a single-store Magento's store id 1 is its "default" view.
    storeCodeOf: (id) => (id === undefined ? undefined : (stores.get(id) ?? (stores.size === 0 && id === 1 ? "default" : undefined))),
    accountCurrency: discoveries.brightpearl?.currencies.find((c) => c.isDefault)?.code,
    channelWarehouse: (id) => channels.get(id),
    productFor: (sku) => products.get(sku),
    zeroTaxCode: zeroTax,
    now,
    discoveries,
  };
}
