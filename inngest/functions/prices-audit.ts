import { NonRetriableError, RetryAfterError } from "inngest";
import { classify } from "@/lib/sync/classify";
import { catalogDeps, FlowUnavailable } from "@/lib/sync/inventory/context";
import { auditPrices } from "@/lib/sync/prices/sync-prices";
import { inngest } from "../client";
import { pricesAuditRequested } from "../events";

export const pricesAudit = inngest.createFunction(
  { id: "prices-audit", triggers: [pricesAuditRequested], concurrency: { key: "event.data.tenantId", limit: 1 }, retries: 3 },
  async ({ event, step }) =>
    step.run("audit", async () => {
      try {
        const audit = await auditPrices(await catalogDeps(event.data.tenantId), event.data.trigger);
        return { reportId: audit.reportId, ...audit.counts, brightpearlCalls: audit.brightpearlCalls, blocked: audit.blocked };
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        const failure = classify(error);
        if (failure.retryAfterMs) throw new RetryAfterError(failure.message, failure.retryAfterMs);
        throw error;
      }
    }),
);
