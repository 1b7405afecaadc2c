import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import { disconnectTenant } from "@/lib/tenants/tenants";
import type { BrightpearlClient } from "./client";
import { BrightpearlError } from "./errors";

export type AppOffVerdict = "uninstalled" | "still-installed" | "not-connected" | "unknown-account";

/**
 * What Brightpearl sends to an instance app's "turn off" URL is not documented, and anyone can
 * call a URL. So a report is only believed once Brightpearl itself confirms it: the installation's
 * token is refused and cannot be renewed. Then the tenant is marked uninstalled — tokens deleted,
 * schedules stopped, history kept.
 */
export async function verifyAppOff(db: Db, accountCode: string, clientFor: (tenantId: string) => Promise<BrightpearlClient>): Promise<AppOffVerdict> {
  const tenant = await db.tenant.findUnique({ where: { accountCode }, select: { id: true, status: true } });
  if (!tenant) return "unknown-account";
  if (tenant.status !== "ACTIVE") {
    if (tenant.status === "DISCONNECTED") {
      await disconnectTenant(db, tenant.id, "UNINSTALLED", "The connector was turned off in the Brightpearl App Store.");
      return "uninstalled";
    }
    return "not-connected";
  }
  try {
    const client = await clientFor(tenant.id);
    await client.get("/integration-service/webhook", z.array(z.unknown()));
    return "still-installed";
  } catch (error) {
    if (!(error instanceof BrightpearlError) || error.kind !== "auth") throw error;
    // The token was refused and the refresh failed: the token layer already disconnected the tenant.
    await disconnectTenant(db, tenant.id, "UNINSTALLED", "The connector was turned off in the Brightpearl App Store.");
    log.info("brightpearl app turned off", { tenantId: tenant.id, accountCode });
    return "uninstalled";
  }
}
