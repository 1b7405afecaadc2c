import "server-only";
import { brightpearlFor } from "@/lib/brightpearl/connect";
import { db } from "@/lib/db";
import { magentoFor } from "@/lib/tenants/magento";
import { tenantDb } from "@/lib/tenants/scope";
import type { ImportDeps } from "./import";

export class FlowUnavailable extends Error {
  override name = "FlowUnavailable";
}

/** What importing for a tenant needs; refuses when a side is not connected. */
export async function orderDeps(tenantId: string): Promise<ImportDeps> {
  const scoped = tenantDb(tenantId);
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { id: true, installationInstanceId: true, status: true } });
  if (!tenant || tenant.status !== "ACTIVE") throw new FlowUnavailable("Brightpearl is not connected");
  const magento = await magentoFor(scoped, tenantId);
  if (!magento) throw new FlowUnavailable("Magento is not connected");
  return { scoped, tenant, magento, brightpearl: await brightpearlFor(tenantId) };
}
