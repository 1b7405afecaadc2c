import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { brightpearlFor } from "@/lib/brightpearl/connect";
import { db } from "@/lib/db";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { loadDiscoveries } from "@/lib/sync/orders/context";
import { magentoFor } from "@/lib/tenants/magento";
import { loadMappings } from "@/lib/tenants/mappings";
import { tenantDb, type TenantDb } from "@/lib/tenants/scope";
import { loadSetup, type SettingsOptions } from "@/lib/tenants/settings";
import type { SourceMapping } from "./quantities";

// What a stock pass needs about a tenant: both clients, whether the store runs MSI, the sources it
// writes and the Brightpearl warehouses behind each, and the merchant's settings.

export type CatalogDeps = { tenantId: string; scoped: TenantDb; brightpearl: BrightpearlClient; magento: MagentoClient };

export class FlowUnavailable extends Error {
  override name = "FlowUnavailable";
}

/** Both clients of a connected tenant; refuses when a side is not connected. */
export async function catalogDeps(tenantId: string): Promise<CatalogDeps> {
  const scoped = tenantDb(tenantId);
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
  if (!tenant || tenant.status !== "ACTIVE") throw new FlowUnavailable("Brightpearl is not connected");
  const magento = await magentoFor(scoped, tenantId);
  if (!magento) throw new FlowUnavailable("Magento is not connected");
  return { tenantId, scoped, magento, brightpearl: await brightpearlFor(tenantId) };
}

/** Tenants with a flow on: connected to Brightpearl, with a verified Magento store. */
export async function tenantsWithFlow(flow: "inventory" | "prices" | "products"): Promise<string[]> {
  const rows = await db().tenant.findMany({
    where: { status: "ACTIVE", magento: { verifiedAt: { not: null } }, settings: { flows: { path: [flow], equals: true } } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

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
