import { db } from "@/lib/db";
import { noteOfSourceId } from "@/lib/sync/shipments/sweep";
import { flowIsOn } from "@/lib/tenants/flow-tenants";
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
      const scoped = tenantDb(tenantId);
      if (!(await flowIsOn(scoped, "shipments"))) return [];
      const rows = await scoped.syncRecord.findMany({ where: { flow: "SHIPMENTS", status: "BLOCKED" }, select: { sourceId: true } });
      return rows.flatMap((r) => {
        const note = noteOfSourceId(r.sourceId);
        return note ? [{ kind: note.kind, noteId: note.id }] : [];
      });
    });
    if (blocked.length) await step.sendEvent("retry", blocked.map((n) => brightpearlNoteShipped.create({ tenantId, ...n, reason: "unblocked" })));
    return { requeued: blocked.length };
  },
);
