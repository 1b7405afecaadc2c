import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { ordersPollRequested } from "../events";

// Magento Open Source sends no webhooks: every minute, each tenant with the orders flow on looks
// for changed orders. Disconnected tenants and tenants without Magento are not scheduled.
export const ordersSchedulePoll = inngest.createFunction(
  { id: "orders-schedule-poll", triggers: [cron("* * * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("orders"));
    if (tenants.length) await step.sendEvent("poll", tenants.map((tenantId) => ordersPollRequested.create({ tenantId })));
    return { tenants: tenants.length };
  },
);
