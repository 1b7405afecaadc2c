import { blockedSourceIds } from "@/lib/sync/failure";
import { inngest } from "../client";
import { brightpearlTenantConnected, magentoConnectionVerified, magentoOrderDetected, setupChanged } from "../events";

// Fixing what blocked orders (a mapping, a setting, a reconnection) tries them all again; those
// still blocked say so again, at the cost of one Magento read each. Nothing while the flow is off.
export const ordersRequeueBlocked = inngest.createFunction(
  {
    id: "orders-requeue-blocked",
    triggers: [setupChanged, brightpearlTenantConnected, magentoConnectionVerified],
    concurrency: { key: "event.data.tenantId", limit: 1 },
  },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const blocked = await step.run("find-blocked", async () => (await blockedSourceIds(tenantId, "ORDERS", "orders")).map(Number).filter(Number.isInteger));
    if (blocked.length) await step.sendEvent("retry", blocked.map((orderId) => magentoOrderDetected.create({ tenantId, orderId, reason: "unblocked" })));
    return { requeued: blocked.length };
  },
);
