// What the mappings page shows for each kind: one row per Magento value (or Brightpearl status,
// for statuses written back) that discovery found or that has a mapping, with the choices
// available for it. Pure: built from the two discoveries and the stored mappings.
import { ANY, mappingKinds, resolve, taxRateKey, type MappingKind, type MappingRow, type MappingSet } from "@/lib/tenants/mappings";
import type { BrightpearlDiscovery, MagentoDiscovery } from "./discovery-types";
import { MAGENTO_DEFAULT_STATUSES, magentoStatusLabel } from "./magento-statuses";

export type FieldOption = { value: string; label: string };

export type RowField = {
  name: string;
  label: string;
  options: FieldOption[];
  /** the stored value(s); "" when nothing is chosen */
  value: string | string[];
  multiple?: boolean;
  /** label of the empty choice for a field that may be left empty */
  emptyLabel?: string;
};

export type MappingRowView = {
  kind: MappingKind;
  sourceKey: string;
  label: string;
  detail?: string;
  mapped: boolean;
  suggested: boolean;
  /** for a value without its own row: the pattern or default that covers it */
  coveredBy?: string;
  fields: RowField[];
};

export type MappingSection = { kind: MappingKind; title: string; description: string; rows: MappingRowView[]; patterns: boolean };

export const SKIP = "skip";

const KIND_TEXT: Record<MappingKind, { title: string; description: string }> = {
  "store-view": { title: "Store views", description: "The Brightpearl channel and price list each Magento store view's orders and prices use." },
  "source-warehouses": { title: "Stock sources", description: "The Brightpearl warehouses whose stock each Magento source holds." },
  "order-status-in": { title: "Order statuses into Brightpearl", description: "The status a new Brightpearl order gets, by its Magento status, or skip to never import such orders." },
  "order-status-out": { title: "Order statuses back to Magento", description: "The Magento status written back when a Brightpearl order reaches a status. Optional." },
  "shipping-method": { title: "Shipping methods", description: "Exact Magento codes first, then patterns such as tablerate_*, then the default." },
  "payment-method": { title: "Payment methods", description: "The Brightpearl payment method (and bank nominal code) for each Magento payment method." },
  "tax-rate": { title: "Tax rates", description: "The Brightpearl tax code for each Magento tax percentage." },
  carrier: { title: "Carriers for tracking", description: "The Magento carrier a shipment's tracking number is shown with, by Brightpearl shipping method." },
};

/** Magento's built-in carriers; "custom" shows the tracking number with the shipping method's name. */
export const MAGENTO_CARRIERS: FieldOption[] = [
  { value: "custom", label: "Custom (the shipping method's name)" },
  { value: "ups", label: "UPS" },
  { value: "usps", label: "USPS" },
  { value: "fedex", label: "FedEx" },
  { value: "dhl", label: "DHL" },
];

const options = <T>(items: T[], value: (t: T) => string | number, label: (t: T) => string): FieldOption[] => items.map((t) => ({ value: String(value(t)), label: label(t) }));

/** Keeps a stored value selectable even when Brightpearl no longer lists it. */
function withCurrent(list: FieldOption[], value: string | string[]): FieldOption[] {
  const missing = (Array.isArray(value) ? value : [value]).filter((v) => v && !list.some((o) => o.value === v));
  return [...list, ...missing.map((v) => ({ value: v, label: `${v} (no longer in Brightpearl)` }))];
}

function field(name: string, label: string, list: FieldOption[], value: string | string[], extra: Partial<RowField> = {}): RowField {
  return { name, label, options: withCurrent(list, value), value, ...extra };
}

function fieldsFor(kind: MappingKind, row: MappingRow | undefined, m: MagentoDiscovery | null, b: BrightpearlDiscovery): RowField[] {
  const t = row?.target as Record<string, unknown> | undefined;
  const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  switch (kind) {
    case "store-view":
      return [
        field("channelId", "Channel", options(b.channels, (c) => c.id, (c) => c.name), str(t?.channelId)),
        field("priceListId", "Price list", options(b.priceLists, (l) => l.id, (l) => `${l.name} (${l.currencyCode})`), str(t?.priceListId)),
        field("warehouseId", "Warehouse", options(b.warehouses, (w) => w.id, (w) => w.name), str(t?.warehouseId), { emptyLabel: "The channel's default" }),
      ];
    case "source-warehouses":
      return [field("warehouseIds", "Warehouses", options(b.warehouses, (w) => w.id, (w) => w.name), ((t?.warehouseIds as number[] | undefined) ?? []).map(String), { multiple: true })];
    case "order-status-in":
      return [
        field("statusId", "Brightpearl status", [{ value: SKIP, label: "Skip: never import" }, ...options(b.orderStatuses, (s) => s.id, (s) => s.name)], t?.skip ? SKIP : str(t?.statusId)),
      ];
    case "order-status-out": {
      const statuses = [...new Set([...MAGENTO_DEFAULT_STATUSES.map((s) => s.status), ...(m?.orderStatuses.map((s) => s.status) ?? [])])];
      return [field("status", "Magento status", statuses.map((s) => ({ value: s, label: `${magentoStatusLabel(s)} (${s})` })), str(t?.status))];
    }
    case "shipping-method":
      return [field("shippingMethodId", "Brightpearl shipping method", options(b.shippingMethods, (s) => s.id, (s) => (s.code ? `${s.name} (${s.code})` : s.name)), str(t?.shippingMethodId))];
    case "payment-method":
      return [
        field("paymentMethodCode", "Brightpearl payment method", options(b.paymentMethods.filter((p) => p.active !== false || p.code === t?.paymentMethodCode), (p) => p.code, (p) => `${p.name} (${p.code})`), str(t?.paymentMethodCode)),
        field("nominalCode", "Bank nominal code", options(b.nominalCodes.filter((n) => n.bank !== false), (n) => n.code, (n) => `${n.code} ${n.name}`), str(t?.nominalCode), { emptyLabel: "The payment method's own" }),
      ];
    case "tax-rate":
      return [field("taxCode", "Brightpearl tax code", options(b.taxCodes, (c) => c.code, (c) => [c.code, c.description, c.rate !== undefined ? `${c.rate}%` : undefined].filter(Boolean).join(" · ")), str(t?.taxCode))];
    case "carrier":
      return [field("carrierCode", "Magento carrier", MAGENTO_CARRIERS, str(t?.carrierCode))];
  }
}

type Source = { key: string; label: string; detail?: string };

function sourcesFor(kind: MappingKind, m: MagentoDiscovery | null, b: BrightpearlDiscovery): Source[] {
  if (kind === "order-status-out") return b.orderStatuses.filter((s) => s.state?.toLowerCase() !== "draft").map((s) => ({ key: String(s.id), label: s.name }));
  if (kind === "carrier") return b.shippingMethods.map((s) => ({ key: String(s.id), label: s.code ? `${s.name} (${s.code})` : s.name }));
  if (!m) return [];
  const recent = (n: number) => (n ? `${n} of the last ${m.ordersSampled} orders` : undefined);
  switch (kind) {
    case "store-view":
      return m.storeViews.map((v) => ({ key: v.code, label: `${v.name} (${v.code})`, detail: [v.baseCurrency, v.active ? undefined : "inactive"].filter(Boolean).join(", ") || undefined }));
    case "source-warehouses":
      return m.sources.map((s) => ({ key: s.code, label: s.name === s.code ? s.code : `${s.name} (${s.code})`, detail: s.enabled ? undefined : "disabled" }));
    case "order-status-in":
      return m.orderStatuses.map((s) => ({ key: s.status, label: `${magentoStatusLabel(s.status)} (${s.status})`, detail: recent(s.count) }));
    case "shipping-method":
      return m.shippingMethods.map((s) => ({ key: s.code, label: s.description ? `${s.description} (${s.code})` : s.code, detail: recent(s.count) }));
    case "payment-method":
      return m.paymentMethods.map((p) => ({ key: p.code, label: p.title ? `${p.title} (${p.code})` : p.code, detail: recent(p.count) }));
    case "tax-rate": {
      const byKey = new Map<string, string[]>();
      for (const r of m.taxRates) byKey.set(taxRateKey(r.percent), [...(byKey.get(taxRateKey(r.percent)) ?? []), r.code]);
      return [...byKey].map(([key, codes]) => ({ key, label: `${key}%`, detail: codes.join(", ") }));
    }
  }
}

/** Kinds whose Magento side is open-ended: they have a "*" default row and may have patterns. */
const OPEN_ENDED = new Set<MappingKind>(["order-status-in", "shipping-method", "payment-method", "tax-rate", "carrier"]);

function coverage(set: MappingSet, kind: MappingKind, key: string): string | undefined {
  const row = resolve(set, kind, key);
  if (!row || row.sourceKey === key) return undefined;
  return row.sourceKey === ANY ? "the default" : `pattern ${row.sourceKey}`;
}

export function mappingSections(m: MagentoDiscovery | null, b: BrightpearlDiscovery, set: MappingSet): MappingSection[] {
  return mappingKinds.map((kind) => {
    const stored = set[kind] as Map<string, MappingRow>;
    const sources = sourcesFor(kind, m, b);
    const keys = new Set(sources.map((s) => s.key));
    const extra: Source[] = [...stored.keys()]
      .filter((k) => !keys.has(k) && k !== ANY)
      .sort()
      .map((k) => ({ key: k, label: k.includes("*") ? `Pattern ${k}` : k, detail: k.includes("*") ? undefined : "not seen in the latest read" }));
    const all = [...sources, ...extra];
    if (OPEN_ENDED.has(kind)) all.push({ key: ANY, label: "Anything else", detail: "the default" });
    return {
      kind,
      ...KIND_TEXT[kind],
      patterns: kind === "shipping-method",
      rows: all.map((s) => {
        const row = stored.get(s.key);
        return {
          kind,
          sourceKey: s.key,
          label: s.label,
          ...(s.detail ? { detail: s.detail } : {}),
          mapped: !!row,
          suggested: row?.suggested ?? false,
          ...(!row && s.key !== ANY ? { coveredBy: coverage(set, kind, s.key) } : {}),
          fields: fieldsFor(kind, row, m, b),
        };
      }),
    };
  });
}
