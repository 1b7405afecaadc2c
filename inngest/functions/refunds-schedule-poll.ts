import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { refundsPollRequested } from "../events";

// Magento sends no webhooks: every minute, each tenant with the refunds flow on looks for new credit memos.
export const refundsSchedulePoll = inngest.createFunction(
  { id: "refunds-schedule-poll", triggers: [cron("* * * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("refunds"));
    if (tenants.length) await step.sendEvent("poll", tenants.map((tenantId) => refundsPollRequested.create({ tenantId })));
    return { tenants: tenants.length };
  },
);
