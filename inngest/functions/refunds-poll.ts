import { NonRetriableError } from "inngest";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { creditMemosToImport, writeRefundCursor } from "@/lib/sync/refunds/detect";
import { tenantDb } from "@/lib/tenants/scope";
import { loadSetup } from "@/lib/tenants/settings";
import { inngest } from "../client";
import { magentoCreditMemoDetected, refundsPollRequested } from "../events";

export const refundsPoll = inngest.createFunction(
  {
    id: "refunds-poll",
    triggers: [refundsPollRequested],
    // one look at a time per tenant: the cursor moves in order
    concurrency: { key: "event.data.tenantId", limit: 1 },
    retries: 3,
  },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const found = await step.run("detect", async () => {
      const { goLiveAt } = await loadSetup(tenantDb(tenantId));
      if (!goLiveAt) return undefined;
      try {
        const deps = await orderDeps(tenantId);
        const d = await creditMemosToImport(deps.magento, deps.scoped, { goLiveAt, now: new Date() });
        return { toImport: d.toImport, nextCursor: d.nextCursor.toISOString() };
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        throw error;
      }
    });
    if (!found) return { skipped: "no go-live date" };
    if (found.toImport.length) await step.sendEvent("import", found.toImport.map((creditMemoId) => magentoCreditMemoDetected.create({ tenantId, creditMemoId, reason: "schedule" })));
    // Only once the credit memos are queued does the cursor move past them.
    await step.run("advance-cursor", () => writeRefundCursor(tenantDb(tenantId), tenantId, new Date(found.nextCursor)));
    return { imports: found.toImport.length };
  },
);
