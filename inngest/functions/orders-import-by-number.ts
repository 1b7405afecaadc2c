import { NonRetriableError } from "inngest";
import { z } from "zod";
import { searchCriteriaQuery } from "@/lib/magento/search-criteria";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { inngest } from "../client";
import { magentoOrderDetected, orderImportRequested } from "../events";

const found = z.object({ items: z.array(z.object({ entity_id: z.number().int(), increment_id: z.string() }).loose()).nullish() }).loose();

/** "Import order #…" from the dashboard: the increment id the merchant sees, to Magento's entity id. */
export const ordersImportByNumber = inngest.createFunction(
  { id: "orders-import-by-number", triggers: [orderImportRequested], retries: 3 },
  async ({ event, step }) => {
    const { tenantId, incrementId } = event.data;
    const orderId = await step.run("find-order", async () => {
      try {
        const { magento } = await orderDeps(tenantId);
        const query = { ...searchCriteriaQuery({ filterGroups: [[{ field: "increment_id", value: incrementId }]], pageSize: 1 }), fields: "items[entity_id,increment_id]" };
        return (await magento.get("/V1/orders", found, query)).items?.[0]?.entity_id ?? null;
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        throw error;
      }
    });
    if (orderId === null) return { found: false };
    await step.sendEvent("import", magentoOrderDetected.create({ tenantId, orderId, incrementId, reason: "manual" }));
    return { found: true, orderId };
  },
);
