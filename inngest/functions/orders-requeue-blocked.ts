import { db } from "@/lib/db";
import { tenantDb } from "@/lib/tenants/scope";
import { inngest } from "../client";
import { brightpearlTenantConnected, magentoConnectionVerified, magentoOrderDetected, setupChanged } from "../events";

// Fixing what blocked orders (a mapping, a setting, a reconnection) tries them all again; those
// still blocked say so again, at the cost of one Magento read each.
export const ordersRequeueBlocked = inngest.createFunction(
  {
    id: "orders-requeue-blocked",
    triggers: [setupChanged, brightpearlTenantConnected, magentoConnectionVerified],
    concurrency: { key: "event.data.tenantId", limit: 1 },
  },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const blocked = await step.run("find-blocked", async () => {
      const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
      if (tenant?.status !== "ACTIVE") return [];
      const rows = await tenantDb(tenantId).syncRecord.findMany({ where: { flow: "ORDERS", status: "BLOCKED" }, select: { sourceId: true } });
      return rows.map((r) => Number(r.sourceId));
    });
    if (blocked.length) await step.sendEvent("retry", blocked.map((orderId) => magentoOrderDetected.create({ tenantId, orderId, reason: "unblocked" })));
    return { requeued: blocked.length };
  },
);
