import { NonRetriableError, RetryAfterError } from "inngest";
import { TransientSyncError } from "@/lib/sync/failure";
import { followStatus } from "@/lib/sync/orders/status";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { inngest } from "../client";
import { magentoOrderStatusChanged } from "../events";

export const ordersFollowStatus = inngest.createFunction(
  {
    id: "orders-follow-status",
    triggers: [magentoOrderStatusChanged],
    concurrency: [{ key: "event.data.tenantId", limit: 2 }],
    retries: 6,
  },
  async ({ event, step }) =>
    step.run("follow", async () => {
      try {
        return await followStatus(await orderDeps(event.data.tenantId), event.data.orderId);
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        if (error instanceof TransientSyncError && error.retryAfterMs) throw new RetryAfterError(error.message, error.retryAfterMs);
        throw error;
      }
    }),
);
