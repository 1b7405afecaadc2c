// The Magento reads discovery makes, each parsed with the fields it uses (extra fields tolerated).
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";

const int = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const flag = z.union([z.boolean(), z.number(), z.string()]).transform((v) => v === true || v === 1 || v === "1" || v === "true");

const website = z.object({ id: int, code: z.string(), name: z.string() }).loose();
const storeView = z.object({ id: int, code: z.string(), name: z.string(), website_id: int, is_active: flag.optional() }).loose();
const storeConfig = z.object({ code: z.string(), base_currency_code: z.string().optional() }).loose();

/** Configured websites and store views (Magento lists its admin entries, id 0, too: left out). */
export async function readStores(client: MagentoClient) {
  const [websites, views, configs] = await Promise.all([
    client.get("/V1/store/websites", z.array(website)),
    client.get("/V1/store/storeViews", z.array(storeView)),
    client.get("/V1/store/storeConfigs", z.array(storeConfig)),
  ]);
  const currencyByCode = new Map(configs.map((c) => [c.code, c.base_currency_code]));
  return {
    websites: websites.filter((w) => w.id !== 0).map((w) => ({ id: w.id, code: w.code, name: w.name })),
    storeViews: views
      .filter((v) => v.id !== 0)
      .map((v) => {
        const currency = currencyByCode.get(v.code);
        return { id: v.id, code: v.code, name: v.name, websiteId: v.website_id, active: v.is_active ?? true, ...(currency ? { baseCurrency: currency.toUpperCase() } : {}) };
      }),
  };
}

const source = z.object({ source_code: z.string(), name: z.string(), enabled: flag.optional() }).loose();

export async function readSources(client: MagentoClient) {
  const sources: { code: string; name: string; enabled: boolean }[] = [];
  for await (const s of client.searchAll("/V1/inventory/sources", { pageSize: 100 }, source)) sources.push({ code: s.source_code, name: s.name, enabled: s.enabled ?? true });
  return sources;
}

const taxRate = z.object({ code: z.string(), rate: z.union([z.number(), z.string()]).transform(Number) }).loose();

/**
 * The store's tax rates. Stores with postcode-level tables hold thousands of rates that differ
 * only by region, so reading stops after a few pages: the percentages are what the mapping needs.
 */
export async function readTaxRates(client: MagentoClient, limit = 1000) {
  const rates: { code: string; percent: number }[] = [];
  for await (const r of client.searchAll("/V1/taxRates/search", { pageSize: 200 }, taxRate)) {
    if (Number.isFinite(r.rate)) rates.push({ code: r.code, percent: r.rate });
    if (rates.length >= limit) break;
  }
  return rates;
}

const appliedTax = z.object({ code: z.string().nullish(), title: z.string().nullish(), percent: z.union([z.number(), z.string()]).transform(Number).nullish() }).loose();
const orderItem = z.object({ price: z.number().nullish(), tax_percent: z.number().nullish() }).loose();
const order = z
  .object({
    status: z.string().nullish(),
    state: z.string().nullish(),
    shipping_description: z.string().nullish(),
    payment: z.object({ method: z.string().nullish(), additional_information: z.array(z.unknown()).nullish() }).loose().nullish(),
    items: z.array(orderItem).nullish(),
    extension_attributes: z
      .object({
        applied_taxes: z.array(appliedTax).nullish(),
        payment_additional_info: z.array(z.object({ key: z.string(), value: z.unknown() }).loose()).nullish(),
        shipping_assignments: z.array(z.object({ shipping: z.object({ method: z.string().nullish() }).loose().nullish() }).loose()).nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

export type SampledOrder = z.output<typeof order>;

/** Only what discovery counts, so a hundred orders stay a small answer. */
const ORDER_FIELDS =
  "items[status,state,shipping_description,payment[method,additional_information],items[price,tax_percent]," +
  "extension_attributes[applied_taxes[code,title,percent],payment_additional_info[key,value],shipping_assignments[shipping[method]]]],total_count";

export const ORDER_SAMPLE_SIZE = 100;

/** The most recent orders, newest first, in one request. */
export async function readRecentOrders(client: MagentoClient, size = ORDER_SAMPLE_SIZE): Promise<SampledOrder[]> {
  const page = await client.get("/V1/orders", z.object({ items: z.array(order).nullish() }).loose(), {
    "searchCriteria[sortOrders][0][field]": "created_at",
    "searchCriteria[sortOrders][0][direction]": "DESC",
    "searchCriteria[pageSize]": String(size),
    "searchCriteria[currentPage]": "1",
    fields: ORDER_FIELDS,
  });
  return page.items ?? [];
}
