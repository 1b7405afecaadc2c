import { blockedSourceIds } from "@/lib/sync/failure";
import { noteOfSourceId } from "@/lib/sync/shipments/sweep";
import { inngest } from "../client";
import { brightpearlNoteShipped, brightpearlTenantConnected, magentoConnectionVerified, setupChanged } from "../events";

// Notes held up by a lost connection are shipped once the merchant reconnects.
export const shipmentsRequeueBlocked = inngest.createFunction(
  { id: "shipments-requeue-blocked", triggers: [setupChanged, brightpearlTenantConnected, magentoConnectionVerified], concurrency: { key: "event.data.tenantId", limit: 1 } },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const blocked = await step.run("find-blocked", async () =>
      (await blockedSourceIds(tenantId, "SHIPMENTS", "shipments")).flatMap((sourceId) => {
        const note = noteOfSourceId(sourceId);
        return note ? [{ kind: note.kind, noteId: note.id }] : [];
      }),
    );
    if (blocked.length) await step.sendEvent("retry", blocked.map((n) => brightpearlNoteShipped.create({ tenantId, ...n, reason: "unblocked" })));
    return { requeued: blocked.length };
  },
);
