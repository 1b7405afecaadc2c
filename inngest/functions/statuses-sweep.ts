import { NonRetriableError } from "inngest";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { ordersToFollow, strandedStatusRecords, writeStatusCursor } from "@/lib/sync/statuses/sweep";
import { tenantDb } from "@/lib/tenants/scope";
import { loadSetup } from "@/lib/tenants/settings";
import { inngest } from "../client";
import { brightpearlOrderStatusChanged, statusesSweepRequested } from "../events";

export const statusesSweep = inngest.createFunction(
  { id: "statuses-sweep", triggers: [statusesSweepRequested], concurrency: { key: "event.data.tenantId", limit: 1 }, retries: 3 },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const found = await step.run("find-changed", async () => {
      try {
        const deps = await orderDeps(tenantId);
        const { options, flows } = await loadSetup(deps.scoped);
        // Statuses travel back to Magento with the shipments flow.
        if (!flows.shipments) return undefined;
        const installationIds = [Number(deps.tenant.installationInstanceId), ...(deps.previousInstallationIds ?? [])];
        const now = new Date();
        const r = await ordersToFollow(deps.brightpearl, deps.scoped, { installationIds, invoiceWhenInvoiced: options.invoiceWhenBrightpearlInvoices, now });
        const stranded = await strandedStatusRecords(deps.scoped, tenantId, now);
        return { orderIds: r.orderIds.filter((id) => !stranded.some((s) => s.orderId === id)), stranded, nextCursor: r.nextCursor.toISOString() };
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        throw error;
      }
    });
    if (!found) return { skipped: "the shipments flow is off" };
    const events = [
      ...found.orderIds.map((orderId) => brightpearlOrderStatusChanged.create({ tenantId, orderId, reason: "sweep" })),
      ...found.stranded.map((s) => brightpearlOrderStatusChanged.create({ tenantId, orderId: s.orderId, reason: "requeue" }, { id: s.eventId })),
    ];
    if (events.length) await step.sendEvent("follow", events);
    await step.run("advance-cursor", () => writeStatusCursor(tenantDb(tenantId), tenantId, new Date(found.nextCursor)));
    return { followed: found.orderIds.length, requeued: found.stranded.length };
  },
);
