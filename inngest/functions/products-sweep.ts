import { NonRetriableError, RetryAfterError } from "inngest";
import { classify } from "@/lib/sync/classify";
import { catalogDeps, FlowUnavailable } from "@/lib/sync/inventory/context";
import { createMissingProducts } from "@/lib/sync/products/create-missing";
import { sweepProducts } from "@/lib/sync/products/product-cache";
import { enabledFlows } from "@/lib/tenants/settings";
import { inngest } from "../client";
import { productsSweepRequested } from "../events";

// The daily catalogue pass: the SKU cache re-read from Brightpearl (webhooks keep it fresh in
// between), and, with the products flow on, every Brightpearl product missing in Magento created.
export const productsSweep = inngest.createFunction(
  { id: "products-sweep", triggers: [productsSweepRequested], concurrency: { key: "event.data.tenantId", limit: 1 }, retries: 3 },
  async ({ event, step }) =>
    step.run("sweep", async () => {
      try {
        const deps = await catalogDeps(event.data.tenantId);
        const products = await sweepProducts(deps.brightpearl, deps.scoped, deps.tenantId);
        if (!(await enabledFlows(deps.scoped)).has("products")) return { products };
        const ids = (await deps.scoped.brightpearlProduct.findMany({ select: { productId: true } })).map((p) => p.productId);
        let created = 0;
        for (let i = 0; i < ids.length; i += 1000) created += (await createMissingProducts(deps, ids.slice(i, i + 1000))).created;
        return { products, created };
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        const failure = classify(error);
        if (failure.retryAfterMs) throw new RetryAfterError(failure.message, failure.retryAfterMs);
        throw error;
      }
    }),
);
