import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import type { CatalogDeps } from "@/lib/sync/catalog/deps";
import { loadDiscoveries } from "@/lib/sync/orders/context";
import { loadMappings } from "@/lib/tenants/mappings";
import type { TenantDb } from "@/lib/tenants/scope";
import { loadSetup, type SettingsOptions } from "@/lib/tenants/settings";
import type { SourceMapping } from "./quantities";

// What a stock pass needs about a tenant besides its clients: whether the store runs MSI, the
// sources it writes and the Brightpearl warehouses behind each, and the merchant's settings.

export type StockContext = {
  msi: boolean;
  /** mapped sources, in the order quantities are assigned */
  sources: SourceMapping[];
  options: SettingsOptions;
  /** why stock cannot be written yet, for the merchant */
  blocked?: string;
};

const anything = z.unknown();

/** MSI present: from the last discovery, else asked (the Inventory routes answer "no route" without it). */
async function storeHasMsi(scoped: TenantDb, magento: MagentoClient): Promise<boolean> {
  const { magento: discovered } = await loadDiscoveries(scoped);
  if (discovered) return discovered.msi;
  try {
    await magento.get("/V1/inventory/sources", anything, { "searchCriteria[pageSize]": "1", "searchCriteria[currentPage]": "1" });
    return true;
  } catch (error) {
    if (error instanceof MagentoError && error.reason === "no-route") return false;
    throw error;
  }
}

export async function stockContext(deps: CatalogDeps): Promise<StockContext> {
  const [setup, mappings, msi] = await Promise.all([loadSetup(deps.scoped), loadMappings(deps.scoped), storeHasMsi(deps.scoped, deps.magento)]);
  const rows = [...mappings["source-warehouses"].values()].sort((a, b) => (a.sourceKey === "default" ? -1 : b.sourceKey === "default" ? 1 : a.sourceKey.localeCompare(b.sourceKey)));
  // Without MSI the store has one stock, the default source's: it takes the default mapping, or
  // else every mapped warehouse.
  const sources: SourceMapping[] = msi
    ? rows.map((r) => ({ code: r.sourceKey, warehouseIds: r.target.warehouseIds }))
    : rows.length
      ? [{ code: "default", warehouseIds: [...new Set((mappings["source-warehouses"].get("default") ? [mappings["source-warehouses"].get("default")!] : rows).flatMap((r) => r.target.warehouseIds))] }]
      : [];
  return {
    msi,
    sources,
    options: setup.options,
    blocked: sources.length ? undefined : "No Magento source is mapped to Brightpearl warehouses: map them on the mappings page.",
  };
}
