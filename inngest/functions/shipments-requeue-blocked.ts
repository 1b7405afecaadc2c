import { db } from "@/lib/db";
import { tenantDb } from "@/lib/tenants/scope";
import { inngest } from "../client";
import { brightpearlNoteShipped, brightpearlTenantConnected, magentoConnectionVerified, setupChanged } from "../events";

// Notes held up by a lost connection are shipped once the merchant reconnects.
export const shipmentsRequeueBlocked = inngest.createFunction(
  { id: "shipments-requeue-blocked", triggers: [setupChanged, brightpearlTenantConnected, magentoConnectionVerified], concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const blocked = await step.run("find-blocked", async () => {
      const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
      if (tenant?.status !== "ACTIVE") return [];
      const rows = await tenantDb(tenantId).syncRecord.findMany({ where: { flow: "SHIPMENTS", status: "BLOCKED" }, select: { sourceId: true } });
      return rows.flatMap((r) => {
        const m = /^(gon|dropship):(\d+)$/.exec(r.sourceId);
        return m ? [{ kind: m[1] === "gon" ? ("goods-out" as const) : ("drop-ship" as const), noteId: Number(m[2]) }] : [];
      });
    });
    if (blocked.length) await step.sendEvent("retry", blocked.map((n) => brightpearlNoteShipped.create({ tenantId, ...n, reason: "unblocked" })));
    return { requeued: blocked.length };
  },
);
