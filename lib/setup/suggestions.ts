// What discovery proposes for each mapping, from the two set-ups alone: names and codes are
// compared without case, spaces or punctuation ("PayPal Express" = "paypal_express"), and where
// nothing matches a sensible default is proposed. Pure functions; the caller stores only the
// proposals whose key has no mapping yet, so a merchant's choice is never replaced.
import { ANY, taxRateKey, type MappingKind, type MappingSet, type MappingTarget } from "@/lib/tenants/mappings";
import type { BrightpearlDiscovery, MagentoDiscovery } from "./discovery-types";
import { MAGENTO_DEFAULT_STATUSES } from "./magento-statuses";

export type Suggestion = { [K in MappingKind]: { kind: K; sourceKey: string; target: MappingTarget<K> } }[MappingKind];

/** Lower case, accents, spaces and punctuation dropped: "Café-Store 1" → "cafestore1". */
export function normalize(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** True when any non-empty candidate equals any non-empty key after normalizing. */
function sameName(candidates: (string | undefined)[], keys: (string | undefined)[]): boolean {
  const wanted = new Set(keys.filter((k): k is string => !!k).map(normalize).filter(Boolean));
  return candidates.some((c) => !!c && wanted.has(normalize(c)));
}

// ---- store view → channel and price list ---------------------------------------------------------

export function suggestStoreViews(m: MagentoDiscovery, b: BrightpearlDiscovery): Suggestion[] {
  if (!b.channels.length) return [];
  const out: Suggestion[] = [];
  for (const view of m.storeViews) {
    const channel =
      b.channels.find((c) => sameName([c.name], [view.name, view.code])) ?? b.channels.find((c) => /magento/i.test(c.name)) ?? b.channels[0]!;
    const priceListId = suggestPriceList(channel, view.baseCurrency, b);
    if (priceListId === undefined) continue;
    out.push({ kind: "store-view", sourceKey: view.code, target: { channelId: channel.id, priceListId } });
  }
  return out;
}

function suggestPriceList(channel: BrightpearlDiscovery["channels"][number], currency: string | undefined, b: BrightpearlDiscovery): number | undefined {
  // The channel's own default is what Brightpearl itself would price its orders with.
  if (channel.defaultPriceListId !== undefined && (!b.priceLists.length || b.priceLists.some((l) => l.id === channel.defaultPriceListId))) return channel.defaultPriceListId;
  const selling = b.priceLists.filter((l) => (l.type ?? "SELL").toUpperCase() === "SELL");
  return (currency ? selling.find((l) => l.currencyCode.toUpperCase() === currency.toUpperCase()) : undefined)?.id;
}

// ---- sources ↔ warehouses -----------------------------------------------------------------------

export function suggestSources(m: MagentoDiscovery, b: BrightpearlDiscovery): Suggestion[] {
  if (!b.warehouses.length) return [];
  return m.sources.map((s) => {
    const warehouse = b.warehouses.find((w) => sameName([w.name], [s.name, s.code])) ?? b.warehouses[0]!;
    return { kind: "source-warehouses", sourceKey: s.code, target: { warehouseIds: [warehouse.id] } };
  });
}

// ---- order statuses -------------------------------------------------------------------------------

/** Orders in these statuses are ready to fulfil: they are imported. */
const IMPORTED_STATUSES = new Set(["pending", "processing", "complete"]);
/** Unpaid, under review, on hold or finished without a sale: never imported. */
const SKIPPED_STATUSES = new Set(["canceled", "closed", "pending_payment", "payment_review", "fraud", "holded"]);
const IMPORTED_STATES = new Set(["new", "processing", "complete"]);
const SKIPPED_STATES = new Set(["canceled", "closed", "pending_payment", "payment_review", "holded"]);

/** The status new web orders get: a "new"-state status, preferably one named for web orders. */
export function newOrderStatus(b: BrightpearlDiscovery): BrightpearlDiscovery["orderStatuses"][number] | undefined {
  const fresh = b.orderStatuses.filter((s) => s.state?.toLowerCase() === "new");
  const pool = fresh.length ? fresh : b.orderStatuses.filter((s) => /\bnew\b/i.test(s.name));
  return pool.find((s) => /web|online|magento|shop/i.test(s.name)) ?? pool[0] ?? b.orderStatuses[0];
}

export function suggestOrderStatusesIn(m: MagentoDiscovery, b: BrightpearlDiscovery): Suggestion[] {
  const target = newOrderStatus(b);
  const out: Suggestion[] = [];
  for (const s of m.orderStatuses) {
    const state = s.state?.toLowerCase();
    const imported = IMPORTED_STATUSES.has(s.status) || (!SKIPPED_STATUSES.has(s.status) && !!state && IMPORTED_STATES.has(state));
    const skipped = SKIPPED_STATUSES.has(s.status) || (!IMPORTED_STATUSES.has(s.status) && !!state && SKIPPED_STATES.has(state));
    if (skipped) out.push({ kind: "order-status-in", sourceKey: s.status, target: { skip: true } });
    else if (imported && target) out.push({ kind: "order-status-in", sourceKey: s.status, target: { statusId: target.id } });
  }
  if (target) out.push({ kind: "order-status-in", sourceKey: ANY, target: { statusId: target.id } });
  return out;
}

/** Statuses Magento sets itself as orders move (payment, review, holds): never written back. */
const NOT_WRITTEN_BACK = new Set(["pending", "pending_payment", "payment_review", "fraud", "holded"]);

export function suggestOrderStatusesOut(m: MagentoDiscovery, b: BrightpearlDiscovery): Suggestion[] {
  const labels = new Map(MAGENTO_DEFAULT_STATUSES.map((d) => [d.status, d.label]));
  const magento = [...new Set([...MAGENTO_DEFAULT_STATUSES.map((d) => d.status), ...m.orderStatuses.map((s) => s.status)])].filter((s) => !NOT_WRITTEN_BACK.has(s));
  const out: Suggestion[] = [];
  for (const s of b.orderStatuses) {
    const state = s.state?.toLowerCase() ?? "";
    // Orders arrive in these; writing them back would undo Magento's own progress.
    if (state === "new" || state === "draft") continue;
    let status = magento.find((code) => sameName([s.name], [code, labels.get(code)]));
    if (!status && (/cancel/i.test(s.name) || state === "cancelled" || state === "canceled")) status = "canceled";
    else if (!status && (/invoice/i.test(s.name) || state === "invoiced")) status = "processing";
    else if (!status && (/shipped|dispatched|despatched|complete/i.test(s.name) || state === "closed" || state === "complete")) status = "complete";
    if (status) out.push({ kind: "order-status-out", sourceKey: String(s.id), target: { status } });
  }
  return out;
}

// ---- shipping methods -----------------------------------------------------------------------------

export function suggestShippingMethods(m: MagentoDiscovery, b: BrightpearlDiscovery): Suggestion[] {
  if (!b.shippingMethods.length) return [];
  const out: Suggestion[] = [];
  for (const method of m.shippingMethods) {
    const description = method.description ?? "";
    const candidates = [method.code, ...method.code.split("_"), description, ...description.split(" - ")];
    const match = b.shippingMethods.find((s) => sameName(candidates, [s.name, s.code]));
    if (match) out.push({ kind: "shipping-method", sourceKey: method.code, target: { shippingMethodId: match.id } });
  }
  out.push({ kind: "shipping-method", sourceKey: ANY, target: { shippingMethodId: b.shippingMethods[0]!.id } });
  return out;
}

// ---- payment methods ------------------------------------------------------------------------------

/** The bank nominal code a method posts to: in the account's base currency when it has one. */
export function bankNominalCode(method: BrightpearlDiscovery["paymentMethods"][number], b: BrightpearlDiscovery): string | undefined {
  const accounts = method.bankAccounts ?? [];
  const base = b.currencies.find((c) => c.isDefault)?.code;
  return (accounts.find((a) => a.currencyCode === base) ?? accounts[0])?.nominalCode;
}

export function suggestPaymentMethods(m: MagentoDiscovery, b: BrightpearlDiscovery): Suggestion[] {
  const active = b.paymentMethods.filter((p) => p.active !== false);
  if (!active.length) return [];
  const target = (p: (typeof active)[number]) => {
    const nominalCode = bankNominalCode(p, b);
    return { paymentMethodCode: p.code, ...(nominalCode ? { nominalCode } : {}) };
  };
  const out: Suggestion[] = [];
  for (const method of m.paymentMethods) {
    // paypal_express → "paypal" too: Magento names methods provider_variant.
    const candidates = [method.code, method.code.split("_")[0], method.title];
    const match = active.find((p) => sameName(candidates, [p.code, p.name]));
    if (match) out.push({ kind: "payment-method", sourceKey: method.code, target: target(match) });
  }
  out.push({ kind: "payment-method", sourceKey: ANY, target: target(active[0]!) });
  return out;
}

// ---- tax rates ------------------------------------------------------------------------------------

const samePercent = (a: number, b: number) => Math.abs(a - b) < 0.00005;

/** The Brightpearl code for a Magento percentage: the code with that rate; 0% → a zero-rated or exempt code. */
export function taxCodeFor(percent: number, b: BrightpearlDiscovery): string | undefined {
  if (percent === 0) {
    const zero = b.taxCodes.filter((t) => samePercent(t.rate ?? 0, 0));
    const named = (re: RegExp) => zero.find((t) => re.test(t.description ?? "") || re.test(t.code));
    return (named(/zero|^z$/i) ?? named(/exempt|^e$/i) ?? zero[0])?.code;
  }
  return b.taxCodes.find((t) => t.rate !== undefined && samePercent(t.rate, percent))?.code;
}

/** The fallback for rates without their own code: the standard-rate code, else the highest rate. */
export function standardTaxCode(b: BrightpearlDiscovery): string | undefined {
  const rated = b.taxCodes.filter((t) => (t.rate ?? 0) > 0);
  const standard = rated.find((t) => /standard/i.test(t.description ?? "")) ?? rated.find((t) => t.code.toUpperCase() === "T");
  return (standard ?? [...rated].sort((x, y) => (y.rate ?? 0) - (x.rate ?? 0))[0])?.code;
}

export function suggestTaxRates(m: MagentoDiscovery, b: BrightpearlDiscovery): Suggestion[] {
  const out: Suggestion[] = [];
  const done = new Set<string>();
  for (const rate of m.taxRates) {
    const key = taxRateKey(rate.percent);
    if (done.has(key)) continue;
    done.add(key);
    const taxCode = taxCodeFor(rate.percent, b);
    if (taxCode) out.push({ kind: "tax-rate", sourceKey: key, target: { taxCode } });
  }
  const fallback = standardTaxCode(b);
  if (fallback) out.push({ kind: "tax-rate", sourceKey: ANY, target: { taxCode: fallback } });
  return out;
}

// ---- all of them ----------------------------------------------------------------------------------

export function suggestMappings(m: MagentoDiscovery, b: BrightpearlDiscovery): Suggestion[] {
  return [
    ...suggestStoreViews(m, b),
    ...suggestSources(m, b),
    ...suggestOrderStatusesIn(m, b),
    ...suggestOrderStatusesOut(m, b),
    ...suggestShippingMethods(m, b),
    ...suggestPaymentMethods(m, b),
    ...suggestTaxRates(m, b),
  ];
}

/** The suggestions whose key has no mapping yet: existing rows, confirmed or not, are kept as they are. */
export function unmappedSuggestions(suggestions: Suggestion[], existing: MappingSet): Suggestion[] {
  return suggestions.filter((s) => !existing[s.kind].has(s.sourceKey));
}
