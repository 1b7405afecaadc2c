import { parseIdSet } from "@/lib/brightpearl/id-set";
import { recordChanges } from "@/lib/sync/products/pending-changes";
import { tenantDb } from "@/lib/tenants/scope";
import { enabledFlows } from "@/lib/tenants/settings";
import { inngest } from "../client";
import { brightpearlWebhookReceived, productChangesFlushRequested } from "../events";

// Product notifications from Brightpearl: their ids join the tenant's pending changes, and a flush
// is requested only when none is on its way, so a burst of notifications costs one flush.
export const inventoryCollectChanges = inngest.createFunction(
  {
    id: "inventory-collect-changes",
    triggers: [{ event: brightpearlWebhookReceived, if: "event.data.resourceType == 'product'" }],
    retries: 6,
  },
  async ({ event, step }) => {
    const { tenantId, fullEvent, idSet } = event.data;
    const flush = await step.run("record", async () => {
      const flows = await enabledFlows(tenantDb(tenantId));
      if (!flows.has("inventory") && !flows.has("prices") && !flows.has("products")) return false;
      const kind = fullEvent.startsWith("product.modified.on-hand-modified") ? "stock" : "product";
      return recordChanges(tenantId, parseIdSet(idSet), kind);
    });
    if (flush) await step.sendEvent("request-flush", productChangesFlushRequested.create({ tenantId }));
    return { flush };
  },
);
