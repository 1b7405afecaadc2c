import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { pricesAuditRequested } from "../events";

// Brightpearl raises no notification for a price change alone: every night each tenant with the
// prices flow on compares and repairs every mapped SKU's base price.
export const pricesScheduleAudit = inngest.createFunction(
  { id: "prices-schedule-audit", triggers: [cron("TZ=UTC 10 3 * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("prices"));
    if (tenants.length) await step.sendEvent("audit", tenants.map((tenantId) => pricesAuditRequested.create({ tenantId, trigger: "nightly" })));
    return { tenants: tenants.length };
  },
);
