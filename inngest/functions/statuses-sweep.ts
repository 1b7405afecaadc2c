import { NonRetriableError } from "inngest";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { ordersToFollow, writeStatusCursor } from "@/lib/sync/statuses/sweep";
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
        const { options } = await loadSetup(deps.scoped);
        const installationIds = [Number(deps.tenant.installationInstanceId), ...(deps.previousInstallationIds ?? [])];
        const r = await ordersToFollow(deps.brightpearl, deps.scoped, { installationIds, invoiceWhenInvoiced: options.invoiceWhenBrightpearlInvoices, now: new Date() });
        return { orderIds: r.orderIds, nextCursor: r.nextCursor.toISOString() };
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        throw error;
      }
    });
    if (found.orderIds.length) await step.sendEvent("follow", found.orderIds.map((orderId) => brightpearlOrderStatusChanged.create({ tenantId, orderId, reason: "sweep" })));
    await step.run("advance-cursor", () => writeStatusCursor(tenantDb(tenantId), tenantId, new Date(found.nextCursor)));
    return { followed: found.orderIds.length };
  },
);
