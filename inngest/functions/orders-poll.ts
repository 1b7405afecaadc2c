import { detectChanges, writeOrdersCursor } from "@/lib/sync/orders/detect";
import { tenantDb } from "@/lib/tenants/scope";
import { afterGoLive } from "../after-go-live";
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
    const found = await step.run("detect", () =>
      afterGoLive(tenantId, async (deps, { goLiveAt }) => {
        const d = await detectChanges(deps.magento, deps.scoped, { goLiveAt, now: new Date() });
        return {
          toImport: d.toImport.map((o) => ({ id: o.entity_id, number: o.increment_id, version: o.updated_at ?? o.created_at })),
          statusChanged: d.statusChanged.map((o) => ({ id: o.entity_id, version: `${o.updated_at ?? o.created_at}/${o.status}` })),
          nextCursor: d.nextCursor.toISOString(),
        };
      }),
    );
    if (!found) return { skipped: "no go-live date" };
    // Every look re-reads the overlap, and a backlog stays in it until imported: the event id (the
    // order's version) lets Inngest drop the repeats instead of queueing thousands of no-op runs
    // ahead of new orders. A changed order is a new version and is sent again.
    if (found.toImport.length) {
      await step.sendEvent(
        "import",
        found.toImport.map((o) => magentoOrderDetected.create({ tenantId, orderId: o.id, incrementId: o.number, reason: "schedule" }, { id: `order-detected:${tenantId}:${o.id}:${o.version}` })),
      );
    }
    if (found.statusChanged.length) {
      await step.sendEvent(
        "status",
        found.statusChanged.map((o) => magentoOrderStatusChanged.create({ tenantId, orderId: o.id }, { id: `order-status:${tenantId}:${o.id}:${o.version}` })),
      );
    }
    // Only once the orders are queued does the cursor move past them.
    await step.run("advance-cursor", () => writeOrdersCursor(tenantDb(tenantId), tenantId, new Date(found.nextCursor)));
    return { imports: found.toImport.length, statusChanges: found.statusChanged.length };
  },
);
