import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { formatIdSet } from "@/lib/brightpearl/id-set";
import { toUnits } from "./money";

// Brightpearl prices of up to 200 products per call, for the mapped price lists only. The base
// price is the quantity-1 tier (the lowest tier when there is none for 1).

export const PRICE_CHUNK = 200;

const answer = z.array(
  z.object({ productId: z.number().int(), priceLists: z.array(z.object({ priceListId: z.number().int(), quantityPrice: z.record(z.string(), z.union([z.string(), z.number()])).nullish() }).loose()) }).loose(),
);

/** product id → price list id → price in units. */
export type BrightpearlPrices = Map<number, Map<number, number>>;

function basePrice(tiers: Record<string, string | number>): number | undefined {
  const entries = Object.entries(tiers).map(([q, p]) => [Number(q), p] as const).filter(([q]) => Number.isFinite(q)).sort((a, b) => a[0] - b[0]);
  const tier = entries.find(([q]) => q === 1) ?? entries[0];
  return tier ? toUnits(String(tier[1])) : undefined;
}

export async function fetchPrices(client: BrightpearlClient, productIds: number[], priceListIds: number[]): Promise<{ prices: BrightpearlPrices; calls: number }> {
  const prices: BrightpearlPrices = new Map();
  const sorted = [...new Set(productIds)].sort((a, b) => a - b);
  let calls = 0;
  if (!priceListIds.length) return { prices, calls };
  for (let i = 0; i < sorted.length; i += PRICE_CHUNK) {
    const chunk = sorted.slice(i, i + PRICE_CHUNK);
    calls++;
    let rows: z.output<typeof answer>;
    try {
      rows = await client.get(`/product-service/product-price/${formatIdSet(chunk)}/price-list/${formatIdSet(priceListIds)}`, answer);
    } catch (error) {
      // "No Product Prices Found" for the whole chunk
      if (error instanceof BrightpearlError && error.kind === "not-found") continue;
      throw error;
    }
    for (const row of rows) {
      const lists = new Map<number, number>();
      for (const l of row.priceLists) {
        const units = l.quantityPrice ? basePrice(l.quantityPrice) : undefined;
        if (units !== undefined) lists.set(l.priceListId, units);
      }
      prices.set(row.productId, lists);
    }
  }
  return { prices, calls };
}
