// The low-level order API: POST /order-service/order (the header alone) and POST
// /order/{id}/row (one row at a time). Non-atomic and N+1 requests, which is why integrations
// prefer the sales-order POST; kept for fidelity and for its recorded errors.
import { z } from "zod";
import type { SandboxContext } from "../context";
import { countryByIso } from "../lib/countries";
import { DecimalError, div, formatDec, isWhole, mul, parseDec } from "../lib/decimal";
import { ApiError, invalid, notFound } from "../http/errors";
import { applyPatch } from "../lib/json-patch";
import { nextId, STAFF_CONTACT_ID } from "../state/accounts";
import type { AccountState, Order, OrderRow, Party } from "../state/types";
import { ORDER_MODIFIED, orderOrThrow, renderRow } from "./orders";
import { allocateOrder, level, stockChanged } from "./stock";

export const orderHeaderSchema = z.object({
  orderTypeCode: z.string().optional(),
  reference: z.string().max(64).optional(),
  parentOrderId: z.number().int().optional(),
  priceListId: z.number().int().optional(),
  priceModeCode: z.enum(["INC", "EXC"]).optional(),
  placedOn: z.string().optional(),
  orderStatus: z.object({ orderStatusId: z.number().int() }).optional(),
  warehouseId: z.number().int().optional(),
  currency: z.object({ orderCurrencyCode: z.string().optional(), fixedExchangeRate: z.boolean().optional(), exchangeRate: z.union([z.number(), z.string()]).optional() }).optional(),
  parties: z
    .object({
      customer: z.object({ contactId: z.number().int() }).optional(),
      supplier: z.object({ contactId: z.number().int() }).optional(),
      delivery: z.record(z.string(), z.unknown()).optional(),
      billing: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  assignment: z.object({ current: z.object({ channelId: z.number().int().optional() }).partial() }).optional(),
});

function partyOf(account: AccountState, contactId: number): Party {
  const contact = account.contacts[contactId]!;
  const address = contact.postAddressIds.DEF !== undefined ? account.addresses[contact.postAddressIds.DEF] : undefined;
  return {
    contactId,
    addressFullName: `${contact.firstName} ${contact.lastName}`.trim(),
    companyName: contact.companyName,
    addressLine1: address?.addressLine1 ?? "",
    addressLine2: address?.addressLine2 ?? "",
    addressLine3: address?.addressLine3 ?? "",
    addressLine4: address?.addressLine4 ?? "",
    postalCode: address?.postalCode ?? "",
    countryId: address?.countryId ?? countryByIso("GB")!.id,
    telephone: contact.telephones.PRI ?? "",
    mobileTelephone: contact.telephones.MOB ?? "",
    email: contact.emails.PRI ?? "",
  };
}

export function createOrderHeader(ctx: SandboxContext, account: AccountState, body: z.infer<typeof orderHeaderSchema>): Order {
  // Recorded: ORDC-005 without a type, ORDC-006 for an unknown one, ORDC-022 for a PO without supplier.
  if (!body.orderTypeCode) throw invalid("ORDC-005", "orderTypeCode is required");
  if (!["SO", "SC", "PO", "PC"].includes(body.orderTypeCode)) throw invalid("ORDC-006", `Invalid orderTypeCode ${body.orderTypeCode}`);
  if ((body.orderTypeCode === "PO" || body.orderTypeCode === "PC") && !body.parties?.supplier) throw invalid("ORDC-022", "A purchase order needs a supplier");
  if (body.orderTypeCode === "PO" || body.orderTypeCode === "PC") throw invalid("ORDC-099", "The sandbox does not model purchase orders");
  const type = body.orderTypeCode as "SO" | "SC";
  const customerId = body.parties?.customer?.contactId;
  if (customerId === undefined || !account.contacts[customerId]) throw invalid("ORDC-011", "parties.customer.contactId must be an existing contact");
  const s = account.settings;
  const statusId = body.orderStatus?.orderStatusId ?? (type === "SO" ? s.defaultSalesOrderStatusId : s.defaultSalesCreditStatusId);
  const status = account.reference.orderStatuses.find((x) => x.statusId === statusId);
  if (!status || status.orderTypeCode !== type) throw invalid("ORDC-013", `Order status ${statusId} is not a ${type} status`);
  const warehouseId = body.warehouseId ?? s.defaultWarehouseId;
  if (!account.reference.warehouses.some((w) => w.id === warehouseId)) throw invalid("ORDC-015", `Warehouse ${warehouseId} does not exist`);
  const priceListId = body.priceListId ?? account.contacts[customerId]!.priceListId;
  const priceList = account.reference.priceLists.find((l) => l.id === priceListId);
  if (!priceList) throw invalid("ORDC-016", `Price list ${priceListId} does not exist`);
  const currencyCode = (body.currency?.orderCurrencyCode ?? priceList.currencyCode).toUpperCase();
  const currency = account.reference.currencies.find((x) => x.code === currencyCode);
  if (!currency) throw invalid("ORDC-018", `Currency ${currencyCode} is not set up in this account`);
  const now = ctx.now();
  const party = partyOf(account, customerId);
  const order: Order = {
    id: nextId(account, "order", 100001),
    orderTypeCode: type,
    parentOrderId: body.parentOrderId ?? 0,
    reference: body.reference ?? "",
    externalRef: null,
    installedIntegrationInstanceId: null,
    statusId,
    customerId,
    parties: { customer: party, delivery: { ...party, contactId: undefined }, billing: { ...party } },
    placedOn: now,
    taxDate: null,
    deliveryDate: null,
    shippingMethodId: 0,
    priceListId,
    priceModeCode: body.priceModeCode ?? (priceList.gross ? "INC" : "EXC"),
    currencyCode,
    exchangeRate: formatDec(parseDec(body.currency?.exchangeRate ?? currency.exchangeRate), 4),
    fixedExchangeRate: body.currency?.fixedExchangeRate ?? false,
    channelId: body.assignment?.current.channelId ?? s.defaultChannelId,
    leadSourceId: 0,
    projectId: 0,
    staffOwnerId: 0,
    teamId: 0,
    warehouseId,
    rows: [],
    invoices: [],
    closedOn: null,
    createdOn: now,
    createdById: STAFF_CONTACT_ID,
    updatedOn: now,
    version: 1,
    viaSalesOrderApi: false,
  };
  delete order.parties.delivery.contactId;
  account.orders[order.id] = order;
  ctx.emit(account, ORDER_MODIFIED, order.id);
  ctx.changed();
  return order;
}

export const orderRowSchema = z.object({
  productId: z.number().int().optional(),
  productName: z.string().max(255).optional(),
  quantity: z.object({ magnitude: z.union([z.number(), z.string()]) }),
  rowValue: z.object({
    taxCode: z.string(),
    rowNet: z.object({ value: z.union([z.number(), z.string()]) }),
    rowTax: z.object({ value: z.union([z.number(), z.string()]) }).optional(),
  }),
  nominalCode: z.union([z.string(), z.number()]).optional(),
});

export function addOrderRow(ctx: SandboxContext, account: AccountState, orderId: number, body: z.infer<typeof orderRowSchema>): OrderRow {
  const order = orderOrThrow(account, orderId);
  const product = body.productId !== undefined ? account.products[body.productId] : undefined;
  if (body.productId !== undefined && !product) throw invalid("ORDC-020", `Product ${body.productId} does not exist`);
  if (!product && !body.productName) throw invalid("ORDC-021", "A row needs a productId or a productName");
  let quantity;
  try {
    quantity = parseDec(body.quantity.magnitude);
  } catch {
    throw invalid("ORDC-022", "quantity.magnitude must be a number");
  }
  if (quantity <= 0n) throw invalid("ORDC-022", "quantity.magnitude must be positive");
  if (product?.stockTracked && !isWhole(quantity)) throw invalid("ORDC-023", "quantity.magnitude must be an integer for a stock-tracked product");
  const taxCode = account.reference.taxCodes.find((t) => t.code === body.rowValue.taxCode);
  if (!taxCode) throw invalid("ORDC-024", `Tax code ${body.rowValue.taxCode} does not exist`);
  let net;
  let tax;
  try {
    net = parseDec(body.rowValue.rowNet.value, 2);
    // Without a rowTax, Brightpearl calculates it from the tax code.
    tax =
      body.rowValue.rowTax !== undefined
        ? parseDec(body.rowValue.rowTax.value, 2)
        : parseDec(formatDec(div(mul(net, parseDec(taxCode.rate ?? "0")), 100_0000n), 2));
  } catch (e) {
    if (e instanceof DecimalError) throw invalid("ORDC-031", `rowNet/rowTax: ${e.message} (at most 2 decimal places)`);
    throw e;
  }
  const nominalCode = String(body.nominalCode ?? account.settings.defaultSalesNominalCode);
  const row: OrderRow = {
    id: nextId(account, "orderRow", 1),
    sequence: (order.rows.length + 1) * 10,
    productId: product?.id ?? null,
    name: body.productName ?? product?.name ?? "",
    sku: product?.sku ?? "",
    quantity: formatDec(quantity, 4),
    net: formatDec(net, 4),
    tax: formatDec(tax, 4),
    taxCode: taxCode.code,
    taxRate: taxCode.rate ?? "0.0000",
    nominalCode,
    externalRef: null,
    itemCost: "0.0000",
    allocated: 0,
    allocationWarehouseId: null,
    dropShip: 0,
  };
  order.rows.push(row);
  order.updatedOn = ctx.now();
  order.version++;
  if (order.orderTypeCode === "SO" && account.settings.autoAllocate) allocateOrder(ctx, account, order);
  ctx.emit(account, ORDER_MODIFIED, order.id);
  ctx.changed();
  return row;
}

const PATCHABLE_ROW = ["/quantity/magnitude", "/rowValue/rowNet/value", "/rowValue/taxCode", "/nominalCode", "/productName"];

/**
 * PATCH /order-service/order/{id}/row/{rowId}: JSON Patch on the row as the order GET shows it;
 * answers the updated row. Recorded: Brightpearl recalculates rowTax from the tax code afterwards.
 */
export function patchOrderRow(ctx: SandboxContext, account: AccountState, orderId: number, rowId: number, ops: unknown) {
  const order = orderOrThrow(account, orderId);
  const row = order.rows.find((r) => r.id === rowId);
  if (!row) throw notFound(`Row ${rowId} is not on order ${orderId}`);
  const patched = applyPatch(renderRow(account, order, row), ops);
  for (const op of ops as { path: string }[]) if (!PATCHABLE_ROW.includes(op.path)) throw new ApiError(400, [{ code: "CMNC-045", message: `${op.path} cannot be patched` }]);
  const product = row.productId !== null ? account.products[row.productId] : undefined;
  let quantity;
  let net;
  try {
    quantity = parseDec(patched.quantity.magnitude);
    net = parseDec(patched.rowValue.rowNet.value, 4);
  } catch {
    throw invalid("ORDC-031", "quantity.magnitude and rowValue.rowNet.value must be numbers");
  }
  if (quantity <= 0n) throw invalid("ORDC-022", "quantity.magnitude must be positive");
  if (product?.stockTracked && !isWhole(quantity)) throw invalid("ORDC-023", "quantity.magnitude must be an integer for a stock-tracked product");
  const taxCode = account.reference.taxCodes.find((t) => t.code === patched.rowValue.taxCode);
  if (!taxCode) throw invalid("ORDC-024", `Tax code ${String(patched.rowValue.taxCode)} does not exist`);
  const nominalCode = String(patched.nominalCode);
  if (!account.reference.nominalCodes.some((n) => n.code === nominalCode)) throw invalid("ORDC-025", `Nominal code ${nominalCode} does not exist`);
  if (typeof patched.productName !== "string") throw invalid("ORDC-021", "productName must be a string");
  row.quantity = formatDec(quantity, 4);
  row.net = formatDec(net, 4);
  row.taxCode = taxCode.code;
  row.taxRate = taxCode.rate ?? "0.0000";
  row.tax = formatDec(parseDec(formatDec(div(mul(net, parseDec(row.taxRate)), 100_0000n), 2)), 4);
  row.nominalCode = nominalCode;
  row.name = patched.productName;
  trimAllocation(ctx, account, order, row);
  order.updatedOn = ctx.now();
  order.version++;
  if (order.orderTypeCode === "SO" && account.settings.autoAllocate) allocateOrder(ctx, account, order);
  ctx.emit(account, ORDER_MODIFIED, order.id);
  ctx.changed();
  return renderRow(account, order, row);
}

/** Gives back units reserved beyond what a row still needs. */
function trimAllocation(ctx: SandboxContext, account: AccountState, order: Order, row: OrderRow, keep = Number(row.quantity)): void {
  const excess = row.allocated - Math.max(0, keep - row.dropShip);
  if (excess <= 0 || row.productId === null || row.allocationWarehouseId === null) return;
  const l = level(account, row.productId, row.allocationWarehouseId);
  l.allocated = Math.max(0, l.allocated - excess);
  row.allocated -= excess;
  stockChanged(ctx, account, [row.productId]);
}

/** DELETE /order-service/order/{id}/row/{rowId}: refused once the row is on a goods-out note. */
export function deleteOrderRow(ctx: SandboxContext, account: AccountState, orderId: number, rowId: number): void {
  const order = orderOrThrow(account, orderId);
  const row = order.rows.find((r) => r.id === rowId);
  if (!row) throw notFound(`Row ${rowId} is not on order ${orderId}`);
  if (Object.values(account.goodsOutNotes).some((g) => g.orderId === orderId && g.rows[rowId])) throw invalid("ORDC-080", "The row is on a goods-out note");
  trimAllocation(ctx, account, order, row, 0);
  order.rows = order.rows.filter((r) => r.id !== rowId);
  order.updatedOn = ctx.now();
  order.version++;
  ctx.emit(account, ORDER_MODIFIED, order.id);
  ctx.changed();
}
