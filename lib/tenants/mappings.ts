import "server-only";
import { z } from "zod";
import type { TenantDb } from "./scope";

// How the merchant's two set-ups correspond. One Mapping row per (kind, source key); the target's
// shape depends on the kind and is validated here on the way in and out. Flows add kinds here.

export const MAPPING_KINDS = {
  /** Magento store view code → the Brightpearl channel and price list its orders use (warehouse optional: else the channel's default) */
  "store-view": z.object({ channelId: z.number().int(), priceListId: z.number().int(), warehouseId: z.number().int().optional() }),
  /** Magento source code ("default" on single-source stores) → the Brightpearl warehouses whose stock it holds */
  "source-warehouses": z.object({ warehouseIds: z.array(z.number().int()).min(1) }),
  /** Magento order status (or "*") → the Brightpearl status a new order gets, or skip: never imported */
  "order-status-in": z.union([z.object({ statusId: z.number().int() }), z.object({ skip: z.literal(true) })]),
  /** Brightpearl order status id → the Magento status written back */
  "order-status-out": z.object({ status: z.string().min(1) }),
  /** Magento shipping method code, a pattern with * ("tablerate_*"), or "*" → Brightpearl shipping method */
  "shipping-method": z.object({ shippingMethodId: z.number().int() }),
  /** Magento payment method code (or "*") → Brightpearl payment method, and the bank nominal code */
  "payment-method": z.object({ paymentMethodCode: z.string().min(1), nominalCode: z.string().optional() }),
  /** Magento tax rate, as a percentage ("20", "8.25", "0"; or "*") → Brightpearl tax code */
  "tax-rate": z.object({ taxCode: z.string().min(1) }),
  /** Brightpearl shipping method id (or "*") → the Magento carrier a shipment's tracking uses ("custom" with a title when Magento has no such carrier) */
  carrier: z.object({ carrierCode: z.string().min(1), title: z.string().min(1) }),
} as const;

export type MappingKind = keyof typeof MAPPING_KINDS;
export type MappingTarget<K extends MappingKind> = z.output<(typeof MAPPING_KINDS)[K]>;
export const mappingKinds = Object.keys(MAPPING_KINDS) as MappingKind[];

/** The fallback source key of kinds that have one. */
export const ANY = "*";

export type MappingRow<K extends MappingKind = MappingKind> = { kind: K; sourceKey: string; target: MappingTarget<K>; suggested: boolean };

export type MappingSet = { [K in MappingKind]: Map<string, MappingRow<K>> };

/** All of a tenant's mappings, parsed; a row that no longer fits its kind is left out (and so counts as missing). */
export async function loadMappings(scoped: TenantDb): Promise<MappingSet> {
  const set = Object.fromEntries(mappingKinds.map((k) => [k, new Map()])) as MappingSet;
  for (const row of await scoped.mapping.findMany()) {
    const kind = row.kind as MappingKind;
    const schema = MAPPING_KINDS[kind];
    const target = schema?.safeParse(row.target);
    if (!target?.success) continue;
    (set[kind] as Map<string, MappingRow>).set(row.sourceKey, { kind, sourceKey: row.sourceKey, target: target.data, suggested: row.suggested });
  }
  return set;
}

export async function saveMapping<K extends MappingKind>(scoped: TenantDb, tenantId: string, kind: K, sourceKey: string, target: MappingTarget<K>, suggested = false): Promise<void> {
  const parsed = MAPPING_KINDS[kind].parse(target);
  await scoped.mapping.upsert({
    where: { tenantId_kind_sourceKey: { tenantId, kind, sourceKey } },
    create: { tenantId, kind, sourceKey, target: parsed, suggested },
    update: { target: parsed, suggested },
  });
}

export async function deleteMapping(scoped: TenantDb, kind: MappingKind, sourceKey: string): Promise<void> {
  await scoped.mapping.deleteMany({ where: { kind, sourceKey } });
}

/** A glob-style pattern ("tablerate_*") as a test. */
function matches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i");
  return re.test(value);
}

/**
 * The mapping for `key`: an exact match, then the longest matching pattern, then the "*" default.
 * Used by the kinds whose Magento side is open-ended (shipping and payment methods, statuses, taxes).
 */
export function resolve<K extends MappingKind>(set: MappingSet, kind: K, key: string): MappingRow<K> | undefined {
  const rows = set[kind] as Map<string, MappingRow<K>>;
  const exact = rows.get(key);
  if (exact) return exact;
  const patterns = [...rows.values()].filter((r) => r.sourceKey !== ANY && r.sourceKey.includes("*") && matches(r.sourceKey, key));
  patterns.sort((a, b) => b.sourceKey.length - a.sourceKey.length);
  return patterns[0] ?? rows.get(ANY);
}

/** Tax rates are keyed by their percentage, written without trailing zeros ("20", "8.25", "0"). */
export const taxRateKey = (percent: number) => String(Math.round(percent * 10_000) / 10_000);
