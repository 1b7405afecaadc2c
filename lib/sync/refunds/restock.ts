import "server-only";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import type { TenantDb } from "@/lib/tenants/scope";
import { creditGoods, defaultLocation, goodsInNotesOf, postGoodsIn, type GoodsInNote, type RestockLine } from "./brightpearl-credits";

// Returned goods back into stock, exactly once: one goods-in note against the sales credit, into
// the warehouse's default location (where stock is on hand and can be sold again; the quarantine
// location would keep it off sale until someone releases it). The note carries a reference unique
// to the credit, and an attempt that may already have posted it first reads the credit's notes:
// finding ours means it was booked. If Brightpearl refuses the POST, the notes are read again
// before the refusal is believed.
//
// Calls on a first attempt: the credit (1), the goods-in POST (1), and the warehouse's default
// location once per warehouse (cached; it is a fixed location of the warehouse).

export type RestockOutcome =
  | { status: "booked"; noteId: number; units: number; recovered: boolean }
  /** every credited unit is already received on notes someone else booked */
  | { status: "already-received" }
  | { status: "nothing-to-book" };

/** A plain-words reason the goods cannot be booked in, for the merchant. */
export class RestockRefused extends Error {
  override name = "RestockRefused";
}

/** Unique per credit memo and credit, so two Magento stores on one Brightpearl account never share one. */
export const restockReference = (memoNumber: string, creditId: number) => `M2-CM-${memoNumber}-SC-${creditId}`.slice(0, 64);

const LOCATION_CACHE = (warehouseId: number) => `default-location:${warehouseId}`;

async function cachedLocation(scoped: TenantDb, warehouseId: number): Promise<number | undefined> {
  const row = await scoped.syncCursor.findFirst({ where: { flow: "REFUNDS", name: LOCATION_CACHE(warehouseId) } });
  return row && /^\d+$/.test(row.value) ? Number(row.value) : undefined;
}

async function rememberLocation(scoped: TenantDb, tenantId: string, warehouseId: number, locationId: number): Promise<void> {
  const name = LOCATION_CACHE(warehouseId);
  const value = String(locationId);
  await scoped.syncCursor.upsert({ where: { tenantId_flow_name: { tenantId, flow: "REFUNDS", name } }, create: { tenantId, flow: "REFUNDS", name, value }, update: { value } });
}

/** The credited units not yet received on any (uncancelled) goods-in note of the credit. */
export function stillToReceive(lines: RestockLine[], notes: GoodsInNote[]): RestockLine[] {
  const received = new Map<number, number>();
  for (const note of notes) if (!note.cancelled) for (const m of note.moved) received.set(m.rowId, (received.get(m.rowId) ?? 0) + m.quantity);
  const out: RestockLine[] = [];
  for (const line of lines) {
    const already = received.get(line.rowId) ?? 0;
    // Two lines of the same row share what was received.
    received.set(line.rowId, Math.max(0, already - line.quantity));
    const left = line.quantity - already;
    if (left > 0) out.push({ ...line, quantity: left });
  }
  return out;
}

/**
 * Why Brightpearl will not take the goods back, in plain words, when it refused them; undefined for
 * a failure a retry may get past (unavailable, throttled, an answer of the wrong shape: the retry
 * reads the credit's notes before posting again) or that blocks on a reconnection.
 */
export function restockRefusal(error: unknown): string | undefined {
  if (error instanceof RestockRefused) return error.message;
  if (!(error instanceof BrightpearlError) || error.retryable || error.kind === "auth" || error.kind === "malformed") return undefined;
  const said = error.options.errors?.map((e) => e.message.replace(/\.$/, "")).filter(Boolean).join("; ");
  return said ? `Brightpearl said: "${said}"` : error.message.replace(/\.$/, "");
}

const ours = (notes: GoodsInNote[], reference: string) => notes.filter((n) => !n.cancelled && n.userBatchReference === reference).sort((a, b) => a.id - b.id)[0];
const units = (lines: RestockLine[]) => lines.reduce((s, l) => s + l.quantity, 0);
const refusal = (error: unknown): error is BrightpearlError => error instanceof BrightpearlError && (error.kind === "invalid" || error.kind === "not-found");

export type RestockInput = {
  client: BrightpearlClient;
  scoped: TenantDb;
  tenantId: string;
  creditId: number;
  reference: string;
  /** an earlier attempt may have posted the note */
  started: boolean;
  /** records that the POST is about to be sent */
  markStarted: () => Promise<void>;
  /** skips products the catalogue cache knows are not stock tracked */
  notStockTracked: (productIds: number[]) => Promise<Set<number>>;
};

export async function restockCredit(input: RestockInput): Promise<RestockOutcome> {
  const { client, creditId, reference } = input;
  const goods = await creditGoods(client, creditId);
  const skip = goods.lines.length ? await input.notStockTracked([...new Set(goods.lines.map((l) => l.productId))]) : new Set<number>();
  const lines = goods.lines.filter((l) => !skip.has(l.productId));
  if (!lines.length) return { status: "nothing-to-book" };
  const warehouseId = goods.warehouseId;
  if (!warehouseId) throw new RestockRefused(`sales credit ${creditId} has no warehouse to receive them into`);

  let toBook = lines;
  if (input.started) {
    const notes = await goodsInNotesOf(client, creditId);
    const found = ours(notes, reference);
    if (found) return { status: "booked", noteId: found.id, units: units(lines), recovered: true };
    toBook = stillToReceive(lines, notes);
    if (!toBook.length) return { status: "already-received" };
  }

  const cached = await cachedLocation(input.scoped, warehouseId);
  let locationId = cached ?? (await defaultLocation(client, warehouseId));
  if (cached === undefined) await rememberLocation(input.scoped, input.tenantId, warehouseId, locationId);

  await input.markStarted();
  for (let attempt = 0; ; attempt++) {
    try {
      const noteId = await postGoodsIn(client, creditId, { warehouseId, locationId, reference, lines: toBook });
      return { status: "booked", noteId, units: units(toBook), recovered: false };
    } catch (error) {
      if (!refusal(error)) throw error;
      // Believe a refusal only once the credit's notes say the goods are not in already.
      const notes = await goodsInNotesOf(client, creditId);
      const found = ours(notes, reference);
      if (found) return { status: "booked", noteId: found.id, units: units(toBook), recovered: true };
      toBook = stillToReceive(lines, notes);
      if (!toBook.length) return { status: "already-received" };
      if (attempt > 0 || cached === undefined) throw error;
      // The cached location may be out of date: ask once more, and try again only if it moved.
      const fresh = await defaultLocation(client, warehouseId);
      if (fresh === locationId) throw error;
      await rememberLocation(input.scoped, input.tenantId, warehouseId, fresh);
      locationId = fresh;
    }
  }
}
