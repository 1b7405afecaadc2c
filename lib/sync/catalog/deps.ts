import "server-only";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { brightpearlFor } from "@/lib/brightpearl/connect";
import { db } from "@/lib/db";
import type { MagentoClient } from "@/lib/magento/client";
import { FlowUnavailable } from "@/lib/sync/orders/tenants";
import { magentoFor } from "@/lib/tenants/magento";
import { tenantDb, type TenantDb } from "@/lib/tenants/scope";

// What the stock, prices and products flows need about a tenant: both clients, the tenant's
// scoped database.

export { FlowUnavailable };

export type CatalogDeps = { tenantId: string; scoped: TenantDb; brightpearl: BrightpearlClient; magento: MagentoClient };

/** Both clients of a connected tenant; refuses when a side is not connected. */
export async function catalogDeps(tenantId: string): Promise<CatalogDeps> {
  const scoped = tenantDb(tenantId);
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
  if (!tenant || tenant.status !== "ACTIVE") throw new FlowUnavailable("Brightpearl is not connected");
  const magento = await magentoFor(scoped, tenantId);
  if (!magento) throw new FlowUnavailable("Magento is not connected");
  return { tenantId, scoped, magento, brightpearl: await brightpearlFor(tenantId) };
}

