import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { formatIdSet } from "@/lib/brightpearl/id-set";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { isRowRefusal } from "@/lib/sync/catalog/batch-write";
import type { CatalogDeps } from "@/lib/sync/catalog/deps";
import { magentoProducts, skuKey } from "@/lib/sync/catalog/magento-catalog";
import { classify, TRANSIENT } from "@/lib/sync/classify";
import { loadDiscoveries } from "@/lib/sync/orders/context";
import { fetchPrices } from "@/lib/sync/prices/brightpearl-prices";
import { unitsToNumber } from "@/lib/sync/prices/money";
import { priceTargets } from "@/lib/sync/prices/targets";
import { claim, fail, findRecord, saveProgress, succeed } from "@/lib/sync/records";
import { loadProductOptions, type ProductOptions } from "./options";
import { cachedProducts, PRODUCT_ID_CHUNK, skuOwners, type CachedProduct } from "./product-cache";

// Brightpearl products missing in Magento become simple products there: name, SKU, weight and
// price, disabled for the merchant to review, with no stock (the stock flow writes each mapped
// source's quantity). Each is created once: its sync record (flow PRODUCTS, keyed by the
// Brightpearl product id) is claimed first and marked before the POST; a creation that reached
// Magento without our record of it (a crash after the POST) is found again by SKU and linked — a
// second POST to an existing SKU would overwrite the merchant's product. After creation the
// connector never writes the product's content again unless the merchant chose so.
//
// Brightpearl is asked only about what the cache cannot answer: products already in Magento,
// already created, or sharing a SKU with an older product are left out before any call; details
// (with custom fields when the selection needs them) are read for the rest, and prices only for
// the products that pass the selection.

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

export type CreateResult = { candidates: number; created: number; linked: number; updated: number; skipped: number; failed: number; brightpearlCalls: number; createdIds: number[] };

/**
 * Does the product carry the chosen custom field (any value but empty, false or "no")? A dropdown
 * field's value is its chosen option, `{ id, value }`: the option's text decides.
 */
export function selected(p: Pick<BrightpearlProduct, "customFields">, options: ProductOptions): boolean {
  if (options.selection === "all") return true;
  if (!options.customField) return false;
  // Brightpearl's codes are upper case (PCF_MAGENTO); the merchant may type them in either
  const code = options.customField.toUpperCase();
  const key = Object.keys(p.customFields ?? {}).find((k) => k.toUpperCase() === code);
  const field = key === undefined ? undefined : p.customFields![key];
  const value = field !== null && typeof field === "object" ? (field as { value?: unknown }).value : field;
  if (value === undefined || value === null || value === false || value === "") return false;
  return !(typeof value === "string" && /^(no|false|0)$/i.test(value.trim()));
}

// UNVERIFIED: custom fields arrive as `customFields: { PCF_CODE: value }` on the product GET with
// includeOptional=customFields (Brightpearl documents the option, not the shape). A product whose
// answer has no customFields at all counts as unmarked.
async function fetchProducts(client: BrightpearlClient, ids: number[], withCustomFields: boolean): Promise<{ products: Map<number, BrightpearlProduct>; calls: number }> {
  const products = new Map<number, BrightpearlProduct>();
  let calls = 0;
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i += PRODUCT_ID_CHUNK) {
    calls++;
    const query = withCustomFields ? { includeOptional: "customFields,nullCustomFields" } : undefined;
    for (const p of await client.get(`/product-service/product/${formatIdSet(sorted.slice(i, i + PRODUCT_ID_CHUNK))}`, z.array(product), query)) products.set(p.id, p);
  }
  return { products, calls };
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

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");

const URL_KEY_TAKEN = /url key for specified store already exists/i;

type ProductBody = { product: { sku: string; name: string; custom_attributes?: { attribute_code: string; value: string }[] } & Record<string, unknown> };

/**
 * POST /V1/products. Magento derives the URL key from the name, and refuses a name another product
 * already has ("URL key for specified store already exists"): the product is then posted again
 * with the name's key suffixed by its SKU, which no other product has.
 */
export async function postProduct(magento: MagentoClient, body: ProductBody): Promise<z.output<typeof created>> {
  try {
    return await magento.post("/V1/products", body, created, "all");
  } catch (error) {
    const text = error instanceof MagentoError ? `${error.options.magentoMessage ?? ""} ${error.message}` : "";
    if (!isRowRefusal(error) || !URL_KEY_TAKEN.test(text)) throw error;
    const urlKey = [slug(body.product.name), slug(body.product.sku)].filter(Boolean).join("-");
    const attributes = (body.product.custom_attributes ?? []).filter((a) => a.attribute_code !== "url_key");
    return magento.post("/V1/products", { product: { ...body.product, custom_attributes: [...attributes, { attribute_code: "url_key", value: urlKey }] } }, created, "all");
  }
}

type Key = { tenantId: string; flow: "PRODUCTS"; sourceId: string };

/** Records a failure; a transient one is thrown on, for the engine to retry the pass. */
async function failed(deps: CatalogDeps, key: Key, error: unknown, result: CreateResult): Promise<void> {
  const failure = classify(error);
  await fail(deps.scoped, key, failure, TRANSIENT.has(failure.kind));
  result.failed++;
  if (TRANSIENT.has(failure.kind)) throw error;
}

/**
 * Creates (or, with overwriteContent, updates) the Magento products for these Brightpearl
 * products. Products already in Magento that the connector did not create are left alone.
 */
export async function createMissingProducts(deps: CatalogDeps, productIds: number[]): Promise<CreateResult> {
  const result: CreateResult = { candidates: 0, created: 0, linked: 0, updated: 0, skipped: 0, failed: 0, brightpearlCalls: 0, createdIds: [] };
  const options = await loadProductOptions(deps.scoped);
  const cached = await cachedProducts(deps.scoped, productIds);
  // Magento has one product per SKU: of Brightpearl products sharing one, only the oldest counts.
  const owners = await skuOwners(deps.scoped, [...cached.values()].map((p) => p.sku));
  const own = [...cached.values()].filter((p) => (owners.get(skuKey(p.sku))?.productId ?? p.productId) === p.productId);
  const inMagento = await magentoProducts(deps.magento, own.map((p) => p.sku));
  const records = new Map(
    (await deps.scoped.syncRecord.findMany({ where: { flow: "PRODUCTS", sourceId: { in: own.map((p) => String(p.productId)) } }, select: { sourceId: true, status: true, progress: true } })).map((r) => [
      Number(r.sourceId),
      { status: r.status, posted: Boolean((r.progress as { postStarted?: boolean } | null)?.postStarted) },
    ]),
  );
  const done = (p: CachedProduct) => records.get(p.productId)?.status === "SUCCEEDED";
  const toLink = own.filter((p) => inMagento.has(skuKey(p.sku)) && !done(p) && records.get(p.productId)?.posted);
  const toCreate = own.filter((p) => !inMagento.has(skuKey(p.sku)) && !done(p));
  const toUpdate = options.overwriteContent ? own.filter((p) => inMagento.has(skuKey(p.sku)) && done(p)) : [];
  result.candidates = toLink.length + toCreate.length + toUpdate.length;

  const keyOf = (p: CachedProduct): Key => ({ tenantId: deps.tenantId, flow: "PRODUCTS", sourceId: String(p.productId) });
  /** A POST that may have reached Magento: link the product it made instead of posting again. */
  const linkIfPosted = async (p: CachedProduct): Promise<boolean> => {
    const found = await findBySku(deps.magento, p.sku);
    if (found === undefined) return false;
    await succeed(deps.scoped, keyOf(p), { targetId: String(found), response: { recovered: true } });
    result.linked++;
    return true;
  };

  for (const p of toLink) {
    if (!(await claim(deps.scoped, keyOf(p), p.sku))) continue;
    try {
      // The SKU may also have been made by the merchant meanwhile: ours only if our POST started.
      if (!(await linkIfPosted(p))) {
        await fail(deps.scoped, keyOf(p), { kind: "not-found", message: "The product disappeared from Magento before the connector could link it; it is created again on the next pass." }, false);
      }
    } catch (error) {
      await failed(deps, keyOf(p), error, result);
    }
  }
  if (!toCreate.length && !toUpdate.length) return result;

  const fetched = await fetchProducts(deps.brightpearl, [...toCreate, ...toUpdate].map((p) => p.productId), options.selection === "custom-field");
  result.brightpearlCalls += fetched.calls;
  const wanted = toCreate.filter((p) => {
    const bp = fetched.products.get(p.productId);
    return bp && (bp.status ?? "LIVE") === "LIVE" && selected(bp, options);
  });
  result.skipped += toCreate.length - wanted.length;
  const { targets } = await priceTargets(deps.scoped);
  const listId = targets[0]?.priceListId;
  const prices = listId === undefined || !wanted.length ? { prices: new Map<number, Map<number, number>>(), calls: 0 } : await fetchPrices(deps.brightpearl, wanted.map((p) => p.productId), [listId]);
  result.brightpearlCalls += prices.calls;
  const { magento: discovered } = await loadDiscoveries(deps.scoped);
  const websiteIds = discovered?.websites.filter((w) => w.id !== 0).map((w) => w.id) ?? [1];

  for (const p of wanted) {
    const bp = fetched.products.get(p.productId)!;
    const key = keyOf(p);
    if (!(await claim(deps.scoped, key, p.sku))) {
      result.skipped++;
      continue;
    }
    const record = await findRecord(deps.scoped, key);
    try {
      if ((record?.progress as { postStarted?: boolean } | null)?.postStarted && (await linkIfPosted(p))) continue;
      const units = listId === undefined ? undefined : prices.prices.get(p.productId)?.get(listId);
      const body = {
        product: {
          sku: p.sku,
          name: nameOf(bp),
          attribute_set_id: 4,
          type_id: "simple",
          price: units === undefined ? 0 : unitsToNumber(units),
          status: 2,
          visibility: 4,
          weight: bp.stock?.weight?.magnitude ?? 0,
          // No stock of its own: on MSI stores this is the default source's item, and the stock
          // flow writes the quantity of each mapped source from Brightpearl.
          extension_attributes: { website_ids: websiteIds, stock_item: { qty: 0, is_in_stock: false } },
        },
      };
      await saveProgress(deps.scoped, key, { postStarted: true });
      const answer = await postProduct(deps.magento, body);
      await succeed(deps.scoped, key, { targetId: String(answer.id ?? ""), request: body, response: { id: answer.id } });
      result.created++;
      result.createdIds.push(p.productId);
    } catch (error) {
      await failed(deps, key, error, result);
    }
  }

  for (const p of toUpdate) {
    const bp = fetched.products.get(p.productId);
    if (!bp) continue;
    const sku = inMagento.get(skuKey(p.sku))!.sku;
    try {
      await deps.magento.put(`/V1/products/${encodeURIComponent(sku)}`, { product: { sku, name: nameOf(bp), weight: bp.stock?.weight?.magnitude ?? 0 } }, created, "all");
      result.updated++;
    } catch (error) {
      await failed(deps, keyOf(p), error, result);
    }
  }
  return result;
}
