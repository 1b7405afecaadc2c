// What each flow needs before it may be switched on, checked against what discovery read and the
// mappings the merchant has. Each missing thing is one plain sentence and the place to fix it.
// Suggested rows count as present: they are real mappings the flows use; the pages mark them.
import { ANY, resolve, taxRateKey, type MappingKind, type MappingSet } from "@/lib/tenants/mappings";
import type { FlowName, TenantSetup } from "@/lib/tenants/settings";
import type { BrightpearlDiscovery, MagentoDiscovery } from "./discovery-types";
import { magentoStatusLabel } from "./magento-statuses";

export type Discoveries = { magento: MagentoDiscovery | null; brightpearl: BrightpearlDiscovery | null };

export type Missing = { text: string; href: string };

export const MAPPINGS_PAGE = "/onboarding/mappings";
export const GO_LIVE_PAGE = "/onboarding/go-live";
export const mappingsAnchor = (kind: MappingKind) => `${MAPPINGS_PAGE}#${kind}`;

const named = (name: string, code: string) => (name && name !== code ? `'${name}' (${code})` : `'${code}'`);

function discovered(d: Discoveries): Missing[] {
  const out: Missing[] = [];
  if (!d.magento) out.push({ text: "Your Magento store's set-up has not been read yet: connect Magento, then press Refresh on the mappings page", href: MAPPINGS_PAGE });
  if (!d.brightpearl) out.push({ text: "Your Brightpearl account's set-up has not been read yet: press Refresh on the mappings page", href: MAPPINGS_PAGE });
  return out;
}

function storeViews(m: MagentoDiscovery, b: BrightpearlDiscovery, mappings: MappingSet, what: "channel" | "price list"): Missing[] {
  const out: Missing[] = [];
  for (const view of m.storeViews.filter((v) => v.active)) {
    const row = mappings["store-view"].get(view.code);
    const label = named(view.name, view.code);
    if (!row) out.push({ text: `Store view ${label} has no Brightpearl ${what}`, href: mappingsAnchor("store-view") });
    else if (b.channels.length && !b.channels.some((c) => c.id === row.target.channelId)) out.push({ text: `Store view ${label} is mapped to a Brightpearl channel that no longer exists`, href: mappingsAnchor("store-view") });
    else if (b.priceLists.length && !b.priceLists.some((l) => l.id === row.target.priceListId)) out.push({ text: `Store view ${label} is mapped to a Brightpearl price list that no longer exists`, href: mappingsAnchor("store-view") });
  }
  return out;
}

function sources(m: MagentoDiscovery, b: BrightpearlDiscovery, mappings: MappingSet): Missing[] {
  const out: Missing[] = [];
  for (const source of m.sources.filter((s) => s.enabled)) {
    const row = mappings["source-warehouses"].get(source.code);
    const label = named(source.name, source.code);
    if (!row) out.push({ text: `Source ${label} has no Brightpearl warehouse`, href: mappingsAnchor("source-warehouses") });
    else if (b.warehouses.length && row.target.warehouseIds.some((id) => !b.warehouses.some((w) => w.id === id)))
      out.push({ text: `Source ${label} is mapped to a Brightpearl warehouse that no longer exists`, href: mappingsAnchor("source-warehouses") });
  }
  return out;
}

/**
 * Every key seen must resolve (exact, pattern or "*"). With nothing seen yet, a "*" default is
 * needed, or the first order would meet an unmapped value.
 */
function openEnded(kind: MappingKind, mappings: MappingSet, seen: { key: string; label: string }[], noun: string, target: string): Missing[] {
  if (mappings[kind].has(ANY)) return [];
  const plural = noun.endsWith("s") ? `${noun}es` : `${noun}s`;
  if (!seen.length) return [{ text: `No default Brightpearl ${target} for Magento ${plural} (none seen on recent orders yet)`, href: mappingsAnchor(kind) }];
  return seen.filter((s) => !resolve(mappings, kind, s.key)).map((s) => ({ text: `Magento ${noun} ${s.label} has no Brightpearl ${target}`, href: mappingsAnchor(kind) }));
}

function paymentMethods(m: MagentoDiscovery, mappings: MappingSet): Missing[] {
  return openEnded("payment-method", mappings, m.paymentMethods.map((p) => ({ key: p.code, label: named(p.title ?? "", p.code) })), "payment method", "payment method");
}

function orderRequirements(m: MagentoDiscovery, b: BrightpearlDiscovery, mappings: MappingSet, setup: TenantSetup): Missing[] {
  const out: Missing[] = [];
  if (!setup.goLiveAt) out.push({ text: "No go-live date", href: `${GO_LIVE_PAGE}#go-live-date` });
  out.push(...storeViews(m, b, mappings, "channel"));
  out.push(
    ...openEnded(
      "order-status-in",
      mappings,
      m.orderStatuses.filter((s) => s.count > 0).map((s) => ({ key: s.status, label: named(magentoStatusLabel(s.status), s.status) })),
      "order status",
      "status (or skip)",
    ),
  );
  out.push(...paymentMethods(m, mappings));
  out.push(...openEnded("shipping-method", mappings, m.shippingMethods.map((s) => ({ key: s.code, label: named(s.description ?? "", s.code) })), "shipping method", "shipping method"));
  const rates = new Map<string, string[]>();
  for (const r of m.taxRates) rates.set(taxRateKey(r.percent), [...(rates.get(taxRateKey(r.percent)) ?? []), r.code]);
  out.push(...openEnded("tax-rate", mappings, [...rates].map(([key, codes]) => ({ key, label: `${key}% (${codes.join(", ")})` })), "tax rate", "tax code"));
  return out;
}

const ordersOn = (setup: TenantSetup): Missing[] => (setup.flows.orders ? [] : [{ text: "The orders flow is off: turn it on first", href: `${GO_LIVE_PAGE}#flows` }]);

/** What stops `flow` from being switched on; empty when it may be. */
export function missingFor(flow: FlowName, discoveries: Discoveries, mappings: MappingSet, setup: TenantSetup): Missing[] {
  const first = flow === "shipments" || flow === "refunds" ? ordersOn(setup) : [];
  const { magento: m, brightpearl: b } = discoveries;
  if (!m || !b) return [...first, ...discovered(discoveries)];
  switch (flow) {
    case "orders":
      return orderRequirements(m, b, mappings, setup);
    case "inventory":
      return sources(m, b, mappings);
    case "prices":
    case "products":
      return storeViews(m, b, mappings, "price list");
    case "shipments":
      // Shipments name their source on multi-source stores; a single-source store has nothing to choose.
      return [...first, ...(m.msi ? sources(m, b, mappings) : [])];
    case "refunds":
      return [...first, ...paymentMethods(m, mappings)];
  }
}
