import { NonRetriableError } from "inngest";
import type { ImportDeps } from "@/lib/sync/orders/import";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { tenantDb } from "@/lib/tenants/scope";
import { loadSetup, type TenantSetup } from "@/lib/tenants/settings";

/**
 * A scheduled look at Magento (orders, credit memos) that counts from the go-live date: nothing
 * before one is set, and a side that is not connected ends the run rather than retrying it.
 */
export async function afterGoLive<T>(tenantId: string, look: (deps: ImportDeps, setup: TenantSetup & { goLiveAt: Date }) => Promise<T>): Promise<T | undefined> {
  const setup = await loadSetup(tenantDb(tenantId));
  if (!setup.goLiveAt) return undefined;
  try {
    return await look(await orderDeps(tenantId), { ...setup, goLiveAt: setup.goLiveAt });
  } catch (error) {
    if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
    throw error;
  }
}
