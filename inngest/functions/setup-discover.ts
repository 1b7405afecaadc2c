import { brightpearlFor } from "@/lib/brightpearl/connect";
import { db } from "@/lib/db";
import { refreshBrightpearlSnapshot, refreshMagentoSnapshot, storeSuggestions } from "@/lib/setup/run-discovery";
import { magentoFor } from "@/lib/tenants/magento";
import { tenantDb } from "@/lib/tenants/scope";
import { inngest } from "../client";
import { brightpearlTenantConnected, magentoConnectionVerified, setupChanged, setupDiscoveryRequested } from "../events";

/** Reads both sides' set-ups (a side not connected is skipped), then proposes the missing mappings. */
export const setupDiscover = inngest.createFunction(
  {
    id: "setup-discover",
    triggers: [magentoConnectionVerified, setupDiscoveryRequested, brightpearlTenantConnected],
    // two runs for one tenant would race to store snapshots and suggestions
    concurrency: { key: "event.data.tenantId", limit: 1 },
  },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const magento = await step.run("read-magento", async () => {
      const scoped = tenantDb(tenantId);
      return refreshMagentoSnapshot(scoped, tenantId, await magentoFor(scoped, tenantId));
    });
    const brightpearl = await step.run("read-brightpearl", async () => {
      const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
      const connected = tenant?.status === "ACTIVE";
      return refreshBrightpearlSnapshot(tenantDb(tenantId), tenantId, connected ? () => brightpearlFor(tenantId) : null);
    });
    const suggestions = await step.run("suggest", () => storeSuggestions(tenantDb(tenantId), tenantId));
    // New mappings may be what blocked orders were waiting for.
    if (suggestions.created > 0) await step.sendEvent("announce-suggestions", setupChanged.create({ tenantId, reason: "mappings suggested by discovery" }));
    return { magento: magento.outcome, brightpearl: brightpearl.outcome, suggested: suggestions.created };
  },
);
