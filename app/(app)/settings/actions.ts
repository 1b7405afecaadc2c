"use server";
import { revalidatePath } from "next/cache";
import { requireTenant } from "@/lib/auth/require-tenant";
import { brightpearlFor } from "@/lib/brightpearl/connect";
import { reconcileWebhooks } from "@/lib/brightpearl/webhooks";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { tenantDb } from "@/lib/tenants/scope";
import { disconnectTenant, webhookSecretOf } from "@/lib/tenants/tenants";

/**
 * Disconnects Brightpearl: our webhooks are removed from the account while the token still works,
 * then the tokens are deleted and every schedule stops. Settings, mappings and history stay, so
 * reconnecting resumes where it stopped.
 */
export async function disconnectBrightpearl(): Promise<void> {
  const tenant = await requireTenant();
  if (tenant.status === "ACTIVE") {
    try {
      const row = await db().tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { accountCode: true, webhookSecretEnc: true } });
      await reconcileWebhooks(await brightpearlFor(tenant.id), tenantDb(tenant.id), {
        tenantId: tenant.id,
        appUrl: env().APP_URL,
        secret: webhookSecretOf(row),
        wanted: [],
      });
    } catch (error) {
      // The merchant wants out: a Brightpearl hiccup must not stop the disconnect. Hooks left
      // behind are refused by the receiver (tenant not connected) and replaced on reconnect.
      log.warn("could not remove webhooks while disconnecting", { tenantId: tenant.id, err: error });
    }
  }
  await disconnectTenant(db(), tenant.id, "DISCONNECTED", "You disconnected Brightpearl in Settings.");
  revalidatePath("/", "layout");
}
