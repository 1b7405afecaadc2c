import { parseIdSet } from "@/lib/brightpearl/id-set";
import { flushEventId, recordChanges } from "@/lib/sync/products/pending-changes";
import { tenantDb } from "@/lib/tenants/scope";
import { enabledFlows } from "@/lib/tenants/settings";
import { inngest } from "../client";
import { brightpearlWebhookReceived, productChangesFlushRequested } from "../events";

// Product notifications from Brightpearl: their ids join the tenant's pending changes, and a flush
// is requested only when none is on its way, so a burst of notifications costs one flush. The
// changes are recorded under this notification's event id: if the step runs again (its first run
// stopped after recording), it still asks for the flush, and the flush event's id, derived from
// the same event id, keeps the engine from starting two.
export const inventoryCollectChanges = inngest.createFunction(
  {
    id: "inventory-collect-changes",
    triggers: [{ event: brightpearlWebhookReceived, if: "event.data.resourceType == 'product'" }],
    retries: 6,
  },
  async ({ event, step }) => {
    const { tenantId, fullEvent, idSet } = event.data;
    const eventId = event.id ?? `${tenantId}:${fullEvent}:${idSet}:${event.ts ?? ""}`;
    const flush = await step.run("record", async () => {
      const flows = await enabledFlows(tenantDb(tenantId));
      if (!flows.has("inventory") && !flows.has("prices") && !flows.has("products")) return false;
      const kind = fullEvent.startsWith("product.modified.on-hand-modified") ? "stock" : "product";
      return recordChanges(tenantId, parseIdSet(idSet), kind, { eventId });
    });
    if (flush) await step.sendEvent("request-flush", productChangesFlushRequested.create({ tenantId }, { id: flushEventId(tenantId, eventId) }));
    return { flush };
  },
);
