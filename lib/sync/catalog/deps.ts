import "server-only";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import type { MagentoClient } from "@/lib/magento/client";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import type { TenantDb } from "@/lib/tenants/scope";

// What the stock, prices and products flows need about a tenant: both clients, the tenant's
// scoped database. "Connected" means what it means for orders.

export { FlowUnavailable };

export type CatalogDeps = { tenantId: string; scoped: TenantDb; brightpearl: BrightpearlClient; magento: MagentoClient };

/** Both clients of a connected tenant; refuses when a side is not connected. */
export async function catalogDeps(tenantId: string): Promise<CatalogDeps> {
  const { scoped, magento, brightpearl } = await orderDeps(tenantId);
  return { tenantId, scoped, magento, brightpearl };
}
