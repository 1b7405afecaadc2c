import { parseIdSet } from "@/lib/brightpearl/id-set";
import { flowIsOn } from "@/lib/sync/shipments/tenants";
import { tenantDb } from "@/lib/tenants/scope";
import { inngest } from "../client";
import { brightpearlNoteShipped, brightpearlWebhookReceived } from "../events";

// Brightpearl's shipped-note webhooks carry ID sets: one shipment event per note, each handled
// (and retried) on its own.
export const shipmentsReceiveWebhook = inngest.createFunction(
  {
    id: "shipments-receive-webhook",
    triggers: [{ event: brightpearlWebhookReceived, if: "event.data.fullEvent == 'goods-out-note.modified.shipped' || event.data.fullEvent == 'drop-ship-note.modified.shipped'" }],
    retries: 3,
  },
  async ({ event, step }) => {
    const { tenantId, fullEvent, idSet } = event.data;
    const kind = fullEvent.startsWith("goods-out-note") ? "goods-out" : "drop-ship";
    const on = await step.run("flow-on", () => flowIsOn(tenantDb(tenantId), "shipments"));
    if (!on) return { skipped: "the shipments flow is off" };
    const ids = parseIdSet(idSet);
    await step.sendEvent("ship", ids.map((noteId) => brightpearlNoteShipped.create({ tenantId, kind, noteId, reason: "webhook" })));
    return { kind, notes: ids.length };
  },
);
