import { blockedSourceIds } from "@/lib/sync/failure";
import { inngest } from "../client";
import { brightpearlTenantConnected, magentoConnectionVerified, magentoCreditMemoDetected, setupChanged } from "../events";

// Fixing what blocked credit memos (a tax or payment mapping, a reconnection) records them now.
export const refundsRequeueBlocked = inngest.createFunction(
  { id: "refunds-requeue-blocked", triggers: [setupChanged, brightpearlTenantConnected, magentoConnectionVerified], concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const blocked = await step.run("find-blocked", async () =>
      (await blockedSourceIds(tenantId, "REFUNDS", "refunds")).map(Number).filter(Number.isInteger),
    );
    if (blocked.length) await step.sendEvent("retry", blocked.map((creditMemoId) => magentoCreditMemoDetected.create({ tenantId, creditMemoId, reason: "unblocked" })));
    return { requeued: blocked.length };
  },
);
