import { NonRetriableError, RetryAfterError } from "inngest";
import { catalogDeps, FlowUnavailable } from "@/lib/sync/catalog/deps";
import { classify } from "@/lib/sync/classify";
import { stockContext } from "@/lib/sync/inventory/context";
import { auditStock } from "@/lib/sync/inventory/reconcile";
import { inngest } from "../client";
import { inventoryAuditRequested } from "../events";

/**
 * One writer of a tenant's stock at a time: the audit and the change flush share this key, so
 * neither writes a SKU from values the other is about to change.
 */
export const STOCK_WRITER = { scope: "env" as const, key: '"stock-writer:" + event.data.tenantId', limit: 1 };

/**
 * The catalogue functions' (stock, prices, products) one translation of failures into the engine's
 * retry decisions: a flow that cannot run, or whose credentials were refused, stops once instead of
 * retrying (and lets go of what it was working through: the audit after a reconnection repairs it);
 * throttling waits as long as asked.
 */
export async function catalogStep<T>(work: () => Promise<T>, onUnavailable?: () => Promise<void>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FlowUnavailable) {
      await onUnavailable?.();
      throw new NonRetriableError(error.message);
    }
    const failure = classify(error);
    if (failure.kind === "magento-auth" || failure.kind === "brightpearl-disconnected") {
      await onUnavailable?.();
      throw new NonRetriableError(failure.message);
    }
    if (failure.retryAfterMs) throw new RetryAfterError(failure.message, failure.retryAfterMs);
    throw error;
  }
}

export const inventoryAudit = inngest.createFunction(
  { id: "inventory-audit", triggers: [inventoryAuditRequested], concurrency: [{ key: "event.data.tenantId", limit: 1 }, STOCK_WRITER], retries: 3 },
  async ({ event, step }) =>
    step.run("audit", () =>
      catalogStep(async () => {
        const deps = await catalogDeps(event.data.tenantId);
        const audit = await auditStock(deps, await stockContext(deps), event.data.trigger);
        return { reportId: audit.reportId, ...audit.counts, brightpearlCalls: audit.brightpearlCalls, blocked: audit.blocked };
      }),
    ),
);
