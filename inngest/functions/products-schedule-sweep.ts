import { cron } from "inngest";
import { db } from "@/lib/db";
import { inngest } from "../client";
import { productsSweepRequested } from "../events";

/** Daily, for every tenant whose stock, prices or products flow is on. */
export const productsScheduleSweep = inngest.createFunction(
  { id: "products-schedule-sweep", triggers: [cron("TZ=UTC 50 3 * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const tenants = await step.run("list-tenants", async () => {
      const rows = await db().tenant.findMany({
        where: {
          status: "ACTIVE",
          magento: { verifiedAt: { not: null } },
          OR: ["inventory", "prices", "products"].map((flow) => ({ settings: { flows: { path: [flow], equals: true } } })),
        },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    });
    if (tenants.length) await step.sendEvent("sweep", tenants.map((tenantId) => productsSweepRequested.create({ tenantId })));
    return { tenants: tenants.length };
  },
);
