import { NonRetriableError, RetryAfterError } from "inngest";
import { IN_PROGRESS_RETRY_MS, TransientSyncError } from "@/lib/sync/failure";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { importCreditMemo } from "@/lib/sync/refunds/import";
import { inngest } from "../client";
import { magentoCreditMemoDetected } from "../events";

export const refundsImport = inngest.createFunction(
  {
    id: "refunds-import",
    triggers: [magentoCreditMemoDetected],
    concurrency: { key: "event.data.tenantId", limit: 2 },
    retries: 8,
  },
  async ({ event, step }) =>
    step.run("import", async () => {
      let outcome;
      try {
        outcome = await importCreditMemo(await orderDeps(event.data.tenantId), event.data.creditMemoId);
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        if (error instanceof TransientSyncError && error.retryAfterMs) throw new RetryAfterError(error.message, error.retryAfterMs);
        throw error;
      }
      // Another attempt holds the credit memo: look again later, so a crashed holder does not strand it.
      if (outcome.status === "in-progress") throw new RetryAfterError("another attempt is recording this credit memo", IN_PROGRESS_RETRY_MS);
      return outcome;
    }),
);
