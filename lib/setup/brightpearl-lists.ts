// The Brightpearl reference lists discovery reads, one GET each (they count against the account's
// 200 requests a minute), parsed into the discovery shapes. Field names follow the documented and
// recorded answers; extra fields are tolerated.
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { searchPage } from "@/lib/brightpearl/search";
import type { BrightpearlDiscovery } from "./discovery-types";

type Lists = BrightpearlDiscovery;

const orderStatus = z
  .object({
    statusId: z.number().int(),
    name: z.string(),
    orderTypeCode: z.string().optional(),
    visible: z.boolean().optional(),
    disabled: z.boolean().optional(),
    state: z.string().nullish(),
  })
  .loose();

/** Sales-order statuses a merchant can use: hidden and disabled ones left out. */
export async function listSalesOrderStatuses(client: BrightpearlClient): Promise<Lists["orderStatuses"]> {
  const statuses = await client.get("/order-service/order-status", z.array(orderStatus));
  return statuses
    .filter((s) => (s.orderTypeCode ?? "SO") === "SO" && s.visible !== false && s.disabled !== true)
    .map((s) => ({ id: s.statusId, name: s.name, ...(s.state ? { state: s.state } : {}) }));
}

// Recorded: the name is a translatable object; a plain string is accepted too.
const translatable = z.union([z.string(), z.object({ text: z.string() }).loose().transform((n) => n.text)]);

const priceList = z
  .object({
    id: z.number().int(),
    name: translatable,
    code: z.string().nullish(),
    currencyCode: z.string(),
    priceListTypeCode: z.string().nullish(),
    gross: z.boolean().nullish(),
  })
  .loose();

export async function listPriceLists(client: BrightpearlClient): Promise<Lists["priceLists"]> {
  const lists = await client.get("/product-service/price-list", z.array(priceList));
  return lists.map((l) => ({
    id: l.id,
    name: l.name,
    currencyCode: l.currencyCode,
    ...(l.code ? { code: l.code } : {}),
    ...(l.priceListTypeCode ? { type: l.priceListTypeCode } : {}),
    ...(typeof l.gross === "boolean" ? { gross: l.gross } : {}),
  }));
}

const shippingMethod = z.object({ id: z.number().int(), name: z.string(), code: z.string().nullish() }).loose();

export async function listShippingMethods(client: BrightpearlClient): Promise<Lists["shippingMethods"]> {
  const methods = await client.get("/warehouse-service/shipping-method", z.array(shippingMethod));
  return methods.map((m) => ({ id: m.id, name: m.name, ...(m.code ? { code: m.code } : {}) }));
}

const paymentMethod = z
  .object({
    code: z.string(),
    name: z.string(),
    isActive: z.boolean().nullish(),
    bankAccounts: z.array(z.object({ currencyIsoCode: z.string(), bankAccountNominalCode: z.union([z.string(), z.number()]) }).loose()).nullish(),
  })
  .loose();

export async function listPaymentMethods(client: BrightpearlClient): Promise<Lists["paymentMethods"]> {
  const methods = await client.get("/accounting-service/payment-method", z.array(paymentMethod));
  return methods.map((m) => ({
    code: m.code,
    name: m.name,
    ...(typeof m.isActive === "boolean" ? { active: m.isActive } : {}),
    ...(m.bankAccounts ? { bankAccounts: m.bankAccounts.map((b) => ({ currencyCode: b.currencyIsoCode.toUpperCase(), nominalCode: String(b.bankAccountNominalCode) })) } : {}),
  }));
}

// Recorded: `rate` is a number and is left out when the code has none; a decimal string is accepted too.
const taxCode = z
  .object({ id: z.number().int(), code: z.string(), description: z.string().nullish(), rate: z.union([z.number(), z.string()]).nullish() })
  .loose();

export async function listTaxCodes(client: BrightpearlClient): Promise<Lists["taxCodes"]> {
  const codes = await client.get("/accounting-service/tax-code", z.array(taxCode));
  return codes.map((t) => {
    const rate = t.rate === null || t.rate === undefined || t.rate === "" ? undefined : Number(t.rate);
    return { id: t.id, code: t.code, ...(t.description ? { description: t.description } : {}), ...(rate !== undefined && Number.isFinite(rate) ? { rate } : {}) };
  });
}

const nominalCode = z.object({ code: z.union([z.string(), z.number()]), name: z.string(), bank: z.boolean().nullish(), active: z.boolean().nullish() }).loose();

export async function listNominalCodes(client: BrightpearlClient): Promise<Lists["nominalCodes"]> {
  const codes = await client.get("/accounting-service/nominal-code", z.array(nominalCode));
  return codes
    .filter((n) => n.active !== false)
    .map((n) => ({ code: String(n.code), name: n.name, ...(typeof n.bank === "boolean" ? { bank: n.bank } : {}) }));
}

// UNVERIFIED: the currency search's columns come from a weak recording; only `code` is relied on.
const currencyRow = z.object({ code: z.string(), isDefault: z.unknown().optional() }).loose();

export async function listCurrencies(client: BrightpearlClient): Promise<Lists["currencies"]> {
  // An account has a handful of currencies: one page is all of them.
  const page = await searchPage(client, "/accounting-service/currency-search", currencyRow);
  return page.rows.map((c) => {
    const isDefault = c.isDefault === true || c.isDefault === "true" ? true : c.isDefault === false || c.isDefault === "false" ? false : undefined;
    return { code: c.code.toUpperCase(), ...(isDefault !== undefined ? { isDefault } : {}) };
  });
}

const channel = z
  .object({ id: z.number().int(), name: z.string(), defaultWarehouseId: z.number().int().nullish(), defaultPriceListId: z.number().int().nullish() })
  .loose();

export async function listChannels(client: BrightpearlClient): Promise<Lists["channels"]> {
  const channels = await client.get("/product-service/channel", z.array(channel));
  return channels.map((c) => ({
    id: c.id,
    name: c.name,
    ...(c.defaultWarehouseId ? { defaultWarehouseId: c.defaultWarehouseId } : {}),
    ...(c.defaultPriceListId ? { defaultPriceListId: c.defaultPriceListId } : {}),
  }));
}

const warehouse = z.object({ id: z.number().int(), name: z.string() }).loose();

export async function listWarehouses(client: BrightpearlClient): Promise<Lists["warehouses"]> {
  const warehouses = await client.get("/warehouse-service/warehouse", z.array(warehouse));
  return warehouses.map((w) => ({ id: w.id, name: w.name }));
}
