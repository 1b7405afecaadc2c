import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { shipmentsSweepRequested } from "../events";

/** Hourly: each tenant with the shipments flow on looks for shipped notes no webhook brought. */
export const shipmentsScheduleSweep = inngest.createFunction(
  { id: "shipments-schedule-sweep", triggers: [cron("TZ=UTC 23 * * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("shipments"));
    if (tenants.length) await step.sendEvent("sweep", tenants.map((tenantId) => shipmentsSweepRequested.create({ tenantId })));
    return { tenants: tenants.length };
  },
);
