// Sales orders and sales credits: the atomic POST (order and rows or nothing, externalRef +
// installedIntegrationInstanceId unique), the two GET shapes (order-service/order: nested, rows as a
// map keyed by row id, money and quantities as strings; sales-order: flat, rows as an array),
// statuses with the cancellation rules, notes, invoicing, and the searches.
import { z } from "zod";
import type { SandboxContext } from "../context";
import { countryById, countryByIso } from "../lib/countries";
import { DecimalError, div, formatDec, isWhole, parseDec, sum, type Dec } from "../lib/decimal";
import { formatInOffset, parseInstant } from "../lib/datetime";
import { ApiError, invalid, notFound, validation } from "../http/errors";
import type { SearchDefinition } from "../http/search";
import { nextId, offsetOf, STAFF_CONTACT_ID } from "../state/accounts";
import type { AccountState, Order, OrderNote, OrderRow, Party } from "../state/types";
import { allocateOrder, receivedQuantity, releaseOrder, shippedQuantity } from "./stock";

export const SALES_ORDER_CREATED = "sales-order.created";
export const ORDER_MODIFIED = "order.modified";
export const ORDER_STATUS_MODIFIED = "order.modified.order-status";
export const ORDER_FULLY_SHIPPED = "order.modified.fully-shipped";

// ---- request shape ----

const text = (max: number) => z.string().max(max);
const addressSchema = z
  .object({
    addressFullName: text(100),
    companyName: text(100),
    addressLine1: text(100),
    addressLine2: text(100),
    addressLine3: text(100),
    addressLine4: text(100),
    postalCode: text(20),
    countryIsoCode: z.string(),
    countryId: z.number().int(),
    telephone: text(50),
    mobileTelephone: text(50),
    email: text(255),
  })
  .partial();
type AddressInput = z.infer<typeof addressSchema>;

const amount = z.union([z.number(), z.string()]);
const rowSchema = z.object({
  productId: z.number().int().positive().optional(),
  name: z.string().max(255).optional(),
  quantity: amount,
  net: amount,
  tax: amount,
  taxCode: z.string().optional(),
  nominalCode: z.union([z.string(), z.number()]).optional(),
  externalRef: z.string().max(64).optional(),
});

export const salesOrderBodySchema = z.object({
  customer: z.object({ id: z.number().int(), address: addressSchema.optional() }).optional(),
  customerId: z.number().int().optional(),
  billing: z.object({ contactId: z.number().int().optional(), address: addressSchema.optional() }).optional(),
  delivery: z.object({ date: z.string().optional(), address: addressSchema.optional(), shippingMethodId: z.number().int().optional() }).optional(),
  ref: z.string().max(64).optional(),
  externalRef: z.string().max(64).optional(),
  installedIntegrationInstanceId: z.number().int().optional(),
  placedOn: z.string().optional(),
  taxDate: z.string().optional(),
  parentId: z.number().int().nullable().optional(),
  statusId: z.number().int().optional(),
  warehouseId: z.number().int().optional(),
  channelId: z.number().int().optional(),
  leadSourceId: z.number().int().optional(),
  projectId: z.number().int().optional(),
  staffOwnerId: z.number().int().optional(),
  teamId: z.number().int().optional(),
  priceListId: z.number().int().optional(),
  priceModeCode: z.enum(["INC", "EXC"]).optional(),
  currency: z.object({ code: z.string().optional(), fixedExchangeRate: z.boolean().optional(), exchangeRate: amount.optional() }).optional(),
  rows: z.array(rowSchema).optional(),
});
export type SalesOrderBody = z.infer<typeof salesOrderBodySchema>;

// ---- helpers ----

/** Row net and tax: required, at most 2 decimals, refused rather than rounded (UNVERIFIED for this endpoint; documented for order rows). */
const money = (value: unknown, field: string, places = 2): Dec => {
  try {
    return parseDec(value, places);
  } catch (e) {
    if (e instanceof DecimalError) throw invalid("ORDC-031", `${field}: ${e.message} (at most ${places} decimal places)`);
    throw e;
  }
};

function partyFrom(account: AccountState, contactId: number | undefined, address: AddressInput | undefined, fallbackAddressId: number | undefined, where: string): Party {
  const contact = contactId !== undefined ? account.contacts[contactId] : undefined;
  const stored = fallbackAddressId !== undefined ? account.addresses[fallbackAddressId] : undefined;
  let countryId = stored?.countryId ?? countryByIso(account.settings.baseCurrency === "GBP" ? "GB" : "US")!.id;
  if (address?.countryIsoCode !== undefined) {
    // Sales-order addresses take 2- or 3-letter codes (a production client sent 2 letters).
    const country = countryByIso(address.countryIsoCode);
    if (!country) throw invalid("ORDC-040", `${where}.countryIsoCode: unknown country ${address.countryIsoCode}`);
    countryId = country.id;
  } else if (address?.countryId !== undefined) {
    if (!countryById(address.countryId)) throw invalid("ORDC-040", `${where}.countryId: unknown country ${address.countryId}`);
    countryId = address.countryId;
  }
  const src = address ?? {};
  const fullName = contact ? `${contact.firstName} ${contact.lastName}`.trim() : "";
  return {
    ...(contactId !== undefined ? { contactId } : {}),
    addressFullName: src.addressFullName ?? fullName,
    companyName: src.companyName ?? contact?.companyName ?? "",
    addressLine1: src.addressLine1 ?? stored?.addressLine1 ?? "",
    addressLine2: src.addressLine2 ?? stored?.addressLine2 ?? "",
    addressLine3: src.addressLine3 ?? stored?.addressLine3 ?? "",
    addressLine4: src.addressLine4 ?? stored?.addressLine4 ?? "",
    postalCode: src.postalCode ?? stored?.postalCode ?? "",
    countryId,
    telephone: src.telephone ?? contact?.telephones.PRI ?? "",
    mobileTelephone: src.mobileTelephone ?? contact?.telephones.MOB ?? "",
    email: src.email ?? contact?.emails.PRI ?? "",
  };
}

function instant(account: AccountState, value: string | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseInstant(value, offsetOf(account));
  if (ms === undefined) throw invalid("ORDC-032", `${field}: "${value}" is not an ISO-8601 date or date-time`);
  return ms;
}

export function orderOrThrow(account: AccountState, id: number, type?: "SO" | "SC"): Order {
  const order = account.orders[id];
  if (!order || (type && order.orderTypeCode !== type)) throw notFound(`Order ${id} not found`);
  return order;
}

// ---- create ----

/**
 * POST /order-service/sales-order and /sales-credit. Everything is validated before anything is
 * written, so a refused request leaves no partial order behind.
 */
export function createOrder(ctx: SandboxContext, account: AccountState, body: SalesOrderBody, type: "SO" | "SC"): Order {
  const s = account.settings;
  const ref = account.reference;
  const customerId = body.customer?.id ?? body.customerId;
  if (customerId === undefined) throw invalid("ORDC-010", "customer.id is required");
  const customer = account.contacts[customerId];
  if (!customer) throw invalid("ORDC-011", `Customer ${customerId} does not exist`);
  const billingId = body.billing?.contactId ?? customerId;
  if (!account.contacts[billingId]) throw invalid("ORDC-011", `Billing contact ${billingId} does not exist`);

  if (body.externalRef !== undefined && body.installedIntegrationInstanceId !== undefined) {
    const clash = Object.values(account.orders).some(
      (o) => o.orderTypeCode === type && o.externalRef === body.externalRef && o.installedIntegrationInstanceId === body.installedIntegrationInstanceId,
    );
    // UNVERIFIED: the real answer to a repeated pair is undocumented; the sandbox refuses it with a
    // 400 that names the pair but not the existing order (find it with a search by externalRef).
    if (clash) {
      throw invalid(
        "ORDC-060",
        `An order with externalRef "${body.externalRef}" already exists for installed integration instance ${body.installedIntegrationInstanceId}`,
      );
    }
  }
  if (body.installedIntegrationInstanceId !== undefined) {
    const inst = ctx.oauth.installations[body.installedIntegrationInstanceId];
    // UNVERIFIED: the instance id must be one of this account's installations.
    if (!inst || inst.account !== account.code) throw invalid("ORDC-061", `Installed integration instance ${body.installedIntegrationInstanceId} does not exist in this account`);
  }

  let parentOrderId = 0;
  if (body.parentId) {
    const parent = account.orders[body.parentId];
    if (!parent || parent.orderTypeCode !== "SO") throw invalid("ORDC-012", `Parent order ${body.parentId} does not exist`);
    parentOrderId = parent.id;
  }

  const defaultStatus = type === "SO" ? s.defaultSalesOrderStatusId : s.defaultSalesCreditStatusId;
  const statusId = body.statusId ?? defaultStatus;
  const status = ref.orderStatuses.find((st) => st.statusId === statusId);
  if (!status || status.orderTypeCode !== type || status.disabled) throw invalid("ORDC-013", `Order status ${statusId} is not a ${type} status`);
  const channelId = body.channelId ?? s.defaultChannelId;
  const channel = ref.channels.find((ch) => ch.id === channelId);
  if (!channel) throw invalid("ORDC-014", `Channel ${channelId} does not exist`);
  const warehouseId = body.warehouseId ?? channel.defaultWarehouseId ?? s.defaultWarehouseId;
  if (!ref.warehouses.some((w) => w.id === warehouseId)) throw invalid("ORDC-015", `Warehouse ${warehouseId} does not exist`);
  const priceListId = body.priceListId ?? customer.priceListId ?? channel.defaultPriceListId;
  const priceList = ref.priceLists.find((l) => l.id === priceListId);
  if (!priceList) throw invalid("ORDC-016", `Price list ${priceListId} does not exist`);
  const shippingMethodId = body.delivery?.shippingMethodId ?? 0;
  if (shippingMethodId && !ref.shippingMethods.some((m) => m.id === shippingMethodId)) throw invalid("ORDC-017", `Shipping method ${shippingMethodId} does not exist`);

  const currencyCode = (body.currency?.code ?? priceList.currencyCode ?? s.baseCurrency).toUpperCase();
  const currency = ref.currencies.find((c) => c.code === currencyCode);
  if (!currency) throw invalid("ORDC-018", `Currency ${currencyCode} is not set up in this account`);
  let exchangeRate: Dec;
  try {
    exchangeRate = body.currency?.exchangeRate !== undefined ? parseDec(body.currency.exchangeRate) : parseDec(currency.exchangeRate);
  } catch {
    throw invalid("ORDC-018", "currency.exchangeRate must be a decimal number");
  }
  if (exchangeRate <= 0n) throw invalid("ORDC-018", "currency.exchangeRate must be positive");

  const now = ctx.now();
  const placedOn = instant(account, body.placedOn, "placedOn", now);
  const taxDate = body.taxDate !== undefined ? instant(account, body.taxDate, "taxDate", now) : null;
  const deliveryDate = body.delivery?.date !== undefined ? instant(account, body.delivery.date, "delivery.date", now) : null;

  const customerParty = partyFrom(account, customerId, body.customer?.address, customer.postAddressIds.DEF, "customer.address");
  const billingContact = account.contacts[billingId]!;
  const billingParty = partyFrom(account, billingId, body.billing?.address ?? body.customer?.address, billingContact.postAddressIds.BIL, "billing.address");
  const deliveryParty = partyFrom(account, undefined, body.delivery?.address ?? body.customer?.address, customer.postAddressIds.DEL, "delivery.address");
  if (!body.delivery?.address && !body.customer?.address) deliveryParty.addressFullName = customerParty.addressFullName;

  const rows: OrderRow[] = (body.rows ?? []).map((r, i) => {
    const where = `rows[${i}]`;
    const product = r.productId !== undefined ? account.products[r.productId] : undefined;
    if (r.productId !== undefined && !product) throw invalid("ORDC-020", `${where}.productId: product ${r.productId} does not exist`);
    if (!product && !r.name) throw invalid("ORDC-021", `${where}: a row needs a productId or a name`);
    let quantity: Dec;
    try {
      quantity = parseDec(r.quantity);
    } catch {
      throw invalid("ORDC-022", `${where}.quantity must be a number`);
    }
    if (quantity <= 0n) throw invalid("ORDC-022", `${where}.quantity must be positive`);
    if (product?.stockTracked && !isWhole(quantity)) throw invalid("ORDC-023", `${where}.quantity must be a whole number for a stock-tracked product`);
    const taxCodeName = r.taxCode ?? (product ? ref.taxCodes.find((t) => t.id === product.taxCodeId)?.code : undefined);
    if (!taxCodeName) throw invalid("ORDC-024", `${where}.taxCode is required`);
    const taxCode = ref.taxCodes.find((t) => t.code === taxCodeName);
    if (!taxCode) throw invalid("ORDC-024", `${where}.taxCode: tax code ${taxCodeName} does not exist`);
    const nominalCode = String(r.nominalCode ?? s.defaultSalesNominalCode);
    if (!ref.nominalCodes.some((n) => n.code === nominalCode)) throw invalid("ORDC-025", `${where}.nominalCode: nominal code ${nominalCode} does not exist`);
    const net = money(r.net, `${where}.net`);
    const tax = money(r.tax, `${where}.tax`);
    const costs = product ? account.prices[product.id]?.[s.costPriceListId]?.["1"] : undefined;
    return {
      id: 0,
      sequence: (i + 1) * 10,
      productId: product?.id ?? null,
      name: r.name ?? product?.name ?? "",
      sku: product?.sku ?? "",
      quantity: formatDec(quantity, 4),
      net: formatDec(net, 4),
      tax: formatDec(tax, 4),
      taxCode: taxCode.code,
      taxRate: taxCode.rate ?? "0.0000",
      nominalCode,
      externalRef: r.externalRef ?? null,
      itemCost: costs ?? "0.0000",
      allocated: 0,
      allocationWarehouseId: null,
      dropShip: 0,
    };
  });

  // Validation is over: from here on the order is written in full.
  const order: Order = {
    id: nextId(account, "order", 100001),
    orderTypeCode: type,
    parentOrderId,
    reference: body.ref ?? "",
    externalRef: body.externalRef ?? null,
    installedIntegrationInstanceId: body.installedIntegrationInstanceId ?? null,
    statusId,
    customerId,
    parties: { customer: customerParty, delivery: deliveryParty, billing: billingParty },
    placedOn,
    taxDate,
    deliveryDate,
    shippingMethodId,
    priceListId,
    priceModeCode: body.priceModeCode ?? (priceList.gross ? "INC" : "EXC"),
    currencyCode,
    exchangeRate: formatDec(exchangeRate, 4),
    fixedExchangeRate: body.currency?.fixedExchangeRate ?? false,
    channelId,
    leadSourceId: body.leadSourceId ?? 0,
    projectId: body.projectId ?? 0,
    staffOwnerId: body.staffOwnerId ?? 0,
    teamId: body.teamId ?? 0,
    warehouseId,
    rows,
    invoices: [],
    closedOn: null,
    createdOn: now,
    createdById: STAFF_CONTACT_ID,
    updatedOn: now,
    version: 1,
    viaSalesOrderApi: true,
  };
  for (const row of rows) row.id = nextId(account, "orderRow", 1);
  account.orders[order.id] = order;
  customer.lastOrderedOn = now;
  if (type === "SO" && s.autoAllocate) allocateOrder(ctx, account, order);
  if (type === "SO") {
    // sales-order.created fires only for orders made through this endpoint (documented);
    // order.modified is seen firing on creation too (community testing, UNVERIFIED).
    ctx.emit(account, SALES_ORDER_CREATED, order.id);
    ctx.emit(account, ORDER_MODIFIED, order.id);
  }
  ctx.changed();
  return order;
}

// ---- derived state ----

export const isInvoiced = (o: Order) => o.invoices.length > 0;

export function totals(o: Order) {
  const net = sum(o.rows.map((r) => parseDec(r.net)));
  const tax = sum(o.rows.map((r) => parseDec(r.tax)));
  return { net, tax, total: net + tax };
}

/** Money received minus money paid back, from customer payments (AUTHs move no money). */
export function paidAmount(account: AccountState, order: Order): Dec {
  let paid = 0n;
  for (const p of Object.values(account.payments)) {
    if (p.orderId !== order.id) continue;
    const amt = parseDec(p.amountPaid);
    if (order.orderTypeCode === "SO") {
      if (p.paymentType === "RECEIPT" || p.paymentType === "CAPTURE") paid += amt;
      else if (p.paymentType === "PAYMENT") paid -= amt;
    } else if (p.paymentType === "PAYMENT") paid += amt;
    else if (p.paymentType === "RECEIPT") paid -= amt;
  }
  return paid;
}

export function paymentStatus(account: AccountState, order: Order): "PAID" | "PARTIALLY_PAID" | "UNPAID" | "NOT_APPLICABLE" {
  const { total } = totals(order);
  if (total === 0n) return "NOT_APPLICABLE";
  const paid = paidAmount(account, order);
  if (paid >= total) return "PAID";
  if (paid > 0n) return "PARTIALLY_PAID";
  return "UNPAID";
}

const trackedRows = (account: AccountState, o: Order) => o.rows.filter((r) => r.productId !== null && account.products[r.productId]?.stockTracked);

/** Shipping status codes (NST/SNS/SPS/ASS); UNVERIFIED reading: NST = nothing to ship. */
export function shippingStatus(account: AccountState, o: Order): "NST" | "SNS" | "SPS" | "ASS" {
  const rows = o.rows.filter((r) => r.productId !== null);
  if (rows.length === 0) return "NST";
  let wanted = 0;
  let done = 0;
  for (const r of rows) {
    const q = Number(r.quantity);
    wanted += q;
    done += Math.min(q, shippedQuantity(account, o.id, r.id) + dropShippedQuantity(account, o.id, r.id));
  }
  if (done === 0) return "SNS";
  return done >= wanted ? "ASS" : "SPS";
}

export function dropShippedQuantity(account: AccountState, orderId: number, rowId: number): number {
  let n = 0;
  for (const d of Object.values(account.dropShipNotes)) {
    if (d.orderId !== orderId || !d.status.shipped) continue;
    for (const line of d.rows[rowId] ?? []) n += line.quantity;
  }
  return n;
}

export function allocationStatus(account: AccountState, o: Order): "ANR" | "ANA" | "APA" | "AAA" {
  const rows = trackedRows(account, o);
  if (rows.length === 0 || o.orderTypeCode !== "SO") return "ANR";
  let wanted = 0;
  let covered = 0;
  for (const r of rows) {
    const q = Number(r.quantity);
    wanted += q;
    covered += Math.min(q, r.allocated + r.dropShip + shippedQuantity(account, o.id, r.id));
  }
  if (covered === 0) return "ANA";
  return covered >= wanted ? "AAA" : "APA";
}

/**
 * Stock status: all / part / none of the stock-tracked rows covered; NON when there are none. A
 * sales credit is covered by the units received back on goods-in notes (UNVERIFIED reading of
 * SCN/SCP/SCA).
 */
export function stockStatus(account: AccountState, o: Order): string {
  if (o.orderTypeCode === "SC") {
    const rows = trackedRows(account, o);
    if (rows.length === 0) return "NON";
    let wanted = 0;
    let received = 0;
    for (const r of rows) {
      wanted += Number(r.quantity);
      received += Math.min(Number(r.quantity), receivedQuantity(account, o.id, r.id));
    }
    return received === 0 ? "SCN" : received >= wanted ? "SCA" : "SCP";
  }
  const a = allocationStatus(account, o);
  const prefix = o.orderTypeCode;
  return a === "ANR" ? "NON" : a === "AAA" ? `${prefix}A` : a === "APA" ? `${prefix}P` : `${prefix}N`;
}

export const ORDER_TYPES = [
  { id: 1, code: "SO", name: "SALES_ORDER" },
  { id: 2, code: "PO", name: "PURCHASE_ORDER" },
  { id: 3, code: "SC", name: "SALES_CREDIT" },
  { id: 4, code: "PC", name: "PURCHASE_CREDIT" },
];
export const SHIPPING_STATUSES = [
  { id: 1, code: "NST", name: "Not shippable" },
  { id: 2, code: "SNS", name: "Not shipped" },
  { id: 3, code: "SPS", name: "Partially shipped" },
  { id: 4, code: "ASS", name: "All shipped" },
];
export const STOCK_STATUSES = [
  { id: 1, code: "SON", name: "Not fulfilled" },
  { id: 2, code: "SOP", name: "Partially fulfilled" },
  { id: 3, code: "SOA", name: "Fulfilled" },
  { id: 4, code: "NON", name: "Not applicable" },
  { id: 5, code: "SCN", name: "Credit not fulfilled" },
  { id: 6, code: "SCP", name: "Credit partially fulfilled" },
  { id: 7, code: "SCA", name: "Credit fulfilled" },
];
export const PAYMENT_STATUSES = [
  { id: 1, code: "UNPAID" },
  { id: 2, code: "PARTIALLY_PAID" },
  { id: 3, code: "PAID" },
  { id: 4, code: "NOT_APPLICABLE" },
];

// ---- rendering ----

function renderParty(p: Party) {
  const c = countryById(p.countryId);
  return {
    ...(p.contactId !== undefined ? { contactId: p.contactId } : {}),
    addressFullName: p.addressFullName,
    companyName: p.companyName,
    addressLine1: p.addressLine1,
    addressLine2: p.addressLine2,
    addressLine3: p.addressLine3,
    addressLine4: p.addressLine4,
    postalCode: p.postalCode,
    country: c?.name ?? "",
    countryId: p.countryId,
    countryIsoCode: c?.iso2 ?? "",
    countryIsoCode3: c?.iso3 ?? "",
    telephone: p.telephone,
    mobileTelephone: p.mobileTelephone,
    email: p.email,
  };
}

/** One entry of the order GET's orderRows map. */
export function renderRow(account: AccountState, o: Order, r: OrderRow) {
  const qty = parseDec(r.quantity);
  return {
    orderRowSequence: String(r.sequence),
    productId: r.productId ?? 0,
    productName: r.name,
    productSku: r.sku,
    quantity: { magnitude: formatDec(qty, 4) },
    itemCost: { currencyCode: o.currencyCode, value: formatDec(parseDec(r.itemCost), 4) },
    productPrice: { currencyCode: o.currencyCode, value: formatDec(div(parseDec(r.net), qty), 4) },
    discountPercentage: "0.00",
    rowValue: {
      taxRate: formatDec(parseDec(r.taxRate), 4),
      taxCode: r.taxCode,
      taxCalculator: "brightpearl",
      rowNet: { currencyCode: o.currencyCode, value: formatDec(parseDec(r.net), 4) },
      rowTax: { currencyCode: o.currencyCode, value: formatDec(parseDec(r.tax), 2) },
      taxClassId: account.reference.taxCodes.find((x) => x.code === r.taxCode)?.id ?? 0,
    },
    nominalCode: r.nominalCode,
    composition: { bundleParent: false, bundleChild: false, parentOrderRowId: 0 },
    clonedFromId: 0,
  };
}

/** GET /order-service/order/{ids}: the nested shape with orderRows keyed by row id. */
export function renderOrder(account: AccountState, o: Order) {
  const offset = offsetOf(account);
  const fmt = (ms: number | null) => (ms === null ? null : formatInOffset(ms, offset));
  const status = account.reference.orderStatuses.find((s) => s.statusId === o.statusId);
  const t = totals(o);
  const rate = parseDec(o.exchangeRate);
  const orderRows: Record<string, unknown> = {};
  for (const r of o.rows) orderRows[r.id] = renderRow(account, o, r);
  return {
    id: o.id,
    parentOrderId: o.parentOrderId,
    orderTypeCode: o.orderTypeCode,
    reference: o.reference,
    version: o.version,
    state: { tax: isInvoiced(o) ? "INVOICED" : "NOT_INVOICED" },
    orderStatus: { orderStatusId: o.statusId, name: status?.name ?? "" },
    orderPaymentStatus: paymentStatus(account, o),
    stockStatusCode: stockStatus(account, o),
    allocationStatusCode: allocationStatus(account, o),
    shippingStatusCode: shippingStatus(account, o),
    placedOn: fmt(o.placedOn),
    createdOn: fmt(o.createdOn),
    createdById: o.createdById,
    updatedOn: fmt(o.updatedOn),
    closedOn: fmt(o.closedOn),
    priceListId: o.priceListId,
    priceModeCode: o.priceModeCode,
    delivery: { deliveryDate: fmt(o.deliveryDate), shippingMethodId: o.shippingMethodId },
    invoices: o.invoices.map((i) => ({ invoiceReference: i.invoiceReference, taxDate: fmt(i.taxDate), dueDate: fmt(i.dueDate) })),
    currency: {
      accountingCurrencyCode: account.settings.baseCurrency,
      orderCurrencyCode: o.currencyCode,
      exchangeRate: formatDec(rate, 4) + "00",
      fixedExchangeRate: o.fixedExchangeRate,
    },
    totalValue: {
      net: formatDec(t.net, 2),
      taxAmount: formatDec(t.tax, 2),
      baseNet: formatDec(div(t.net, rate), 2),
      baseTaxAmount: formatDec(div(t.tax, rate), 2),
      baseTotal: formatDec(div(t.total, rate), 2),
      total: formatDec(t.total, 2),
    },
    assignment: { current: { staffOwnerContactId: o.staffOwnerId, projectId: o.projectId, channelId: o.channelId, leadSourceId: o.leadSourceId, teamId: o.teamId } },
    parties: { customer: renderParty(o.parties.customer), delivery: renderParty(o.parties.delivery), billing: renderParty(o.parties.billing) },
    orderRows,
    warehouseId: o.warehouseId,
    acknowledged: 0,
    costPriceListId: account.settings.costPriceListId,
    historicalOrder: false,
    orderWeighting: 100,
  };
}

function flatAddress(p: Party) {
  const c = countryById(p.countryId);
  return {
    addressFullName: p.addressFullName,
    companyName: p.companyName,
    addressLine1: p.addressLine1,
    addressLine2: p.addressLine2,
    addressLine3: p.addressLine3,
    addressLine4: p.addressLine4,
    postalCode: p.postalCode,
    countryIsoCode: c?.iso3 ?? "",
    telephone: p.telephone,
    mobileTelephone: p.mobileTelephone,
    email: p.email,
  };
}

/** GET /order-service/sales-order/{ids} and /sales-credit/{ids}: the flat shape, rows as an array. */
export function renderSalesOrder(account: AccountState, o: Order) {
  const offset = offsetOf(account);
  const fmt = (ms: number | null) => (ms === null ? null : formatInOffset(ms, offset));
  const t = totals(o);
  const base = {
    id: o.id,
    parentId: o.parentOrderId || null,
    statusId: o.statusId,
    customer: { id: o.customerId, address: flatAddress(o.parties.customer) },
    billing: { contactId: o.parties.billing.contactId ?? o.customerId, address: flatAddress(o.parties.billing) },
    delivery: { date: fmt(o.deliveryDate), address: flatAddress(o.parties.delivery), shippingMethodId: o.shippingMethodId },
    ref: o.reference,
    externalRef: o.externalRef,
    installedIntegrationInstanceId: o.installedIntegrationInstanceId,
    placedOn: fmt(o.placedOn),
    taxDate: fmt(o.taxDate),
    createdOn: fmt(o.createdOn),
    updatedOn: fmt(o.updatedOn),
    channelId: o.channelId,
    warehouseId: o.warehouseId,
    leadSourceId: o.leadSourceId,
    projectId: o.projectId,
    staffOwnerId: o.staffOwnerId,
    teamId: o.teamId,
    priceListId: o.priceListId,
    priceModeCode: o.priceModeCode,
    currency: { code: o.currencyCode, fixedExchangeRate: o.fixedExchangeRate, exchangeRate: o.exchangeRate },
    rows: o.rows.map((r) => ({
      id: r.id,
      productId: r.productId,
      name: r.name,
      sku: r.sku,
      quantity: formatDec(parseDec(r.quantity), 4),
      net: formatDec(parseDec(r.net), 2),
      tax: formatDec(parseDec(r.tax), 2),
      taxCode: r.taxCode,
      nominalCode: r.nominalCode,
      externalRef: r.externalRef,
    })),
    total: { net: formatDec(t.net, 2), tax: formatDec(t.tax, 2), total: formatDec(t.total, 2) },
  };
  if (o.orderTypeCode === "SC") {
    return { ...base, isCanceled: o.statusId === account.settings.cancelledSalesCreditStatusId, orderPaymentStatus: paymentStatus(account, o) };
  }
  return base;
}

// ---- status, notes, invoicing ----

export const orderStatusBodySchema = z.object({
  orderStatusId: z.number().int(),
  orderNote: z.object({ text: z.string().min(1), isPublic: z.boolean().optional(), fileId: z.number().int().optional() }).optional(),
});

function touch(ctx: SandboxContext, o: Order) {
  o.updatedOn = ctx.now();
  o.version++;
}

/**
 * PUT /order-service/order/{id}/status. The cancelled status is refused while the order has
 * goods-out notes, is invoiced or has payments; cancelling releases its reservations.
 */
export function setOrderStatus(ctx: SandboxContext, account: AccountState, orderId: number, body: z.infer<typeof orderStatusBodySchema>): void {
  const order = orderOrThrow(account, orderId);
  const status = account.reference.orderStatuses.find((s) => s.statusId === body.orderStatusId);
  if (!status) throw invalid("ORDC-050", `Order status ${body.orderStatusId} does not exist`);
  if (status.orderTypeCode !== order.orderTypeCode) throw invalid("ORDC-051", `Order status ${status.statusId} does not belong to ${order.orderTypeCode} orders`);
  if (!status.visible || status.disabled) throw invalid("ORDC-052", `Order status ${status.statusId} is hidden or disabled`);
  const cancelledId = order.orderTypeCode === "SO" ? account.settings.cancelledSalesOrderStatusId : account.settings.cancelledSalesCreditStatusId;
  const cancelling = status.statusId === cancelledId && order.statusId !== cancelledId;
  if (cancelling) {
    const problems: string[] = [];
    if (Object.values(account.goodsOutNotes).some((g) => g.orderId === order.id)) problems.push("it has goods-out notes");
    if (isInvoiced(order)) problems.push("it is invoiced");
    if (paidAmount(account, order) !== 0n) problems.push("it has payments");
    if (problems.length) throw new ApiError(400, [{ code: "ORDC-053", message: `The order cannot be cancelled because ${problems.join(", ")}` }]);
  }
  const previous = account.reference.orderStatuses.find((s) => s.statusId === order.statusId);
  const changed = order.statusId !== status.statusId;
  order.statusId = status.statusId;
  touch(ctx, order);
  addNote(ctx, account, order.id, {
    text: body.orderNote?.text ?? `Order status changed from ${previous?.name ?? order.statusId} to ${status.name}`,
    isPublic: body.orderNote?.isPublic ?? false,
    fileId: body.orderNote?.fileId ?? 0,
  });
  if (cancelling) releaseOrder(ctx, account, order);
  if (changed) {
    ctx.emit(account, ORDER_STATUS_MODIFIED, order.id);
    // UNVERIFIED: the generic order.modified fires alongside the specific event.
    ctx.emit(account, ORDER_MODIFIED, order.id);
  }
  ctx.changed();
}

export const orderNoteBodySchema = z.object({
  text: z.string().min(1).max(5000),
  isPublic: z.boolean().optional(),
  fileId: z.number().int().optional(),
  addedOn: z.string().optional(),
});

export function addNote(
  ctx: SandboxContext,
  account: AccountState,
  orderId: number,
  body: { text: string; isPublic?: boolean; fileId?: number; addedOn?: string },
): OrderNote {
  orderOrThrow(account, orderId);
  const note: OrderNote = {
    id: nextId(account, "note", 1),
    orderId,
    text: body.text,
    isPublic: body.isPublic ?? false,
    fileId: body.fileId ?? 0,
    addedOn: instant(account, body.addedOn, "addedOn", ctx.now()),
    addedBy: account.settings.staffContactId,
  };
  (account.notes[orderId] ??= []).push(note);
  ctx.changed();
  return note;
}

export function renderNote(account: AccountState, n: OrderNote) {
  return { noteId: n.id, orderId: n.orderId, text: n.text, isPublic: n.isPublic, fileId: n.fileId, contactId: n.addedBy, addedOn: formatInOffset(n.addedOn, offsetOf(account)), addedBy: n.addedBy };
}

/** POST /order-service/sales-order/{id}/close: invoices the order. */
export function closeOrder(ctx: SandboxContext, account: AccountState, orderId: number, taxDateRaw: string | undefined, type: "SO" | "SC"): void {
  const order = orderOrThrow(account, orderId, type);
  if (isInvoiced(order)) throw invalid("ORDC-070", "The order is already invoiced");
  const now = ctx.now();
  const taxDate = instant(account, taxDateRaw, "taxDate", order.taxDate ?? now);
  const seq = nextId(account, type === "SO" ? "invoice" : "creditNote", 1001);
  order.invoices.push({ invoiceReference: `${type === "SO" ? "SI" : "SC"}-${seq}`, taxDate, dueDate: taxDate + 30 * 86_400_000 });
  order.taxDate = taxDate;
  order.closedOn = now;
  touch(ctx, order);
  ctx.emit(account, ORDER_MODIFIED, order.id);
  ctx.changed();
}

// ---- patch ----

const PATCHABLE_ORDER = [/^\/reference$/, /^\/delivery\/(deliveryDate|shippingMethodId)$/, /^\/placedOn$/, /^\/parties\/(delivery|billing)\/(addressFullName|companyName|addressLine[1-4]|postalCode|telephone|mobileTelephone|email)$/];

export function isPatchableOrderPath(path: string): boolean {
  return PATCHABLE_ORDER.some((re) => re.test(path));
}

/** Applies the accepted fields of a patched order view back onto the order. */
export function applyOrderView(ctx: SandboxContext, account: AccountState, order: Order, view: ReturnType<typeof renderOrder>): void {
  if (typeof view.reference !== "string") throw validation("reference must be a string");
  order.reference = view.reference;
  const d = view.delivery as { deliveryDate: unknown; shippingMethodId: unknown };
  if (d.deliveryDate !== null && typeof d.deliveryDate !== "string") throw validation("delivery.deliveryDate must be a date");
  order.deliveryDate = d.deliveryDate === null ? null : instant(account, d.deliveryDate as string, "delivery.deliveryDate", ctx.now());
  if (typeof d.shippingMethodId !== "number" || (d.shippingMethodId !== 0 && !account.reference.shippingMethods.some((m) => m.id === d.shippingMethodId))) {
    throw invalid("ORDC-017", "delivery.shippingMethodId does not exist");
  }
  order.shippingMethodId = d.shippingMethodId;
  if (typeof view.placedOn === "string") order.placedOn = instant(account, view.placedOn, "placedOn", order.placedOn);
  for (const which of ["delivery", "billing"] as const) {
    const src = view.parties[which] as Record<string, unknown>;
    const party = order.parties[which];
    for (const key of ["addressFullName", "companyName", "addressLine1", "addressLine2", "addressLine3", "addressLine4", "postalCode", "telephone", "mobileTelephone", "email"] as const) {
      const v = src[key];
      if (typeof v !== "string") throw validation(`parties.${which}.${key} must be a string`);
      party[key] = v;
    }
  }
  touch(ctx, order);
  ctx.emit(account, ORDER_MODIFIED, order.id);
  ctx.changed();
}

// ---- searches ----

const idOf = (list: { id: number; code: string }[], code: string) => list.find((x) => x.code === code)?.id ?? 0;

export function orderSearch(account: AccountState): SearchDefinition<Order> {
  return {
    defaultSort: "orderId",
    columns: [
      { name: "orderId", type: "IDSET", value: (o) => o.id },
      { name: "orderTypeId", type: "INTEGER", value: (o) => idOf(ORDER_TYPES, o.orderTypeCode), referenceData: "orderTypeNames" },
      { name: "contactId", type: "IDSET", value: (o) => o.customerId },
      { name: "orderStatusId", type: "IDSET", value: (o) => o.statusId, referenceData: "orderStatusNames" },
      { name: "orderStockStatusId", type: "INTEGER", value: (o) => idOf(STOCK_STATUSES, stockStatus(account, o)), referenceData: "orderStockStatusNames" },
      { name: "createdOn", type: "PERIOD", value: (o) => o.createdOn },
      { name: "createdById", type: "INTEGER", value: (o) => o.createdById },
      { name: "customerRef", type: "STRING", value: (o) => o.reference },
      { name: "orderPaymentStatusId", type: "INTEGER", value: (o) => idOf(PAYMENT_STATUSES, paymentStatus(account, o)), referenceData: "orderPaymentStatusNames" },
      { name: "updatedOn", type: "PERIOD", value: (o) => o.updatedOn },
      { name: "parentOrderId", type: "IDSET", value: (o) => o.parentOrderId },
      { name: "orderShippingStatusId", type: "INTEGER", value: (o) => idOf(SHIPPING_STATUSES, shippingStatus(account, o)), referenceData: "orderShippingStatusNames" },
      { name: "externalRef", type: "STRING", value: (o) => o.externalRef },
      { name: "installedIntegrationInstanceId", type: "INTEGER", value: (o) => o.installedIntegrationInstanceId },
      { name: "warehouseId", type: "IDSET", value: (o) => o.warehouseId },
      { name: "staffOwnerContactId", type: "IDSET", value: (o) => o.staffOwnerId },
      { name: "taxDate", type: "PERIOD", value: (o) => o.taxDate },
      { name: "departmentId", type: "INTEGER", value: () => 0 },
      { name: "deliveryDate", type: "PERIOD", value: (o) => o.deliveryDate },
    ],
    reference: (rows) => {
      const statusNames: Record<string, string> = {};
      for (const o of rows) {
        const s = account.reference.orderStatuses.find((x) => x.statusId === o.statusId);
        if (s) statusNames[s.statusId] = s.name;
      }
      return {
        orderTypeNames: Object.fromEntries(ORDER_TYPES.map((t) => [t.id, t.name])),
        orderStatusNames: statusNames,
        orderStockStatusNames: Object.fromEntries(STOCK_STATUSES.map((t) => [t.id, t.code])),
        orderPaymentStatusNames: Object.fromEntries(PAYMENT_STATUSES.map((t) => [t.id, t.code])),
        orderShippingStatusNames: Object.fromEntries(SHIPPING_STATUSES.map((t) => [t.id, t.code])),
      };
    },
  };
}

/** GET /order-service/sales-order-search: columns UNVERIFIED beyond those client code names. */
export function salesOrderSearch(account: AccountState): SearchDefinition<Order> {
  return {
    defaultSort: "salesOrderId",
    columns: [
      { name: "salesOrderId", type: "IDSET", value: (o) => o.id },
      { name: "customerId", type: "IDSET", value: (o) => o.customerId },
      { name: "customerRef", type: "STRING", value: (o) => o.reference },
      { name: "externalRef", type: "STRING", value: (o) => o.externalRef },
      { name: "orderStatusId", type: "IDSET", value: (o) => o.statusId, referenceData: "orderStatusNames" },
      { name: "orderPaymentStatusId", type: "INTEGER", value: (o) => idOf(PAYMENT_STATUSES, paymentStatus(account, o)) },
      { name: "orderShippingStatusId", type: "INTEGER", value: (o) => idOf(SHIPPING_STATUSES, shippingStatus(account, o)) },
      { name: "channelId", type: "IDSET", value: (o) => o.channelId },
      { name: "warehouseId", type: "IDSET", value: (o) => o.warehouseId },
      { name: "installedIntegrationInstanceId", type: "INTEGER", value: (o) => o.installedIntegrationInstanceId },
      { name: "currencyCode", type: "STRING", value: (o) => o.currencyCode },
      { name: "total", type: "STRING", value: (o) => formatDec(totals(o).total, 2) },
      { name: "placedOn", type: "PERIOD", value: (o) => o.placedOn },
      { name: "createdOn", type: "PERIOD", value: (o) => o.createdOn },
      { name: "updatedOn", type: "PERIOD", value: (o) => o.updatedOn },
    ],
    reference: (rows) => {
      const statusNames: Record<string, string> = {};
      for (const o of rows) {
        const s = account.reference.orderStatuses.find((x) => x.statusId === o.statusId);
        if (s) statusNames[s.statusId] = s.name;
      }
      return { orderStatusNames: statusNames };
    },
  };
}
