import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { inventoryAuditRequested } from "../events";

// Brightpearl does not promise a notification for every stock change: every hour each tenant with
// the stock flow on compares every mapped SKU and repairs what the webhooks missed. (Lost flushes are
// asked for again every minute by inventory-sweep-stale-changes.)
export const inventoryScheduleAudit = inngest.createFunction(
  { id: "inventory-schedule-audit", triggers: [cron("TZ=UTC 23 * * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("inventory"));
    if (tenants.length) await step.sendEvent("audit", tenants.map((tenantId) => inventoryAuditRequested.create({ tenantId, trigger: "hourly" })));
    return { tenants: tenants.length };
  },
);
