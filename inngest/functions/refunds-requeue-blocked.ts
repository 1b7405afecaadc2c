import { db } from "@/lib/db";
import { flowIsOn } from "@/lib/tenants/flow-tenants";
import { tenantDb } from "@/lib/tenants/scope";
import { inngest } from "../client";
import { brightpearlTenantConnected, magentoConnectionVerified, magentoCreditMemoDetected, setupChanged } from "../events";

// Fixing what blocked credit memos (a tax or payment mapping, a reconnection) records them now.
export const refundsRequeueBlocked = inngest.createFunction(
  { id: "refunds-requeue-blocked", triggers: [setupChanged, brightpearlTenantConnected, magentoConnectionVerified], concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const blocked = await step.run("find-blocked", async () => {
      const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
      if (tenant?.status !== "ACTIVE") return [];
      const scoped = tenantDb(tenantId);
      if (!(await flowIsOn(scoped, "refunds"))) return [];
      const rows = await scoped.syncRecord.findMany({ where: { flow: "REFUNDS", status: "BLOCKED" }, select: { sourceId: true } });
      return rows.map((r) => Number(r.sourceId)).filter(Number.isInteger);
    });
    if (blocked.length) await step.sendEvent("retry", blocked.map((creditMemoId) => magentoCreditMemoDetected.create({ tenantId, creditMemoId, reason: "unblocked" })));
    return { requeued: blocked.length };
  },
);
