import { NonRetriableError, RetryAfterError } from "inngest";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { IN_PROGRESS_RETRY_MS, TransientSyncError } from "@/lib/sync/failure";
import { followBrightpearlOrder } from "@/lib/sync/statuses/follow";
import { inngest } from "../client";
import { brightpearlOrderStatusChanged } from "../events";

export const statusesFollow = inngest.createFunction(
  {
    id: "statuses-follow",
    triggers: [brightpearlOrderStatusChanged],
    concurrency: { key: "event.data.tenantId", limit: 1 },
    retries: 6,
  },
  async ({ event, step }) =>
    step.run("follow", async () => {
      let outcome;
      try {
        outcome = await followBrightpearlOrder(await orderDeps(event.data.tenantId), event.data.orderId);
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        if (error instanceof TransientSyncError && error.retryAfterMs) throw new RetryAfterError(error.message, error.retryAfterMs);
        throw error;
      }
      // Another attempt holds the order: look again once it is done, so a later change is not lost.
      if (outcome.status === "in-progress") throw new RetryAfterError("another attempt is following this order", IN_PROGRESS_RETRY_MS);
      return outcome;
    }),
);
