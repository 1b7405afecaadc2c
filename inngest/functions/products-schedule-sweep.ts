import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { productsSweepRequested } from "../events";

/** Daily, for every tenant whose stock, prices or products flow is on. */
export const productsScheduleSweep = inngest.createFunction(
  { id: "products-schedule-sweep", triggers: [cron("TZ=UTC 50 3 * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("inventory", "prices", "products"));
    if (tenants.length) await step.sendEvent("sweep", tenants.map((tenantId) => productsSweepRequested.create({ tenantId })));
    return { tenants: tenants.length };
  },
);
