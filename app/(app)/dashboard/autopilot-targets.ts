import "server-only";
import type { ShellTenant } from "@/lib/auth/require-tenant";
import { magentoInstanceOf, type AutopilotTargets } from "@/lib/demo/autopilot";
import { env } from "@/lib/env";
import { tenantDb } from "@/lib/tenants/scope";

/** The sandbox account and store the signed-in tenant is connected to. */
export async function autopilotTargets(tenant: ShellTenant): Promise<AutopilotTargets> {
  const magento = await tenantDb(tenant.id).magentoConnection.findFirst({ select: { baseUrl: true } });
  return { brightpearlAccount: tenant.accountCode, magentoInstance: magentoInstanceOf(magento?.baseUrl, env().SANDBOX_MAGENTO_URL ?? "") };
}
