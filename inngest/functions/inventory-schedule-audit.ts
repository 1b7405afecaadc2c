import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/tenants/flow-tenants";
import { claimStaleFlushes, flushEventId } from "@/lib/sync/products/pending-changes";
import { inngest } from "../client";
import { inventoryAuditRequested, productChangesFlushRequested } from "../events";

// Brightpearl does not promise a notification for every stock change: every hour each tenant with
// the stock flow on compares every mapped SKU and repairs what the webhooks missed. Flushes that
// were lost are asked for again here too (inventory-sweep-stale-changes does it every minute; this
// hourly pass is the net under it).
export const inventoryScheduleAudit = inngest.createFunction(
  { id: "inventory-schedule-audit", triggers: [cron("TZ=UTC 23 * * * *")], concurrency: { limit: 1 } },
  async ({ step, runId }) => {
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("inventory"));
    if (tenants.length) await step.sendEvent("audit", tenants.map((tenantId) => inventoryAuditRequested.create({ tenantId, trigger: "hourly" })));
    const sweepId = `hourly-sweep:${runId}`;
    const stale = await step.run("claim-stale-flushes", () => claimStaleFlushes(sweepId));
    if (stale.length) await step.sendEvent("flush", stale.map((tenantId) => productChangesFlushRequested.create({ tenantId }, { id: flushEventId(tenantId, sweepId) })));
    return { tenants: tenants.length, staleFlushes: stale.length };
  },
);
