import { NonRetriableError, RetryAfterError } from "inngest";
import { importOrder } from "@/lib/sync/orders/import";
import { TransientSyncError } from "@/lib/sync/failure";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { inngest } from "../client";
import { magentoOrderDetected } from "../events";

export const ordersImport = inngest.createFunction(
  {
    id: "orders-import",
    triggers: [magentoOrderDetected],
    // a few orders of a tenant at once: the shared request budget paces them against Brightpearl
    concurrency: { key: "event.data.tenantId", limit: 4 },
    retries: 8,
  },
  async ({ event, step }) =>
    step.run("import", async () => {
      try {
        return await importOrder(await orderDeps(event.data.tenantId), event.data.orderId);
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        if (error instanceof TransientSyncError && error.retryAfterMs) throw new RetryAfterError(error.message, error.retryAfterMs);
        throw error;
      }
    }),
);
