import "server-only";
import { db, type Db } from "@/lib/db";
import type { TenantDb } from "@/lib/tenants/scope";
import { enabledFlows, type FlowName } from "@/lib/tenants/settings";

/** Tenants whose `flow` runs: connected to Brightpearl, with a verified Magento store and the flow on. */
export async function tenantsWithFlow(flow: FlowName, database: Db = db()): Promise<string[]> {
  const rows = await database.tenant.findMany({
    where: { status: "ACTIVE", magento: { verifiedAt: { not: null } }, settings: { flows: { path: [flow], equals: true } } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Whether the merchant has `flow` switched on now (a delivery may outlive the switch). */
export async function flowIsOn(scoped: TenantDb, flow: FlowName): Promise<boolean> {
  return (await enabledFlows(scoped)).has(flow);
}
