import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { formatIdSet } from "@/lib/brightpearl/id-set";
import type { WarehouseLevel } from "./quantities";

// Brightpearl availability, in ID sets of at most 200 products (the per-call limit of product
// resources; longer URLs risk 414). Non-stock-tracked products are left out of the answer, and so
// are warehouses that hold nothing. One unknown id (a product deleted since the notification)
// fails the whole call with a 400, so such a chunk is split until the bad ids are found.

export const AVAILABILITY_CHUNK = 200;

const level = z
  .object({ inStock: z.coerce.number().default(0), onHand: z.coerce.number().optional(), allocated: z.coerce.number().default(0) })
  .loose()
  .transform((l): WarehouseLevel => ({ inStock: l.inStock, allocated: l.allocated, onHand: l.onHand ?? l.inStock - l.allocated }));

const answer = z.record(z.string(), z.object({ warehouses: z.record(z.string(), level).nullish() }).loose());

export type ProductLevels = Map<number, WarehouseLevel>;

export type AvailabilityResult = {
  /** product id → warehouse id → levels; a product absent here had no availability */
  levels: Map<number, ProductLevels>;
  /** ids Brightpearl says do not exist */
  unknown: number[];
  calls: number;
};

/** Availability of one chunk (≤ 200 ids). */
export async function fetchAvailabilityChunk(client: BrightpearlClient, ids: number[]): Promise<AvailabilityResult> {
  const out: AvailabilityResult = { levels: new Map(), unknown: [], calls: 0 };
  if (!ids.length) return out;
  out.calls++;
  try {
    const body = await client.get(`/warehouse-service/product-availability/${formatIdSet(ids)}`, answer);
    for (const [id, entry] of Object.entries(body)) {
      const warehouses = new Map<number, WarehouseLevel>();
      for (const [wid, l] of Object.entries(entry.warehouses ?? {})) warehouses.set(Number(wid), l);
      out.levels.set(Number(id), warehouses);
    }
    return out;
  } catch (error) {
    if (!(error instanceof BrightpearlError) || error.kind !== "invalid") throw error;
    if (ids.length === 1) {
      out.unknown.push(ids[0]!);
      return out;
    }
    // The message may name the product; else halve the chunk.
    const named = ids.filter((id) => new RegExp(`\\b${id}\\b`).test(error.message));
    const parts = named.length && named.length < ids.length ? [ids.filter((id) => !named.includes(id))] : [ids.slice(0, ids.length / 2), ids.slice(ids.length / 2)];
    if (named.length && named.length < ids.length) out.unknown.push(...named);
    for (const part of parts) {
      const sub = await fetchAvailabilityChunk(client, part);
      out.calls += sub.calls;
      out.unknown.push(...sub.unknown);
      for (const [k, v] of sub.levels) out.levels.set(k, v);
    }
    return out;
  }
}

/** Availability of any number of products, in chunks of at most 200. */
export async function fetchAvailability(client: BrightpearlClient, ids: number[]): Promise<AvailabilityResult> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: AvailabilityResult = { levels: new Map(), unknown: [], calls: 0 };
  for (let i = 0; i < sorted.length; i += AVAILABILITY_CHUNK) {
    const part = await fetchAvailabilityChunk(client, sorted.slice(i, i + AVAILABILITY_CHUNK));
    out.calls += part.calls;
    out.unknown.push(...part.unknown);
    for (const [k, v] of part.levels) out.levels.set(k, v);
  }
  return out;
}
