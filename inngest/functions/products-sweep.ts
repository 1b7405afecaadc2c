import { catalogDeps } from "@/lib/sync/catalog/deps";
import { stockContext } from "@/lib/sync/inventory/context";
import { syncStock } from "@/lib/sync/inventory/sync-stock";
import { createMissingProducts } from "@/lib/sync/products/create-missing";
import { sweepProducts } from "@/lib/sync/products/product-cache";
import { enabledFlows } from "@/lib/tenants/settings";
import { inngest } from "../client";
import { productsSweepRequested } from "../events";
import { catalogStep, STOCK_WRITER } from "./inventory-audit";

// The daily catalogue pass: the SKU cache re-read from Brightpearl (webhooks keep it fresh in
// between), and, with the products flow on, every Brightpearl product missing in Magento created
// (with no stock: with the stock flow on, the created products' stock is written right after).
export const productsSweep = inngest.createFunction(
  { id: "products-sweep", triggers: [productsSweepRequested], concurrency: [{ key: "event.data.tenantId", limit: 1 }, STOCK_WRITER], retries: 3 },
  async ({ event, step }) =>
    step.run("sweep", () =>
      catalogStep(async () => {
        const deps = await catalogDeps(event.data.tenantId);
        const products = await sweepProducts(deps.brightpearl, deps.scoped, deps.tenantId);
        const flows = await enabledFlows(deps.scoped);
        if (!flows.has("products")) return { products };
        const ids = (await deps.scoped.brightpearlProduct.findMany({ select: { productId: true }, orderBy: { productId: "asc" } })).map((p) => p.productId);
        let created = 0;
        const createdIds: number[] = [];
        for (let i = 0; i < ids.length; i += 1000) {
          const result = await createMissingProducts(deps, ids.slice(i, i + 1000));
          created += result.created;
          createdIds.push(...result.createdIds);
        }
        if (createdIds.length && flows.has("inventory")) await syncStock(deps, await stockContext(deps), createdIds);
        return { products, created };
      }),
    ),
);
