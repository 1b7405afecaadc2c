import "server-only";
import { db } from "@/lib/db";
import type { TenantDb } from "./scope";
import { enabledFlows, type FlowName } from "./settings";

/** Tenants with a flow on (any of them, given several): connected to Brightpearl, with a verified Magento store. */
export async function tenantsWithFlow(...flows: FlowName[]): Promise<string[]> {
  const rows = await db().tenant.findMany({
    where: { status: "ACTIVE", magento: { verifiedAt: { not: null } }, OR: flows.map((flow) => ({ settings: { flows: { path: [flow], equals: true } } })) },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Whether the merchant has `flow` switched on now (a delivery may outlive the switch). */
export async function flowIsOn(scoped: TenantDb, flow: FlowName): Promise<boolean> {
  return (await enabledFlows(scoped)).has(flow);
}
