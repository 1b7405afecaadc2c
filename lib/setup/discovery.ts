// Reads each side's set-up into the discovery shapes. A read that fails as a whole (the store or
// the account cannot be reached, the credentials are refused) throws; a list the connector can do
// without (tax rates not granted, sources not readable, orders not readable) is left out or
// replaced by a fallback, and the reason is returned as a problem for the merchant to read.
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { taxRateKey } from "@/lib/tenants/mappings";
import {
  listChannels,
  listCurrencies,
  listNominalCodes,
  listPaymentMethods,
  listPriceLists,
  listSalesOrderStatuses,
  listShippingMethods,
  listTaxCodes,
  listWarehouses,
} from "./brightpearl-lists";
import type { BrightpearlDiscovery, MagentoDiscovery } from "./discovery-types";
import { MAGENTO_DEFAULT_STATUSES } from "./magento-statuses";
import { readRecentOrders, readSources, readStores, readTaxRates, type SampledOrder } from "./magento-reads";

export type Discovered<T> = { data: T; problems: string[] };

/** The label an order with no tax on its lines is listed under. */
export const NO_TAX_CODE = "No tax";

const denied = (error: unknown) => error instanceof MagentoError && error.reason === "resource-denied";
const noRoute = (error: unknown) => error instanceof MagentoError && error.reason === "no-route";

/** Failures that mean the store as a whole cannot be read now; a partial fallback would mislead. */
function fatalForMagento(error: unknown): boolean {
  if (!(error instanceof MagentoError)) return true;
  return error.kind === "unreachable" || error.kind === "timeout" || error.kind === "unavailable" || (error.kind === "auth" && error.reason !== "resource-denied");
}

function tally<K>(into: Map<string, { count: number; extra: K }>, key: string | null | undefined, extra: K) {
  if (!key) return;
  const seen = into.get(key);
  if (seen) seen.count++;
  else into.set(key, { count: 1, extra });
}

const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

/** Payment and shipping methods, statuses and tax rates, with how many sampled orders used each. */
export function summarizeOrders(orders: SampledOrder[]) {
  const payments = new Map<string, { count: number; extra: string | undefined }>();
  const shipping = new Map<string, { count: number; extra: string | undefined }>();
  const statuses = new Map<string, { count: number; extra: string | undefined }>();
  const taxes = new Map<string, { percent: number; code: string }>();
  for (const o of orders) {
    const info = o.extension_attributes?.payment_additional_info?.find((i) => i.key === "method_title")?.value;
    const first = o.payment?.additional_information?.[0];
    const title = typeof info === "string" ? info : typeof first === "string" ? first : undefined;
    tally(payments, o.payment?.method, title || undefined);
    const method = o.extension_attributes?.shipping_assignments?.find((a) => a.shipping?.method)?.shipping?.method;
    tally(shipping, method, o.shipping_description || undefined);
    tally(statuses, o.status, o.state || undefined);
    for (const t of o.extension_attributes?.applied_taxes ?? []) {
      if (typeof t.percent !== "number" || !Number.isFinite(t.percent)) continue;
      const key = taxRateKey(t.percent);
      if (!taxes.has(key)) taxes.set(key, { percent: t.percent, code: t.code || t.title || `${key}%` });
    }
    // A priced line without tax is a 0% rate the orders flow will meet; the child rows of
    // configurable products carry no price and say nothing.
    for (const item of o.items ?? []) {
      if (!item.price || typeof item.tax_percent !== "number") continue;
      const key = taxRateKey(item.tax_percent);
      if (!taxes.has(key)) taxes.set(key, { percent: item.tax_percent, code: item.tax_percent === 0 ? NO_TAX_CODE : `${key}%` });
    }
  }
  return {
    paymentMethods: [...payments].map(([code, v]) => ({ code, ...(v.extra ? { title: v.extra } : {}), count: v.count })).sort(byCount),
    shippingMethods: [...shipping].map(([code, v]) => ({ code, ...(v.extra ? { description: v.extra } : {}), count: v.count })).sort(byCount),
    statuses: [...statuses].map(([status, v]) => ({ status, ...(v.extra ? { state: v.extra } : {}), count: v.count })),
    taxRates: [...taxes.values()],
  };
}

export async function discoverMagento(client: MagentoClient): Promise<Discovered<MagentoDiscovery>> {
  const problems: string[] = [];
  const { websites, storeViews } = await readStores(client);

  let msi = true;
  let sources: MagentoDiscovery["sources"];
  try {
    sources = await readSources(client);
  } catch (error) {
    if (fatalForMagento(error)) throw error;
    if (noRoute(error)) {
      // Without the Inventory modules a store has one legacy stock.
      msi = false;
    } else {
      problems.push(
        denied(error)
          ? "The Magento integration may not read inventory sources (API resource Magento_InventoryApi::source), so only the default source is listed. Grant it to map several sources."
          : `Magento's inventory sources could not be read (${(error as Error).message}), so only the default source is listed.`,
      );
    }
    sources = [{ code: "default", name: "Default Source", enabled: true }];
  }

  let orders: SampledOrder[] = [];
  try {
    orders = await readRecentOrders(client);
  } catch (error) {
    if (fatalForMagento(error)) throw error;
    problems.push(
      denied(error)
        ? "The Magento integration may not read orders (API resource Magento_Sales::actions_view), so no payment methods, shipping methods or statuses from recent orders are listed."
        : `Recent Magento orders could not be read (${(error as Error).message}), so no payment methods, shipping methods or statuses from them are listed.`,
    );
  }
  const seen = summarizeOrders(orders);

  let storeRates: { code: string; percent: number }[] = [];
  try {
    storeRates = await readTaxRates(client);
  } catch (error) {
    if (fatalForMagento(error)) throw error;
    problems.push(
      denied(error) || noRoute(error)
        ? "The Magento integration may not read tax rates (API resource Magento_Tax::manage_tax), so only the rates seen on recent orders are listed."
        : `Magento's tax rates could not be read (${(error as Error).message}), so only the rates seen on recent orders are listed.`,
    );
  }
  const taxRates = [...storeRates];
  const rateKeys = new Set(storeRates.map((r) => taxRateKey(r.percent)));
  for (const r of seen.taxRates) if (!rateKeys.has(taxRateKey(r.percent))) taxRates.push({ code: r.code, percent: r.percent });

  const seenStatuses = new Map(seen.statuses.map((s) => [s.status, s]));
  const orderStatuses: MagentoDiscovery["orderStatuses"] = MAGENTO_DEFAULT_STATUSES.map((d) => ({ status: d.status, state: d.state, count: seenStatuses.get(d.status)?.count ?? 0 }));
  for (const s of seen.statuses) if (!MAGENTO_DEFAULT_STATUSES.some((d) => d.status === s.status)) orderStatuses.push(s);

  return {
    data: {
      websites,
      storeViews,
      msi,
      sources,
      taxRates,
      paymentMethods: seen.paymentMethods,
      shippingMethods: seen.shippingMethods,
      orderStatuses,
      ordersSampled: orders.length,
    },
    problems,
  };
}

/** Failures that mean the account cannot be read now, rather than one list being unavailable. */
function fatalForBrightpearl(error: unknown): boolean {
  if (!(error instanceof BrightpearlError)) return true;
  return error.kind === "auth" || error.kind === "throttled" || error.kind === "unavailable";
}

/** One request per list, one after another, to spend the account's request budget gently. */
export async function discoverBrightpearl(client: BrightpearlClient): Promise<Discovered<BrightpearlDiscovery>> {
  const problems: string[] = [];
  const read = async <T>(what: string, list: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await list();
    } catch (error) {
      if (fatalForBrightpearl(error)) throw error;
      problems.push(`Brightpearl's ${what} could not be read: ${(error as Error).message}`);
      return [];
    }
  };
  const channels = await read("channels", () => listChannels(client));
  const warehouses = await read("warehouses", () => listWarehouses(client));
  const orderStatuses = await read("order statuses", () => listSalesOrderStatuses(client));
  const priceLists = await read("price lists", () => listPriceLists(client));
  const shippingMethods = await read("shipping methods", () => listShippingMethods(client));
  const paymentMethods = await read("payment methods", () => listPaymentMethods(client));
  const taxCodes = await read("tax codes", () => listTaxCodes(client));
  const nominalCodes = await read("nominal codes", () => listNominalCodes(client));
  const currencies = await read("currencies", () => listCurrencies(client));
  return { data: { channels, warehouses, orderStatuses, priceLists, shippingMethods, paymentMethods, taxCodes, nominalCodes, currencies }, problems };
}
