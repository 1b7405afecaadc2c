import { NonRetriableError } from "inngest";
import { detectChanges, writeCursor } from "@/lib/sync/orders/detect";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { loadSetup } from "@/lib/tenants/settings";
import { tenantDb } from "@/lib/tenants/scope";
import { inngest } from "../client";
import { magentoOrderDetected, magentoOrderStatusChanged, ordersPollRequested } from "../events";

export const ordersPoll = inngest.createFunction(
  {
    id: "orders-poll",
    triggers: [ordersPollRequested],
    // one look at a time per tenant: the cursor moves in order
    concurrency: { key: "event.data.tenantId", limit: 1 },
    retries: 3,
  },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const found = await step.run("detect", async () => {
      const { goLiveAt } = await loadSetup(tenantDb(tenantId));
      if (!goLiveAt) return undefined;
      try {
        const deps = await orderDeps(tenantId);
        const d = await detectChanges(deps.magento, deps.scoped, { goLiveAt, now: new Date() });
        return {
          toImport: d.toImport.map((o) => ({ id: o.entity_id, number: o.increment_id })),
          statusChanged: d.statusChanged.map((o) => o.entity_id),
          nextCursor: d.nextCursor.toISOString(),
        };
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        throw error;
      }
    });
    if (!found) return { skipped: "no go-live date" };
    if (found.toImport.length) {
      await step.sendEvent("import", found.toImport.map((o) => magentoOrderDetected.create({ tenantId, orderId: o.id, incrementId: o.number, reason: "schedule" })));
    }
    if (found.statusChanged.length) {
      await step.sendEvent("status", found.statusChanged.map((orderId) => magentoOrderStatusChanged.create({ tenantId, orderId })));
    }
    // Only once the orders are queued does the cursor move past them.
    await step.run("advance-cursor", () => writeCursor(tenantDb(tenantId), tenantId, new Date(found.nextCursor)));
    return { imports: found.toImport.length, statusChanges: found.statusChanged.length };
  },
);
