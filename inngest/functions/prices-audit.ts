import { catalogDeps } from "@/lib/sync/catalog/deps";
import { auditPrices } from "@/lib/sync/prices/sync-prices";
import { inngest } from "../client";
import { pricesAuditRequested } from "../events";
import { catalogStep } from "./inventory-audit";

export const pricesAudit = inngest.createFunction(
  { id: "prices-audit", triggers: [pricesAuditRequested], concurrency: { key: "event.data.tenantId", limit: 1 }, retries: 3 },
  async ({ event, step }) =>
    step.run("audit", () =>
      catalogStep(async () => {
        const audit = await auditPrices(await catalogDeps(event.data.tenantId), event.data.trigger);
        return { reportId: audit.reportId, ...audit.counts, brightpearlCalls: audit.brightpearlCalls, blocked: audit.blocked };
      }),
    ),
);
