import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/sync/inventory/context";
import { tenantsWithStaleChanges } from "@/lib/sync/products/pending-changes";
import { inngest } from "../client";
import { inventoryAuditRequested, productChangesFlushRequested } from "../events";

// Brightpearl does not promise a notification for every stock change: every hour each tenant with
// the stock flow on compares every mapped SKU and repairs what the webhooks missed. Changes still
// pending from a flush that was lost or gave up are flushed again.
export const inventoryScheduleAudit = inngest.createFunction(
  { id: "inventory-schedule-audit", triggers: [cron("TZ=UTC 23 * * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("inventory"));
    if (tenants.length) await step.sendEvent("audit", tenants.map((tenantId) => inventoryAuditRequested.create({ tenantId, trigger: "hourly" })));
    const stale = await step.run("list-stale-changes", () => tenantsWithStaleChanges());
    if (stale.length) await step.sendEvent("flush", stale.map((tenantId) => productChangesFlushRequested.create({ tenantId })));
    return { tenants: tenants.length, staleFlushes: stale.length };
  },
);
