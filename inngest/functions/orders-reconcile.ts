import { NonRetriableError } from "inngest";
import { ordersToReconcile } from "@/lib/sync/orders/reconcile";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { loadSetup } from "@/lib/tenants/settings";
import { tenantDb } from "@/lib/tenants/scope";
import { inngest } from "../client";
import { magentoOrderDetected, magentoOrderStatusChanged, ordersReconcileRequested } from "../events";

export const ordersReconcile = inngest.createFunction(
  { id: "orders-reconcile", triggers: [ordersReconcileRequested], concurrency: { key: "event.data.tenantId", limit: 1 }, retries: 3 },
  async ({ event, step }) => {
    const { tenantId, mode } = event.data;
    const found = await step.run("compare", async () => {
      const { goLiveAt } = await loadSetup(tenantDb(tenantId));
      if (!goLiveAt) return undefined;
      try {
        const deps = await orderDeps(tenantId);
        const r = await ordersToReconcile(deps.magento, deps.scoped, mode, goLiveAt, new Date());
        return { toImport: r.toImport.map((o) => ({ id: o.entity_id, number: o.increment_id })), statusChanged: r.statusChanged.map((o) => o.entity_id) };
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        throw error;
      }
    });
    if (!found) return { skipped: "no go-live date" };
    if (found.toImport.length) await step.sendEvent("import", found.toImport.map((o) => magentoOrderDetected.create({ tenantId, orderId: o.id, incrementId: o.number, reason: `reconcile-${mode}` })));
    if (found.statusChanged.length) await step.sendEvent("status", found.statusChanged.map((orderId) => magentoOrderStatusChanged.create({ tenantId, orderId })));
    return { mode, imports: found.toImport.length, statusChanges: found.statusChanged.length };
  },
);
