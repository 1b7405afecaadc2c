// Products, their prices per price list and their search. Shapes follow recorded GET answers.
import { z } from "zod";
import type { SandboxContext } from "../context";
import { formatDec, parseDec } from "../lib/decimal";
import { formatInOffset } from "../lib/datetime";
import { invalid, notFound } from "../http/errors";
import type { SearchDefinition } from "../http/search";
import { nextId, offsetOf } from "../state/accounts";
import type { AccountState, CustomFieldValue, Product } from "../state/types";

export const PRODUCT_CREATED = "product.created";
export const PRODUCT_MODIFIED = "product.modified";

const taxCodeRef = z.object({ id: z.number().int().optional(), code: z.string().optional() });

export const productBodySchema = z.object({
  brandId: z.number().int().optional(),
  productTypeId: z.number().int().optional(),
  identity: z
    .object({ sku: z.string().max(64).optional(), barcode: z.string().optional(), ean: z.string().optional(), upc: z.string().optional(), isbn: z.string().optional(), mpn: z.string().optional() })
    .optional(),
  featured: z.boolean().optional(),
  stock: z.object({ stockTracked: z.boolean().optional(), weight: z.object({ magnitude: z.union([z.number(), z.string()]) }).optional() }).optional(),
  financialDetails: z.object({ taxable: z.boolean().optional(), taxCode: taxCodeRef.optional() }).optional(),
  salesChannels: z
    .array(
      z.object({
        salesChannelName: z.string().optional(),
        productName: z.string().min(1).max(255),
        productCondition: z.string().optional(),
        categories: z.array(z.object({ categoryCode: z.union([z.string(), z.number()]) })).optional(),
        description: z.object({ text: z.string() }).partial().optional(),
        shortDescription: z.object({ text: z.string() }).partial().optional(),
      }),
    )
    .min(1)
    .optional(),
  status: z.enum(["LIVE", "ARCHIVED"]).optional(),
});
export type ProductBody = z.infer<typeof productBodySchema>;

function resolveTaxCode(account: AccountState, ref: z.infer<typeof taxCodeRef> | undefined) {
  if (!ref) return undefined;
  const tc = account.reference.taxCodes.find((t) => (ref.id !== undefined ? t.id === ref.id : t.code === ref.code));
  if (!tc) throw invalid("PRDC-020", "The tax code given does not exist");
  return tc;
}

/** POST /product-service/product: brand, tax code and a Brightpearl sales channel are required. */
export function createProduct(ctx: SandboxContext, account: AccountState, body: ProductBody): Product {
  // Recorded: a product without brandId is refused with PRDC-014.
  if (body.brandId === undefined) throw invalid("PRDC-014", "brandId is required");
  if (!account.reference.brands.some((b) => b.id === body.brandId)) throw invalid("PRDC-015", `Brand ${body.brandId} does not exist`);
  const taxCode = resolveTaxCode(account, body.financialDetails?.taxCode);
  if (!taxCode) throw invalid("PRDC-020", "financialDetails.taxCode is required");
  const channel = body.salesChannels?.[0];
  if (!channel) throw invalid("PRDC-021", "salesChannels with a productName is required");
  const now = ctx.now();
  const product: Product = {
    id: nextId(account, "product", 1001),
    brandId: body.brandId,
    productTypeId: body.productTypeId ?? 1,
    sku: body.identity?.sku ?? "",
    barcode: body.identity?.barcode ?? "",
    ean: body.identity?.ean ?? "",
    upc: body.identity?.upc ?? "",
    isbn: body.identity?.isbn ?? "",
    mpn: body.identity?.mpn ?? "",
    name: channel.productName,
    description: channel.description?.text ?? "",
    shortDescription: channel.shortDescription?.text ?? "",
    categoryCodes: (channel.categories ?? []).map((c) => String(c.categoryCode)),
    stockTracked: body.stock?.stockTracked ?? true,
    weight: formatDec(parseDec(body.stock?.weight?.magnitude ?? 0), 4),
    taxCodeId: taxCode.id,
    status: body.status ?? "LIVE",
    featured: body.featured ?? false,
    productGroupId: 0,
    primarySupplierId: 0,
    version: 1,
    createdOn: now,
    updatedOn: now,
  };
  account.products[product.id] = product;
  ctx.emit(account, PRODUCT_CREATED, product.id);
  ctx.changed();
  return product;
}

/** PUT /product-service/product/{id}: the fields given replace the stored ones. */
export function updateProduct(ctx: SandboxContext, account: AccountState, id: number, body: ProductBody): Product {
  const product = account.products[id];
  if (!product) throw notFound("Product not found");
  if (body.brandId !== undefined) {
    if (!account.reference.brands.some((b) => b.id === body.brandId)) throw invalid("PRDC-015", `Brand ${body.brandId} does not exist`);
    product.brandId = body.brandId;
  }
  const taxCode = resolveTaxCode(account, body.financialDetails?.taxCode);
  if (taxCode) product.taxCodeId = taxCode.id;
  const identity = body.identity ?? {};
  for (const key of ["sku", "barcode", "ean", "upc", "isbn", "mpn"] as const) if (identity[key] !== undefined) product[key] = identity[key]!;
  const channel = body.salesChannels?.[0];
  if (channel) {
    product.name = channel.productName;
    if (channel.description?.text !== undefined) product.description = channel.description.text;
    if (channel.shortDescription?.text !== undefined) product.shortDescription = channel.shortDescription.text;
    if (channel.categories) product.categoryCodes = channel.categories.map((c) => String(c.categoryCode));
  }
  if (body.stock?.stockTracked !== undefined) product.stockTracked = body.stock.stockTracked;
  if (body.stock?.weight) product.weight = formatDec(parseDec(body.stock.weight.magnitude), 4);
  if (body.featured !== undefined) product.featured = body.featured;
  if (body.status !== undefined) product.status = body.status;
  product.version++;
  product.updatedOn = ctx.now();
  ctx.emit(account, PRODUCT_MODIFIED, id);
  ctx.changed();
  return product;
}

/**
 * `customFields`: with includeOptional=customFields the product carries `customFields` keyed by the
 * field's code, only the fields that have a value; nullCustomFields adds the fields without one as
 * null. UNVERIFIED: Brightpearl documents the option, not the shape; this is the plausible one.
 */
export function renderProduct(account: AccountState, p: Product, include: { customFields?: boolean; nullCustomFields?: boolean } = {}) {
  const offset = offsetOf(account);
  const taxCode = account.reference.taxCodes.find((t) => t.id === p.taxCodeId);
  const warehouses: Record<string, unknown> = {};
  for (const w of account.reference.warehouses) warehouses[w.id] = { defaultLocationId: w.id * 100 + 1, overflowLocationId: w.id * 100 + 2, reorderLevel: 0, reorderQuantity: 0 };
  return {
    id: p.id,
    brandId: p.brandId,
    productTypeId: p.productTypeId,
    identity: { sku: p.sku, barcode: p.barcode, ean: p.ean, upc: p.upc, isbn: p.isbn, mpn: p.mpn },
    productGroupId: p.productGroupId,
    featured: p.featured,
    stock: { stockTracked: p.stockTracked, weight: { magnitude: Number(p.weight) }, dimensions: { length: 0, height: 0, width: 0, volume: 0 } },
    financialDetails: { taxable: (taxCode?.rate ?? "0") !== "0", taxCode: { id: p.taxCodeId, code: taxCode?.code ?? "" } },
    salesChannels: [
      {
        salesChannelName: "Brightpearl",
        productName: p.name,
        productCondition: "new",
        categories: p.categoryCodes.map((categoryCode) => ({ categoryCode })),
        description: { languageCode: "en", text: p.description, format: "HTML_FRAGMENT" },
        shortDescription: { languageCode: "en", text: p.shortDescription, format: "HTML_FRAGMENT" },
      },
    ],
    composition: { bundle: false },
    variations: [],
    warehouses,
    nominalCodeStock: "1000",
    nominalCodePurchases: "5000",
    nominalCodeSales: account.settings.defaultSalesNominalCode,
    seasonIds: [],
    reporting: { seasonId: null, categoryId: null, subcategoryId: null },
    primarySupplierId: p.primarySupplierId,
    status: p.status,
    version: p.version,
    createdOn: formatInOffset(p.createdOn, offset),
    updatedOn: formatInOffset(p.updatedOn, offset),
    ...(include.customFields ? { customFields: renderCustomFields(p.customFields ?? {}, include.nullCustomFields ?? false) } : {}),
  };
}

function renderCustomFields(fields: Record<string, CustomFieldValue>, withNull: boolean): Record<string, CustomFieldValue> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => withNull || (v !== null && v !== "")));
}

/** Sets (or, with null, clears) product custom fields; the product's version moves on like any edit. */
export function setProductCustomFields(account: AccountState, productId: number, fields: Record<string, CustomFieldValue>, now: number): Product {
  const product = account.products[productId];
  if (!product) throw new Error(`no product ${productId}`);
  product.customFields = { ...(product.customFields ?? {}), ...fields };
  product.version++;
  product.updatedOn = now;
  return product;
}

export const productSearch: SearchDefinition<Product> = {
  defaultSort: "productId",
  columns: [
    { name: "productId", type: "IDSET", value: (p) => p.id },
    { name: "productName", type: "SEARCH_STRING", value: (p) => p.name },
    { name: "SKU", type: "STRING", value: (p) => p.sku },
    { name: "barcode", type: "STRING", value: (p) => p.barcode },
    { name: "EAN", type: "STRING", value: (p) => p.ean },
    { name: "UPC", type: "STRING", value: (p) => p.upc },
    { name: "ISBN", type: "STRING", value: (p) => p.isbn },
    { name: "MPN", type: "STRING", value: (p) => p.mpn },
    { name: "stockTracked", type: "BOOLEAN", value: (p) => p.stockTracked },
    { name: "salesChannelName", type: "STRING", value: () => "Brightpearl" },
    { name: "createdOn", type: "PERIOD", value: (p) => p.createdOn },
    { name: "updatedOn", type: "PERIOD", value: (p) => p.updatedOn },
    { name: "brightpearlCategoryCode", type: "STRING", value: (p) => p.categoryCodes[0] ?? null },
    { name: "productGroupId", type: "INTEGER", value: (p) => p.productGroupId },
    { name: "brandId", type: "INTEGER", value: (p) => p.brandId },
    { name: "productTypeId", type: "INTEGER", value: (p) => p.productTypeId },
    { name: "productStatus", type: "STRING", value: (p) => p.status },
    { name: "primarySupplierId", type: "INTEGER", value: (p) => p.primarySupplierId },
  ],
};

// ---- prices ----

export const priceBodySchema = z.object({
  priceLists: z
    .array(
      z.object({
        priceListId: z.number().int(),
        quantityPrice: z.record(z.string().regex(/^[1-9]\d{0,8}$/, "quantity breaks are whole numbers from 1"), z.union([z.number(), z.string()])),
      }),
    )
    .min(1),
});

/** PUT /product-service/product-price/{id}/price-list: each list's tiers are replaced. */
export function setPrices(ctx: SandboxContext, account: AccountState, productId: number, body: z.infer<typeof priceBodySchema>): void {
  const product = account.products[productId];
  if (!product) throw notFound("Product not found");
  const updates: [number, Record<string, string>][] = [];
  for (const entry of body.priceLists) {
    if (!account.reference.priceLists.some((l) => l.id === entry.priceListId)) throw invalid("PRDC-030", `Price list ${entry.priceListId} does not exist`);
    const tiers: Record<string, string> = {};
    for (const [qty, price] of Object.entries(entry.quantityPrice)) {
      let value;
      try {
        value = parseDec(price);
      } catch {
        throw invalid("PRDC-031", `Invalid price ${JSON.stringify(price)} for quantity ${qty}`);
      }
      if (value < 0n) throw invalid("PRDC-031", `Negative price for quantity ${qty}`);
      tiers[qty] = formatDec(value, 4);
    }
    updates.push([entry.priceListId, tiers]);
  }
  const prices = (account.prices[productId] ??= {});
  for (const [listId, tiers] of updates) prices[listId] = tiers;
  // UNVERIFIED: a price change bumps the product's updatedOn (so updatedOn sweeps find it) but
  // raises no webhook; clients should not count on an event for prices.
  product.updatedOn = ctx.now();
  ctx.changed();
}

/** GET /product-service/product-price/{ids}[/price-list/{ids}]. */
export function renderPrices(account: AccountState, productIds: number[], priceListIds: number[] | undefined) {
  const out: unknown[] = [];
  for (const id of productIds) {
    const product = account.products[id];
    if (!product) continue;
    const lists = [];
    for (const list of account.reference.priceLists) {
      if (priceListIds && !priceListIds.includes(list.id)) continue;
      const tiers = account.prices[id]?.[list.id];
      if (!tiers || Object.keys(tiers).length === 0) continue;
      const currency = account.reference.currencies.find((c) => c.code === list.currencyCode);
      lists.push({ priceListId: list.id, currencyCode: list.currencyCode, currencyId: currency?.id ?? 0, quantityPrice: { ...tiers } });
    }
    if (lists.length) out.push({ productId: id, priceLists: lists });
  }
  return out;
}

/** The price an order row defaults to: the list's tier for the quantity. */
export function unitPrice(account: AccountState, productId: number, priceListId: number, quantity: number): string | undefined {
  const tiers = account.prices[productId]?.[priceListId];
  if (!tiers) return undefined;
  let best: string | undefined;
  let bestQty = 0;
  for (const [qty, price] of Object.entries(tiers)) {
    const q = Number(qty);
    if (q <= quantity && q >= bestQty) {
      best = price;
      bestQty = q;
    }
  }
  return best;
}
