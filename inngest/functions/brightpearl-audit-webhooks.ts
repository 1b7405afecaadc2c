import { cron } from "inngest";
import { db } from "@/lib/db";
import { activeTenantIds } from "@/lib/tenants/tenants";
import { inngest } from "../client";
import { brightpearlWebhooksSyncRequested } from "../events";

// Someone may delete our webhooks in Brightpearl; once a day every connected tenant's are
// reconciled (missing ones re-created, strays removed).
export const brightpearlAuditWebhooks = inngest.createFunction(
  { id: "brightpearl-audit-webhooks", triggers: [cron("TZ=UTC 40 4 * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-connected", () => activeTenantIds(db()));
    if (tenants.length) {
      await step.sendEvent("request-sync", tenants.map((tenantId) => brightpearlWebhooksSyncRequested.create({ tenantId, reason: "daily audit" })));
    }
    return { tenants: tenants.length };
  },
);
