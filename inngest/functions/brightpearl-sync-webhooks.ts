import { brightpearlFor } from "@/lib/brightpearl/connect";
import { reconcileWebhooks } from "@/lib/brightpearl/webhooks";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { wantedWebhooks } from "@/lib/sync/webhook-needs";
import { tenantDb } from "@/lib/tenants/scope";
import { enabledFlows } from "@/lib/tenants/settings";
import { webhookSecretOf } from "@/lib/tenants/tenants";
import { inngest } from "../client";
import { brightpearlTenantConnected, brightpearlWebhooksSyncRequested } from "../events";

export const brightpearlSyncWebhooks = inngest.createFunction(
  {
    id: "brightpearl-sync-webhooks",
    triggers: [brightpearlTenantConnected, brightpearlWebhooksSyncRequested],
    // two reconciliations of one account at once could both create the same hook
    concurrency: { key: "event.data.tenantId", limit: 1 },
  },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    return step.run("reconcile", async () => {
      const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true, accountCode: true, webhookSecretEnc: true } });
      if (!tenant || tenant.status !== "ACTIVE") return { skipped: "tenant not connected" };
      const wanted = wantedWebhooks(await enabledFlows(tenantDb(tenantId)));
      return reconcileWebhooks(await brightpearlFor(tenantId), tenantDb(tenantId), {
        tenantId,
        appUrl: env().APP_URL,
        secret: webhookSecretOf(tenant),
        wanted,
      });
    });
  },
);
