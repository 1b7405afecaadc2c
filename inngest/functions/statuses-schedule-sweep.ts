import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { statusesSweepRequested } from "../events";

/** Every quarter hour: status changes no webhook brought, and invoices (which raise no status event). */
export const statusesScheduleSweep = inngest.createFunction(
  { id: "statuses-schedule-sweep", triggers: [cron("TZ=UTC */15 * * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("shipments"));
    if (tenants.length) await step.sendEvent("sweep", tenants.map((tenantId) => statusesSweepRequested.create({ tenantId })));
    return { tenants: tenants.length };
  },
);
