import { NonRetriableError, RetryAfterError } from "inngest";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { importCreditMemo } from "@/lib/sync/refunds/import";
import { TransientSyncError } from "@/lib/sync/shipments/failure";
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
      try {
        return await importCreditMemo(await orderDeps(event.data.tenantId), event.data.creditMemoId);
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        if (error instanceof TransientSyncError && error.retryAfterMs) throw new RetryAfterError(error.message, error.retryAfterMs);
        throw error;
      }
    }),
);
