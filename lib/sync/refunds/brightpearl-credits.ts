import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { searchAll, searchPage } from "@/lib/brightpearl/search";
import type { RefundPayment } from "./plan";

// The Brightpearl side of a refund: the sales credit (externalRef + installedIntegrationInstanceId
// is its unique key, found again before a POST an earlier attempt may have made), the money paid
// back (a customer payment of type PAYMENT on the credit), and the returned goods booked back in
// with a goods-in note against the credit.

const orderRow = z
  .object({ orderId: z.number().int(), externalRef: z.string().nullish(), installedIntegrationInstanceId: z.number().int().nullish(), orderTypeId: z.number().int().optional() })
  .loose();

const SALES_CREDIT = 3;

export async function findCreditByExternalRef(client: BrightpearlClient, externalRef: string, installationIds: number[]): Promise<number | undefined> {
  const page = await searchPage(
    client,
    "/order-service/order-search",
    orderRow,
    { externalRef, orderTypeId: SALES_CREDIT, columns: "orderId,externalRef,installedIntegrationInstanceId,orderTypeId" },
    { pageSize: 50 },
  );
  const mine = page.rows.filter((r) => r.externalRef === externalRef && r.installedIntegrationInstanceId != null && installationIds.includes(r.installedIntegrationInstanceId));
  return mine.sort((a, b) => a.orderId - b.orderId)[0]?.orderId;
}

export const postSalesCredit = (client: BrightpearlClient, body: unknown) => client.post("/order-service/sales-credit", body, z.number().int());

const paymentRow = z.object({ paymentId: z.number().int(), transactionRef: z.string().nullish(), paymentMethodCode: z.string().nullish() }).loose();

/** Brightpearl upper-cases payment method codes; a payment is unique by method and reference. */
export const refundPaymentKey = (p: { paymentMethodCode?: string | null; transactionRef?: string | null }) => `${(p.paymentMethodCode ?? "").toUpperCase()}|${p.transactionRef ?? ""}`;

export async function refundPaymentRecorded(client: BrightpearlClient, creditId: number, payment: RefundPayment): Promise<boolean> {
  for await (const row of searchAll(client, "/accounting-service/customer-payment-search", paymentRow, { orderId: creditId })) {
    if (refundPaymentKey(row) === refundPaymentKey(payment)) return true;
  }
  return false;
}

export const postRefundPayment = (client: BrightpearlClient, creditId: number, p: RefundPayment) =>
  client.post(
    "/accounting-service/customer-payment",
    {
      transactionRef: p.transactionRef,
      transactionCode: p.transactionCode,
      paymentMethodCode: p.paymentMethodCode,
      paymentType: "PAYMENT",
      orderId: creditId,
      currencyIsoCode: p.currencyIsoCode,
      amountPaid: Number(p.amount),
      paymentDate: p.paymentDate,
      journalRef: p.journalRef,
    },
    z.number().int(),
  );

// ---- returned goods ----

const money = z.object({ currencyCode: z.string().nullish(), value: z.coerce.number() }).loose();
const creditOrderRow = z
  .object({
    productId: z.number().int().nullish(),
    quantity: z.object({ magnitude: z.coerce.number() }).loose(),
    itemCost: money.nullish(),
    productPrice: money.nullish(),
  })
  .loose();
const creditOrder = z.array(
  z
    .object({
      id: z.number().int(),
      warehouseId: z.number().int().nullish(),
      currency: z.object({ orderCurrencyCode: z.string().nullish() }).loose().nullish(),
      orderRows: z.record(z.string(), creditOrderRow),
    })
    .loose(),
);

/** Units of one credit row to book back in, valued per unit. */
export type RestockLine = { rowId: number; productId: number; quantity: number; value: string; currency: string };
export type CreditGoods = { warehouseId?: number; lines: RestockLine[] };

/**
 * The product rows of a sales credit as units to book back in (GET order-service/order, whose rows
 * carry the item cost). Returned goods go back at their cost, as the stock left; a row without a
 * cost falls back to its net unit price (UNVERIFIED which value Brightpearl itself uses for
 * returns). A fractional quantity cannot be stock, so such rows are left out.
 */
export async function creditGoods(client: BrightpearlClient, creditId: number): Promise<CreditGoods> {
  const [credit] = await client.get(`/order-service/order/${creditId}`, creditOrder);
  if (!credit) throw new BrightpearlError("not-found", `Brightpearl has no sales credit ${creditId}.`, { path: `/order-service/order/${creditId}` });
  const orderCurrency = credit.currency?.orderCurrencyCode ?? undefined;
  const lines: RestockLine[] = [];
  for (const [rowId, row] of Object.entries(credit.orderRows)) {
    const quantity = row.quantity.magnitude;
    if (!row.productId || quantity <= 0 || !Number.isInteger(quantity)) continue;
    const price = row.itemCost && row.itemCost.value > 0 ? row.itemCost : row.productPrice;
    const currency = price?.currencyCode ?? orderCurrency;
    if (!currency) continue;
    lines.push({ rowId: Number(rowId), productId: row.productId, quantity, value: (price?.value ?? 0).toFixed(4), currency });
  }
  return { warehouseId: credit.warehouseId ?? undefined, lines };
}

const goodsMovement = z
  .object({
    productId: z.number().int().nullish(),
    purchaseOrderRowId: z.number().int().nullish(),
    quantity: z.coerce.number().optional(),
    // The documentation's field table spells it with a capital Q.
    Quantity: z.coerce.number().optional(),
  })
  .loose();
const goodsInNote = z
  .object({
    goodsNoteId: z.number().int().optional(),
    goodsNoteStatus: z.string().nullish(),
    userBatchReference: z.string().nullish(),
    goodsMoved: z.array(goodsMovement).nullish(),
  })
  .loose();

export type GoodsInNote = { id: number; cancelled: boolean; userBatchReference?: string; moved: { rowId: number; quantity: number }[] };

/**
 * Every goods-in note booked against an order (GET warehouse-service/order/{id}/goods-note/goods-in/,
 * the documented "all notes for a set of orders" form). None may answer 404 (as goods-out notes
 * do) or an empty map; both mean none.
 */
export async function goodsInNotesOf(client: BrightpearlClient, orderId: number): Promise<GoodsInNote[]> {
  let found: Record<string, z.output<typeof goodsInNote>>;
  try {
    found = await client.get(`/warehouse-service/order/${orderId}/goods-note/goods-in/`, z.record(z.string(), goodsInNote));
  } catch (error) {
    if (error instanceof BrightpearlError && error.kind === "not-found") return [];
    throw error;
  }
  return Object.entries(found).map(([key, n]) => ({
    id: n.goodsNoteId ?? Number(key),
    cancelled: n.goodsNoteStatus?.toUpperCase() === "CANCELLED",
    ...(n.userBatchReference ? { userBatchReference: n.userBatchReference } : {}),
    moved: (n.goodsMoved ?? []).flatMap((g) => (g.purchaseOrderRowId ? [{ rowId: g.purchaseOrderRowId, quantity: g.quantity ?? g.Quantity ?? 0 }] : [])),
  }));
}

export const defaultLocation = (client: BrightpearlClient, warehouseId: number) => client.get(`/warehouse-service/warehouse/${warehouseId}/location/default`, z.number().int());

/**
 * Books units back into one warehouse location with a goods-in note against the sales credit; the
 * rows are named by `purchaseOrderRowId`, which holds a sales credit's row id too (documented on
 * the note GET). The reference must be unique across the account's goods-in notes (documented),
 * so a repeat of this POST is refused rather than booked twice. Answers the first note's id.
 */
export const postGoodsIn = (client: BrightpearlClient, creditId: number, input: { warehouseId: number; locationId: number; reference: string; lines: RestockLine[] }) =>
  client.post(
    `/warehouse-service/order/${creditId}/goods-note/goods-in`,
    {
      transfer: false,
      warehouseId: input.warehouseId,
      userBatchReference: input.reference,
      goodsMoved: input.lines.map((l) => ({
        productId: l.productId,
        purchaseOrderRowId: l.rowId,
        quantity: l.quantity,
        destinationLocationId: input.locationId,
        productValue: { currency: l.currency, value: Number(l.value) },
      })),
    },
    z.number().int(),
  );
