import { parseIdSet } from "@/lib/brightpearl/id-set";
import { flowIsOn } from "@/lib/tenants/flow-tenants";
import { tenantDb } from "@/lib/tenants/scope";
import { inngest } from "../client";
import { brightpearlOrderStatusChanged, brightpearlWebhookReceived } from "../events";

// Order-status webhooks name every order of the account; only those the connector imported are
// followed, one event each.
export const statusesReceiveWebhook = inngest.createFunction(
  { id: "statuses-receive-webhook", triggers: [{ event: brightpearlWebhookReceived, if: "event.data.fullEvent == 'order.modified.order-status'" }], retries: 3 },
  async ({ event, step }) => {
    const { tenantId, idSet } = event.data;
    const ours = await step.run("find-ours", async () => {
      const scoped = tenantDb(tenantId);
      // Statuses travel back to Magento with the shipments flow.
      if (!(await flowIsOn(scoped, "shipments"))) return [];
      const ids = parseIdSet(idSet).map(String);
      const rows = await scoped.syncRecord.findMany({ where: { flow: "ORDERS", targetId: { in: ids } }, select: { targetId: true } });
      return [...new Set(rows.map((r) => Number(r.targetId)))];
    });
    if (ours.length) await step.sendEvent("follow", ours.map((orderId) => brightpearlOrderStatusChanged.create({ tenantId, orderId, reason: "webhook" })));
    return { followed: ours.length };
  },
);
