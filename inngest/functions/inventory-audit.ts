import { NonRetriableError, RetryAfterError } from "inngest";
import { classify } from "@/lib/sync/classify";
import { catalogDeps, FlowUnavailable, stockContext } from "@/lib/sync/inventory/context";
import { auditStock } from "@/lib/sync/inventory/reconcile";
import { inngest } from "../client";
import { inventoryAuditRequested } from "../events";

export const inventoryAudit = inngest.createFunction(
  { id: "inventory-audit", triggers: [inventoryAuditRequested], concurrency: { key: "event.data.tenantId", limit: 1 }, retries: 3 },
  async ({ event, step }) =>
    step.run("audit", async () => {
      try {
        const deps = await catalogDeps(event.data.tenantId);
        const audit = await auditStock(deps, await stockContext(deps), event.data.trigger);
        return { reportId: audit.reportId, ...audit.counts, brightpearlCalls: audit.brightpearlCalls, blocked: audit.blocked };
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        const failure = classify(error);
        if (failure.retryAfterMs) throw new RetryAfterError(failure.message, failure.retryAfterMs);
        throw error;
      }
    }),
);
