// Customer payments against orders: RECEIPT (money in on a sales order), PAYMENT (money out, a
// refund on a sales credit), AUTH (needs authorizationExpiry), CAPTURE (of an AUTH with the same
// transactionCode) and VOID. transactionRef is unique together with paymentMethodCode.
import { z } from "zod";
import type { SandboxContext } from "../context";
import { DecimalError, formatDec, parseDec } from "../lib/decimal";
import { formatInOffset, parseInstant } from "../lib/datetime";
import { invalid, notFound } from "../http/errors";
import type { SearchDefinition } from "../http/search";
import { nextId, offsetOf } from "../state/accounts";
import type { AccountState, CustomerPayment } from "../state/types";

const amount = z.union([z.number(), z.string()]);

export const paymentBodySchema = z.object({
  transactionRef: z.string().max(64).optional(),
  transactionCode: z.string().max(64).optional(),
  paymentMethodCode: z.string().min(1).max(36),
  paymentType: z.enum(["RECEIPT", "PAYMENT", "AUTH", "CAPTURE", "VOID"]),
  orderId: z.number().int(),
  currencyIsoCode: z.string().length(3),
  exchangeRate: amount.optional(),
  amountPaid: amount.optional(),
  amountAuthorized: amount.optional(),
  authorizationExpiry: z.string().optional(),
  paymentDate: z.string(),
  journalRef: z.string().max(255).optional(),
});

const dec2 = (v: unknown, field: string) => {
  try {
    const d = parseDec(v, 2);
    if (d < 0n) throw invalid("ACCC-011", `${field} must not be negative`);
    return d;
  } catch (e) {
    if (e instanceof DecimalError) throw invalid("ACCC-011", `${field}: ${e.message}`);
    throw e;
  }
};

export function createPayment(ctx: SandboxContext, account: AccountState, body: z.infer<typeof paymentBodySchema>): CustomerPayment {
  const order = account.orders[body.orderId];
  if (!order) throw invalid("ACCC-001", `Order ${body.orderId} does not exist`);
  const currency = body.currencyIsoCode.toUpperCase();
  if (!account.reference.currencies.some((c) => c.code === currency)) throw invalid("ACCC-002", `Currency ${currency} is not set up in this account`);
  // UNVERIFIED: the payment's currency must be the order's.
  if (currency !== order.currencyCode) throw invalid("ACCC-003", `The order is in ${order.currencyCode}, not ${currency}`);
  // UNVERIFIED: money in goes against sales orders, money out against sales credits.
  if (["RECEIPT", "AUTH", "CAPTURE"].includes(body.paymentType) && order.orderTypeCode !== "SO") throw invalid("ACCC-004", `${body.paymentType} payments are for sales orders`);
  if (body.paymentType === "PAYMENT" && order.orderTypeCode !== "SC") throw invalid("ACCC-004", "PAYMENT payments are for sales credits");
  const paymentDate = parseInstant(body.paymentDate, offsetOf(account));
  if (paymentDate === undefined) throw invalid("ACCC-005", `paymentDate: "${body.paymentDate}" is not an ISO-8601 date-time`);
  const method = body.paymentMethodCode.toUpperCase();
  if (body.transactionRef !== undefined) {
    const dup = Object.values(account.payments).some((p) => p.transactionRef === body.transactionRef && p.paymentMethodCode === method);
    if (dup) throw invalid("ACCC-006", `A payment with transactionRef "${body.transactionRef}" already exists for payment method ${method}`);
  }
  let amountPaid = 0n;
  let amountAuthorized = 0n;
  let authorizationExpiry: number | null = null;
  if (body.paymentType === "AUTH") {
    if (body.amountAuthorized === undefined) throw invalid("ACCC-007", "amountAuthorized is required for AUTH payments");
    if (body.authorizationExpiry === undefined) throw invalid("ACCC-008", "authorizationExpiry is required for AUTH payments");
    amountAuthorized = dec2(body.amountAuthorized, "amountAuthorized");
    const expiry = parseInstant(body.authorizationExpiry, offsetOf(account));
    if (expiry === undefined) throw invalid("ACCC-008", `authorizationExpiry: "${body.authorizationExpiry}" is not an ISO-8601 date-time`);
    authorizationExpiry = expiry;
  } else if (body.paymentType !== "VOID") {
    if (body.amountPaid === undefined) throw invalid("ACCC-009", `amountPaid is required for ${body.paymentType} payments`);
    amountPaid = dec2(body.amountPaid, "amountPaid");
  }
  if (body.paymentType === "CAPTURE" || body.paymentType === "VOID") {
    const auth = Object.values(account.payments).find((p) => p.paymentType === "AUTH" && p.orderId === order.id && p.transactionCode === body.transactionCode);
    // UNVERIFIED: a capture or void must name an AUTH on the order by transactionCode.
    if (!body.transactionCode || !auth) throw invalid("ACCC-010", `${body.paymentType} needs the transactionCode of an AUTH payment on order ${order.id}`);
  }
  let exchangeRate = 1_0000n;
  if (body.exchangeRate !== undefined) {
    try {
      exchangeRate = parseDec(body.exchangeRate);
    } catch {
      throw invalid("ACCC-012", "exchangeRate must be a decimal number");
    }
  }
  // A journal is only posted when the method exists and has a bank account in the currency;
  // otherwise the order is just marked paid (documented).
  const pm = account.reference.paymentMethods.find((m) => m.code === method && m.isActive);
  const journalled = body.paymentType !== "AUTH" && body.paymentType !== "VOID" && !!pm?.bankAccounts.some((b) => b.currencyIsoCode === currency);
  const payment: CustomerPayment = {
    id: nextId(account, "payment", 1),
    transactionRef: body.transactionRef ?? null,
    transactionCode: body.transactionCode ?? null,
    paymentMethodCode: method,
    paymentType: body.paymentType,
    orderId: order.id,
    currencyIsoCode: currency,
    exchangeRate: formatDec(exchangeRate, 4),
    amountPaid: formatDec(amountPaid, 4),
    amountAuthorized: formatDec(amountAuthorized, 4),
    authorizationExpiry,
    paymentDate,
    createdOn: ctx.now(),
    journalId: journalled ? nextId(account, "journal", 5001) : null,
    journalRef: body.journalRef ?? "",
  };
  account.payments[payment.id] = payment;
  order.updatedOn = ctx.now();
  ctx.changed();
  return payment;
}

export function deletePayment(ctx: SandboxContext, account: AccountState, id: number): void {
  if (!account.payments[id]) throw notFound(`Customer payment ${id} not found`);
  delete account.payments[id];
  ctx.changed();
}

export function paymentSearch(account: AccountState): SearchDefinition<CustomerPayment> {
  const currencyId = (code: string) => account.reference.currencies.find((c) => c.code === code)?.id ?? 0;
  return {
    defaultSort: "paymentId",
    columns: [
      { name: "paymentId", type: "IDSET", value: (p) => p.id },
      { name: "transactionRef", type: "STRING", value: (p) => p.transactionRef },
      { name: "transactionCode", type: "STRING", value: (p) => p.transactionCode },
      { name: "paymentMethodCode", type: "STRING", value: (p) => p.paymentMethodCode },
      { name: "paymentType", type: "STRING", value: (p) => p.paymentType },
      { name: "orderId", type: "IDSET", value: (p) => p.orderId },
      { name: "currencyId", type: "INTEGER", value: (p) => currencyId(p.currencyIsoCode) },
      { name: "currencyCode", type: "STRING", value: (p) => p.currencyIsoCode },
      { name: "amountAuthorized", type: "STRING", value: (p) => formatDec(parseDec(p.amountAuthorized), 2) },
      { name: "amountPaid", type: "STRING", value: (p) => formatDec(parseDec(p.amountPaid), 2) },
      { name: "expires", type: "PERIOD", value: (p) => p.authorizationExpiry },
      { name: "paymentDate", type: "PERIOD", value: (p) => p.paymentDate },
      { name: "createdOn", type: "PERIOD", value: (p) => p.createdOn },
      { name: "journalId", type: "INTEGER", value: (p) => p.journalId },
    ],
  };
}

export function renderPaymentDate(account: AccountState, ms: number) {
  return formatInOffset(ms, offsetOf(account));
}
