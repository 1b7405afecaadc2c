import { NonRetriableError } from "inngest";
import { parseIdSet } from "@/lib/brightpearl/id-set";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { notesOfOurOrders } from "@/lib/sync/shipments/sweep";
import { flowIsOn } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { brightpearlNoteShipped, brightpearlWebhookReceived } from "../events";

// Brightpearl's shipped-note webhooks carry ID sets: the notes' orders are read in one call, and
// only notes of orders the connector imported become shipment events, each handled (and retried)
// on its own. A note of any other order costs nothing more and leaves no record.
export const shipmentsReceiveWebhook = inngest.createFunction(
  {
    id: "shipments-receive-webhook",
    triggers: [{ event: brightpearlWebhookReceived, if: "event.data.fullEvent == 'goods-out-note.modified.shipped' || event.data.fullEvent == 'drop-ship-note.modified.shipped'" }],
    retries: 3,
  },
  async ({ event, step }) => {
    const { tenantId, fullEvent, idSet } = event.data;
    const kind = fullEvent.startsWith("goods-out-note") ? "goods-out" : "drop-ship";
    const ours = await step.run("find-ours", async () => {
      try {
        const deps = await orderDeps(tenantId);
        if (!(await flowIsOn(deps.scoped, "shipments"))) return undefined;
        return await notesOfOurOrders(deps.brightpearl, deps.scoped, kind, parseIdSet(idSet));
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        throw error;
      }
    });
    if (!ours) return { skipped: "the shipments flow is off" };
    if (ours.length) await step.sendEvent("ship", ours.map((noteId) => brightpearlNoteShipped.create({ tenantId, kind, noteId, reason: "webhook" })));
    return { kind, notes: ours.length };
  },
);
