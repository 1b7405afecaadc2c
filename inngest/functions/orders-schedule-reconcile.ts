import { cron } from "inngest";
import { tenantsWithFlow } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { ordersReconcileRequested } from "../events";

const NIGHTLY = "TZ=UTC 30 2 * * *";

/** Hourly: import every order since go-live that is still missing. Nightly: a 48-hour look-back. */
export const ordersScheduleReconcile = inngest.createFunction(
  { id: "orders-schedule-reconcile", triggers: [cron("TZ=UTC 7 * * * *"), cron(NIGHTLY)], concurrency: { limit: 1 } },
  async ({ event, step }) => {
    const mode = (event.data as { cron?: string }).cron === NIGHTLY ? "lookback" : "missing";
    const tenants = await step.run("list-tenants", () => tenantsWithFlow("orders"));
    if (tenants.length) await step.sendEvent("reconcile", tenants.map((tenantId) => ordersReconcileRequested.create({ tenantId, mode })));
    return { mode, tenants: tenants.length };
  },
);
