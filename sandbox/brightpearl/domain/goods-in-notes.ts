// Goods-in notes: stock received into a warehouse against an order's rows. The sandbox has no
// purchase orders, so the order is a sales credit (returned goods); the documentation's
// `purchaseOrderRowId` then holds the credit's row id, as its GET page says. Receiving into the
// default location puts the units back on hand (raising the on-hand event the stock flow follows);
// receiving into the quarantine location keeps them out of what can be sold.
import { z } from "zod";
import type { SandboxContext } from "../context";
import { formatInOffset, parseInstant } from "../lib/datetime";
import { DecimalError, formatDec, parseDec } from "../lib/decimal";
import { invalid, notFound } from "../http/errors";
import { nextId, offsetOf } from "../state/accounts";
import type { AccountState, GoodsInNote, GoodsMovement } from "../state/types";
import { locationKind } from "./locations";
import { level, receivedQuantity, stockChanged } from "./stock";

export const GIN_CREATED = "goods-in-note.created";

export const goodsInBodySchema = z.object({
  transfer: z.boolean().optional(),
  warehouseId: z.number().int(),
  goodsMoved: z
    .array(
      z.object({
        productId: z.number().int(),
        purchaseOrderRowId: z.number().int(),
        quantity: z.number().int().positive(),
        destinationLocationId: z.number().int(),
        productValue: z.object({ currency: z.string().length(3), value: z.union([z.number(), z.string()]) }),
      }),
    )
    .min(1),
  receivedOn: z.string().optional(),
  // UNVERIFIED: the length limit; the documentation gives none.
  userBatchReference: z.string().min(1).max(64).optional(),
});
export type GoodsInInput = z.infer<typeof goodsInBodySchema>;

/**
 * POST /warehouse-service/order/{id}/goods-note/goods-in. Everything is checked before anything is
 * written. One warehouse per request (the body names one). A request receiving the same product on
 * two rows makes one note per occurrence, and only the first note's id is answered (documented).
 */
export function createGoodsInNotes(ctx: SandboxContext, account: AccountState, orderId: number, body: GoodsInInput): GoodsInNote[] {
  const order = account.orders[orderId];
  if (!order) throw notFound(`Order ${orderId} not found`);
  // UNVERIFIED codes and wording for every refusal below, in the warehouse service's WHSC family.
  if (order.orderTypeCode !== "SC") throw invalid("WHSC-040", `Order ${orderId} is a sales order; goods-in notes are booked against purchase orders and sales credits`);
  if (order.statusId === account.settings.cancelledSalesCreditStatusId) throw invalid("WHSC-041", `Sales credit ${orderId} is cancelled`);
  // UNVERIFIED: stock arriving from an external transfer is received on the transfer, never on an order.
  if (body.transfer) throw invalid("WHSC-042", "transfer: a goods-in note against an order cannot be an external transfer");
  if (!account.reference.warehouses.some((w) => w.id === body.warehouseId)) throw invalid("WHSC-011", `Warehouse ${body.warehouseId} does not exist`);
  const reference = body.userBatchReference?.trim() || null;
  // Documented: the reference must be unique across all goods-in notes. UNVERIFIED: how a repeat is
  // refused; the sandbox answers 400 without naming the note that holds it.
  if (reference !== null && Object.values(account.goodsInNotes).some((n) => n.userBatchReference === reference)) {
    throw invalid("WHSC-043", `A goods-in note with userBatchReference "${reference}" already exists`);
  }
  const receivedOn = body.receivedOn === undefined ? ctx.now() : parseInstant(body.receivedOn, offsetOf(account));
  if (receivedOn === undefined) throw invalid("WHSC-023", `receivedOn: "${body.receivedOn}" is not an ISO-8601 date-time`);

  const wanted = new Map<number, number>();
  const lines: GoodsMovement[] = body.goodsMoved.map((g, i) => {
    const where = `goodsMoved[${i}]`;
    const row = order.rows.find((r) => r.id === g.purchaseOrderRowId);
    if (!row) throw invalid("WHSC-012", `${where}.purchaseOrderRowId: row ${g.purchaseOrderRowId} is not on order ${orderId}`);
    if (row.productId !== g.productId) throw invalid("WHSC-013", `${where}: row ${row.id} is for product ${row.productId ?? "(none)"}, not ${g.productId}`);
    if (!account.products[g.productId]?.stockTracked) throw invalid("WHSC-014", `${where}: product ${g.productId} is not stock tracked`);
    if (!locationKind(body.warehouseId, g.destinationLocationId)) {
      throw invalid("WHSC-044", `${where}.destinationLocationId: location ${g.destinationLocationId} is not in warehouse ${body.warehouseId}`);
    }
    const currency = g.productValue.currency.toUpperCase();
    if (!account.reference.currencies.some((c) => c.code === currency)) throw invalid("WHSC-045", `${where}.productValue.currency: ${currency} is not set up in this account`);
    let value: bigint;
    try {
      value = parseDec(g.productValue.value);
    } catch (e) {
      if (e instanceof DecimalError) throw invalid("WHSC-046", `${where}.productValue.value: ${e.message}`);
      throw e;
    }
    if (value < 0n) throw invalid("WHSC-046", `${where}.productValue.value must not be negative`);
    wanted.set(row.id, (wanted.get(row.id) ?? 0) + g.quantity);
    return { productId: g.productId, orderRowId: row.id, quantity: g.quantity, locationId: g.destinationLocationId, currency, value: formatDec(value, 4) };
  });
  // Documented for purchase orders: notes can be made until every unit on the order is received.
  for (const [rowId, quantity] of wanted) {
    const row = order.rows.find((r) => r.id === rowId)!;
    const left = Number(row.quantity) - receivedQuantity(account, order.id, rowId);
    if (quantity > left) throw invalid("WHSC-015", `Row ${rowId}: ${quantity} to receive but only ${left} left to receive on sales credit ${orderId}`);
  }

  // Validation is over: from here on the notes are written in full.
  const groups: GoodsMovement[][] = [];
  const seen = new Map<number, number>();
  for (const line of lines) {
    const k = seen.get(line.productId) ?? 0;
    seen.set(line.productId, k + 1);
    (groups[k] ??= []).push(line);
  }
  const now = ctx.now();
  const notes = groups.map((goodsMoved) => {
    const note: GoodsInNote = {
      id: nextId(account, "goodsInNote", 3001),
      orderId: order.id,
      warehouseId: body.warehouseId,
      transfer: false,
      // UNVERIFIED: every note one request makes carries its reference (they are one delivery).
      userBatchReference: reference,
      receivedOn,
      createdOn: now,
      createdBy: account.settings.staffContactId,
      goodsMoved,
    };
    account.goodsInNotes[note.id] = note;
    return note;
  });

  const backOnHand: number[] = [];
  for (const line of lines) {
    const l = level(account, line.productId, body.warehouseId);
    if (locationKind(body.warehouseId, line.locationId) === "quarantine") {
      l.quarantined = (l.quarantined ?? 0) + line.quantity;
    } else {
      l.inStock += line.quantity;
      backOnHand.push(line.productId);
    }
  }
  if (backOnHand.length) stockChanged(ctx, account, [...new Set(backOnHand)]);
  ctx.emit(account, GIN_CREATED, notes.map((n) => n.id));
  ctx.changed();
  return notes;
}

/** One goods-in note in the documented GET shape. */
export function renderGoodsInNote(account: AccountState, n: GoodsInNote) {
  return {
    goodsNoteId: n.id,
    orderId: n.orderId,
    transfer: n.transfer,
    // UNVERIFIED: a note whose goods are in stays OPEN; nothing in the sandbox closes or cancels one.
    goodsNoteStatus: "OPEN",
    userBatchReference: n.userBatchReference,
    receivedOn: formatInOffset(n.receivedOn, offsetOf(account)),
    createdBy: n.createdBy,
    goodsMoved: n.goodsMoved.map((g) => ({
      productId: g.productId,
      purchaseOrderRowId: g.orderRowId,
      quantity: g.quantity,
      warehouseId: n.warehouseId,
      destinationLocationId: g.locationId,
      goodsNoteId: n.id,
      // UNVERIFIED: each note is its own stock batch.
      batchGoodsNoteId: n.id,
      productValue: { currency: g.currency, value: g.value },
      cleared: false,
      valueConfirmed: false,
    })),
  };
}
