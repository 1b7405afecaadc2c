import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { chunkIdSets } from "@/lib/brightpearl/id-set";
import { searchAll } from "@/lib/brightpearl/search";

// The Brightpearl side of a shipment: goods-out notes (one per warehouse) and drop-ship notes (the
// supplier ships), read by id, and the searches the look-back sweep uses. Notes list their lines by
// sales-order row id; the rows' externalRef says which Magento item each one is.

export type NoteKind = "goods-out" | "drop-ship";

export type ShippedNote = {
  kind: NoteKind;
  id: number;
  orderId: number;
  /** goods-out notes only: the warehouse the goods left */
  warehouseId?: number;
  shipped: boolean;
  shippedOn?: string;
  /** what Brightpearl calls the shipping reference: the tracking number(s) */
  reference: string;
  shippingMethodId?: number;
  /** order row id → units on this note */
  rows: Map<number, number>;
};

const quantity = z.coerce.number();
const lines = z.record(z.string(), z.array(z.object({ productId: z.number().int().optional(), quantity }).loose()));
const noteBody = z
  .object({
    orderId: z.number().int(),
    warehouseId: z.number().int().optional(),
    status: z.object({ shipped: z.boolean(), shippedOn: z.string().nullish() }).loose(),
    // UNVERIFIED: a drop-ship note may keep its SHS event's trackingReference under that name.
    shipping: z.object({ reference: z.string().nullish(), trackingReference: z.string().nullish(), shippingMethodId: z.number().int().nullish() }).loose().nullish(),
    orderRows: lines.default({}),
  })
  .loose();
const noteMap = z.record(z.string(), noteBody);

export const noteSourceId = (kind: NoteKind, id: number) => `${kind === "goods-out" ? "gon" : "dropship"}:${id}`;
export const noteLabel = (kind: NoteKind, id: number) => `${kind === "goods-out" ? "Goods-out note" : "Drop-ship note"} ${id}`;

/** One note by id (any order); undefined when Brightpearl has no such note. */
export async function fetchNote(client: BrightpearlClient, kind: NoteKind, id: number): Promise<ShippedNote | undefined> {
  // UNVERIFIED: drop-ship notes are read like goods-out notes, under goods-note/drop-ship.
  const path = `/warehouse-service/order/*/goods-note/${kind}/${id}`;
  let found: z.output<typeof noteMap>;
  try {
    found = await client.get(path, noteMap);
  } catch (error) {
    if (error instanceof BrightpearlError && error.kind === "not-found") return undefined;
    throw error;
  }
  const note = found[String(id)];
  if (!note) return undefined;
  const rows = new Map<number, number>();
  for (const [rowId, parts] of Object.entries(note.orderRows)) rows.set(Number(rowId), parts.reduce((s, p) => s + p.quantity, 0));
  return {
    kind,
    id,
    orderId: note.orderId,
    ...(kind === "goods-out" && note.warehouseId !== undefined ? { warehouseId: note.warehouseId } : {}),
    shipped: note.status.shipped,
    ...(note.status.shippedOn ? { shippedOn: note.status.shippedOn } : {}),
    // an empty reference falls through to the tracking reference
    reference: (note.shipping?.reference?.trim() || note.shipping?.trackingReference?.trim() || ""),
    ...(note.shipping?.shippingMethodId ? { shippingMethodId: note.shipping.shippingMethodId } : {}),
    rows,
  };
}

const NOTE_SET_MAX = 200;
// Only each note's order is read here: a note whose other fields are malformed is still queued (its
// own attempt then says what is wrong), and one whose order cannot be read does not hold up the rest.
const noteOrders = z.record(z.string(), z.object({ orderId: z.number().int() }).loose().nullable().catch(null));

/**
 * The Brightpearl order of each named note, in one call per 200 notes (the "*" order set with a
 * note id set). Notes Brightpearl does not know are absent; none known answers 404.
 */
export async function ordersOfNotes(client: BrightpearlClient, kind: NoteKind, ids: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const set of chunkIdSets(ids, NOTE_SET_MAX)) {
    let found: z.output<typeof noteOrders>;
    try {
      found = await client.get(`/warehouse-service/order/*/goods-note/${kind}/${set}`, noteOrders);
    } catch (error) {
      if (error instanceof BrightpearlError && error.kind === "not-found") continue;
      throw error;
    }
    for (const [id, note] of Object.entries(found)) if (note) out.set(Number(id), note.orderId);
  }
  return out;
}

const goodsOutRow = z.object({ goodsOutNoteId: z.number().int(), orderId: z.number().int() }).loose();
const dropShipRow = z.object({ dropShipNoteId: z.number().int(), orderId: z.number().int() }).loose();

/** Every note shipped since `from`, goods-out and drop-ship. */
export async function notesShippedSince(client: BrightpearlClient, from: Date): Promise<{ kind: NoteKind; id: number; orderId: number }[]> {
  const period = `${from.toISOString().slice(0, 19)}Z/`;
  const out: { kind: NoteKind; id: number; orderId: number }[] = [];
  for await (const r of searchAll(client, "/warehouse-service/goods-note/goods-out-search", goodsOutRow, { shipped: "true", shippedOn: period, columns: "goodsOutNoteId,orderId" })) {
    out.push({ kind: "goods-out", id: r.goodsOutNoteId, orderId: r.orderId });
  }
  // UNVERIFIED: the drop-ship search's path and columns (by analogy with goods-out notes). An
  // account without drop-shipping may not have the search at all: that is no notes, not a failure.
  try {
    for await (const r of searchAll(client, "/warehouse-service/goods-note/drop-ship-search", dropShipRow, { shipped: "true", shippedOn: period, columns: "dropShipNoteId,orderId" })) {
      out.push({ kind: "drop-ship", id: r.dropShipNoteId, orderId: r.orderId });
    }
  } catch (error) {
    if (!(error instanceof BrightpearlError && error.kind === "not-found")) throw error;
  }
  return out;
}
