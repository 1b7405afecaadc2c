import "server-only";
import { z } from "zod";
import type { TenantDb } from "./scope";

/** Which flows a tenant has switched on. Every flow is off until the merchant turns it on. */
export const flowSwitches = z
  .object({
    orders: z.boolean().default(false),
    inventory: z.boolean().default(false),
    prices: z.boolean().default(false),
    products: z.boolean().default(false),
    shipments: z.boolean().default(false),
    refunds: z.boolean().default(false),
  })
  .catch({ orders: false, inventory: false, prices: false, products: false, shipments: false, refunds: false });

export type FlowSwitches = z.output<typeof flowSwitches>;

export async function enabledFlows(scoped: TenantDb): Promise<Set<string>> {
  const settings = await scoped.tenantSettings.findFirst({ select: { flows: true } });
  const flows = flowSwitches.parse(settings?.flows ?? {});
  return new Set(Object.entries(flows).filter(([, on]) => on).map(([name]) => name));
}
