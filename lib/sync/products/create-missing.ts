import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { formatIdSet } from "@/lib/brightpearl/id-set";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { classify, TRANSIENT } from "@/lib/sync/classify";
import type { CatalogDeps } from "@/lib/sync/inventory/context";
import { magentoProducts, skuKey } from "@/lib/sync/inventory/magento-stock";
import { fetchPrices } from "@/lib/sync/prices/brightpearl-prices";
import { unitsToNumber } from "@/lib/sync/prices/money";
import { priceTargets } from "@/lib/sync/prices/targets";
import { claim, fail, findRecord, saveProgress, succeed } from "@/lib/sync/records";
import { loadDiscoveries } from "@/lib/sync/orders/context";
import { fetchAvailability } from "@/lib/sync/inventory/availability";
import { loadMappings } from "@/lib/tenants/mappings";
import { sourceQuantities } from "@/lib/sync/inventory/quantities";
import { loadProductOptions, type ProductOptions } from "./options";
import { cachedProducts } from "./product-cache";

// Brightpearl products missing in Magento become simple products there: name, SKU, weight, price
// and quantity, disabled for the merchant to review. Each is created once: its sync record (flow
// PRODUCTS, keyed by the Brightpearl product id) is claimed first, and a creation that may have
// reached Magento without our record of it is found again by SKU before anything is posted — a
// POST to an existing SKU would overwrite the merchant's product. After creation the connector
// never writes the product's content again unless the merchant chose so (overwriteContent).

export const PRODUCT_GET_CHUNK = 200;

const product = z
  .object({
    id: z.number().int(),
    identity: z.object({ sku: z.string().nullish() }).loose().nullish(),
    stock: z.object({ stockTracked: z.boolean().nullish(), weight: z.object({ magnitude: z.coerce.number().nullish() }).loose().nullish() }).loose().nullish(),
    salesChannels: z.array(z.object({ productName: z.string().nullish() }).loose()).nullish(),
    status: z.string().nullish(),
    customFields: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
type BrightpearlProduct = z.output<typeof product>;

const created = z.object({ id: z.number().int().optional(), sku: z.string() }).loose();

export type CreateResult = { candidates: number; created: number; linked: number; updated: number; skipped: number; failed: number; brightpearlCalls: number };

/** Does the product carry the chosen custom field (any value but empty, false or "no")? */
export function selected(p: BrightpearlProduct, options: ProductOptions): boolean {
  if (options.selection === "all") return true;
  const value = p.customFields?.[options.customField ?? ""];
  if (value === undefined || value === null || value === false || value === "") return false;
  return !(typeof value === "string" && /^(no|false|0)$/i.test(value.trim()));
}

// UNVERIFIED: custom fields arrive as `customFields: { PCF_CODE: value }` on the product GET with
// includeOptional=customFields (Brightpearl documents the option, not the shape); the sandbox
// sends none, so a custom-field selection creates nothing there.
async function fetchProducts(client: BrightpearlClient, ids: number[], withCustomFields: boolean): Promise<{ products: BrightpearlProduct[]; calls: number }> {
  const out: BrightpearlProduct[] = [];
  let calls = 0;
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i += PRODUCT_GET_CHUNK) {
    calls++;
    const query = withCustomFields ? { includeOptional: "customFields,nullCustomFields" } : undefined;
    out.push(...(await client.get(`/product-service/product/${formatIdSet(sorted.slice(i, i + PRODUCT_GET_CHUNK))}`, z.array(product), query)));
  }
  return { products: out, calls };
}

async function findBySku(magento: MagentoClient, sku: string): Promise<number | undefined> {
  try {
    const found = await magento.get(`/V1/products/${encodeURIComponent(sku)}`, created);
    return found.id ?? 0;
  } catch (error) {
    if (error instanceof MagentoError && error.kind === "not-found") return undefined;
    throw error;
  }
}

const nameOf = (p: BrightpearlProduct) => p.salesChannels?.[0]?.productName ?? p.identity?.sku ?? `Product ${p.id}`;

/**
 * Creates (or, with overwriteContent, updates) the Magento products for these Brightpearl
 * products. Products already in Magento that the connector did not create are left alone.
 */
export async function createMissingProducts(deps: CatalogDeps, productIds: number[]): Promise<CreateResult> {
  const result: CreateResult = { candidates: 0, created: 0, linked: 0, updated: 0, skipped: 0, failed: 0, brightpearlCalls: 0 };
  const options = await loadProductOptions(deps.scoped);
  const cached = await cachedProducts(deps.scoped, productIds);
  const inMagento = await magentoProducts(deps.magento, [...cached.values()].map((p) => p.sku));
  const records = new Map(
    (await deps.scoped.syncRecord.findMany({ where: { flow: "PRODUCTS", sourceId: { in: [...cached.keys()].map(String) } }, select: { sourceId: true, status: true } })).map((r) => [Number(r.sourceId), r.status]),
  );
  // Missing in Magento and not created before; or created by us and to be refreshed.
  const toCreate = [...cached.values()].filter((p) => !inMagento.has(skuKey(p.sku)) && records.get(p.productId) !== "SUCCEEDED" && records.get(p.productId) !== "SKIPPED");
  const toUpdate = options.overwriteContent ? [...cached.values()].filter((p) => inMagento.has(skuKey(p.sku)) && records.get(p.productId) === "SUCCEEDED") : [];
  result.candidates = toCreate.length + toUpdate.length;
  if (!result.candidates) return result;

  const fetched = await fetchProducts(deps.brightpearl, [...toCreate, ...toUpdate].map((p) => p.productId), options.selection === "custom-field");
  result.brightpearlCalls += fetched.calls;
  const byId = new Map(fetched.products.map((p) => [p.id, p]));
  const { targets } = await priceTargets(deps.scoped);
  const listId = targets[0]?.priceListId;
  const prices = listId === undefined ? { prices: new Map(), calls: 0 } : await fetchPrices(deps.brightpearl, toCreate.map((p) => p.productId), [listId]);
  result.brightpearlCalls += prices.calls;
  const tracked = toCreate.filter((p) => p.stockTracked);
  const availability = tracked.length ? await fetchAvailability(deps.brightpearl, tracked.map((p) => p.productId)) : undefined;
  result.brightpearlCalls += availability?.calls ?? 0;
  const { magento: discovered } = await loadDiscoveries(deps.scoped);
  // The first quantity: what the stock flow would give the mapped sources (every warehouse when
  // none is mapped); the stock flow keeps it right from then on.
  const mapped = [...(await loadMappings(deps.scoped))["source-warehouses"].values()].map((r) => ({ code: r.sourceKey, warehouseIds: r.target.warehouseIds }));
  const websiteIds = discovered?.websites.filter((w) => w.id !== 0).map((w) => w.id) ?? [1];

  for (const cachedProduct of toCreate) {
    const bp = byId.get(cachedProduct.productId);
    const key = { tenantId: deps.tenantId, flow: "PRODUCTS" as const, sourceId: String(cachedProduct.productId) };
    if (!bp || (bp.status ?? "LIVE") !== "LIVE" || !selected(bp, options)) {
      result.skipped++;
      continue;
    }
    if (!(await claim(deps.scoped, key, cachedProduct.sku))) {
      result.skipped++;
      continue;
    }
    const record = await findRecord(deps.scoped, key);
    try {
      if ((record?.progress as { postStarted?: boolean } | null)?.postStarted) {
        const found = await findBySku(deps.magento, cachedProduct.sku);
        if (found !== undefined) {
          await succeed(deps.scoped, key, { targetId: String(found), response: { recovered: true } });
          result.linked++;
          continue;
        }
      }
      const levels = availability?.levels.get(cachedProduct.productId) ?? new Map();
      const sources = mapped.length ? mapped : [{ code: "default", warehouseIds: [...levels.keys()] }];
      let qty = 0;
      for (const q of sourceQuantities(levels, sources).values()) qty += q;
      const units = listId === undefined ? undefined : prices.prices.get(cachedProduct.productId)?.get(listId);
      const body = {
        product: {
          sku: cachedProduct.sku,
          name: nameOf(bp),
          attribute_set_id: 4,
          type_id: "simple",
          price: units === undefined ? 0 : unitsToNumber(units),
          status: 2,
          visibility: 4,
          weight: bp.stock?.weight?.magnitude ?? 0,
          extension_attributes: { website_ids: websiteIds, stock_item: { qty, is_in_stock: qty > 0 } },
        },
      };
      await saveProgress(deps.scoped, key, { postStarted: true });
      const answer = await deps.magento.post("/V1/products", body, created, "all");
      await succeed(deps.scoped, key, { targetId: String(answer.id ?? ""), request: body, response: { id: answer.id } });
      result.created++;
    } catch (error) {
      const failure = classify(error);
      await fail(deps.scoped, key, failure, TRANSIENT.has(failure.kind));
      result.failed++;
      if (TRANSIENT.has(failure.kind)) throw error;
    }
  }

  for (const cachedProduct of toUpdate) {
    const bp = byId.get(cachedProduct.productId);
    if (!bp) continue;
    const key = { tenantId: deps.tenantId, flow: "PRODUCTS" as const, sourceId: String(cachedProduct.productId) };
    const sku = inMagento.get(skuKey(cachedProduct.sku))!.sku;
    try {
      await deps.magento.put(`/V1/products/${encodeURIComponent(sku)}`, { product: { sku, name: nameOf(bp), weight: bp.stock?.weight?.magnitude ?? 0 } }, created, "all");
      result.updated++;
    } catch (error) {
      const failure = classify(error);
      await fail(deps.scoped, key, failure, TRANSIENT.has(failure.kind));
      result.failed++;
      if (TRANSIENT.has(failure.kind)) throw error;
    }
  }
  return result;
}
