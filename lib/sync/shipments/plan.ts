// What a shipped Brightpearl note becomes in Magento: which order items ship and how many, the
// tracking, the source and the comment that lets a retry find the shipment again. Pure: the
// caller reads both sides and passes them in.
import type { BundleShipment, FulfilmentItem, FulfilmentOrder, ShipRequest } from "./magento-fulfilment";
import { leftToShip } from "./magento-fulfilment";
import type { NoteKind, ShippedNote } from "./brightpearl-notes";

export type Carrier = { carrierCode: string; title: string };

/** A Brightpearl bundle component row: its bundle's row, and its units per bundle. */
export type ComponentRow = { parentRowId: number; perUnit: number };

/** What earlier notes of the order gave to bundles that ship whole: parts seen, and bundles shipped. */
export type BundleLedger = Record<string, { parts: Record<string, number>; units: number }>;

export type ShipmentPlanInput = {
  note: ShippedNote;
  /** Brightpearl order row id → Magento order item id (the row's externalRef) */
  itemByRow: Map<number, number>;
  /** Brightpearl's own bundle component rows (no externalRef of their own), by row id */
  components?: Map<number, ComponentRow>;
  /** bundle parts and whole bundles the order's other notes accounted for, summed */
  earlierNotes?: BundleLedger;
  order: FulfilmentOrder;
  /** how a bundle order item ships; Magento registers "together" bundles on the parent only */
  bundleShipment: (bundle: FulfilmentItem) => BundleShipment;
  carrier: Carrier;
  /** MSI stores: the source the goods left from */
  sourceCode?: string;
  notify: boolean;
};

export type PlannedLine = { itemId: number; sku: string; qty: number };

export type ShipmentPlan =
  | { outcome: "ship"; request: ShipRequest; lines: PlannedLine[]; warnings: string[]; bundles: BundleLedger }
  | { outcome: "nothing"; reason: string; warnings: string[]; bundles: BundleLedger };

const NOTE_WORDS: Record<NoteKind, string> = { "goods-out": "goods-out note", "drop-ship": "drop-ship note" };

/** The words every shipment's comment carries; a retry finds an earlier shipment by them. */
export const noteMarkerText = (kind: NoteKind, id: number) => `Brightpearl ${NOTE_WORDS[kind]} ${id}`;
export const noteMarker = (kind: NoteKind, id: number) => new RegExp(`\\b${NOTE_WORDS[kind]} ${id}(?!\\d)`);

/**
 * A shipping reference may hold several tracking numbers, one a line or separated by commas or
 * semicolons; a space is part of a number (some carriers print theirs in groups).
 */
export const trackingNumbers = (reference: string) => [...new Set(reference.split(/[,;\r\n]+/).map((t) => t.trim().replace(/\s+/g, " ")).filter(Boolean))];

const wholeUnits = (n: number) => Math.floor(n + 1e-9);

export function planShipment(input: ShipmentPlanInput): ShipmentPlan {
  const { note, order } = input;
  const warnings: string[] = [];
  const byId = new Map(order.items.map((i) => [i.item_id, i]));
  const childrenOf = (parent: FulfilmentItem) => order.items.filter((i) => i.parent_item_id === parent.item_id);
  const wanted = new Map<number, number>();
  const add = (item: FulfilmentItem, qty: number) => wanted.set(item.item_id, (wanted.get(item.item_id) ?? 0) + qty);
  // Parts of bundles that ship whole, collected per bundle item: Magento ships such a bundle only
  // as whole bundles, which may take several notes to complete.
  const togetherParts = new Map<number, Map<string, number>>();
  const addPart = (parent: FulfilmentItem, part: string, qty: number) => {
    const parts = togetherParts.get(parent.item_id) ?? new Map<string, number>();
    parts.set(part, (parts.get(part) ?? 0) + qty);
    togetherParts.set(parent.item_id, parts);
  };
  /** Parts a whole bundle needs: Brightpearl's component rows when it expanded the bundle, else Magento's children. */
  const partsOf = (parent: FulfilmentItem): { key: string; perUnit: number }[] => {
    const rows = [...(input.components ?? [])].filter(([, c]) => input.itemByRow.get(c.parentRowId) === parent.item_id);
    if (rows.length) return rows.map(([rowId, c]) => ({ key: `row:${rowId}`, perUnit: c.perUnit }));
    return childrenOf(parent).map((c) => ({ key: `item:${c.item_id}`, perUnit: c.qty_ordered / (parent.qty_ordered || 1) }));
  };
  const noteRowIds = new Set([...note.rows].filter(([, q]) => q > 0).map(([r]) => r));

  for (const [rowId, qty] of note.rows) {
    if (qty <= 0) continue;
    const component = input.itemByRow.has(rowId) ? undefined : input.components?.get(rowId);
    if (component) {
      // Brightpearl's component row of a bundle row: counts toward the bundle, unless the note lists the bundle row too.
      const bundle = byId.get(input.itemByRow.get(component.parentRowId) ?? -1);
      if (bundle && noteRowIds.has(component.parentRowId)) continue;
      if (bundle) {
        addPart(bundle, `row:${rowId}`, qty);
        continue;
      }
    }
    const itemId = input.itemByRow.get(rowId);
    const item = itemId === undefined ? undefined : byId.get(itemId);
    if (!item) {
      warnings.push(`Row ${rowId} of the Brightpearl order matches no item of Magento order #${order.increment_id}; its ${qty} unit(s) were not shipped in Magento.`);
      continue;
    }
    const parent = item.parent_item_id === undefined ? undefined : byId.get(item.parent_item_id);
    if (parent?.product_type === "bundle") {
      if (input.bundleShipment(parent) === "separately") add(item, qty);
      else addPart(parent, `item:${item.item_id}`, qty);
    } else if (parent) {
      // A configurable ships by its parent row; the simple child row cannot be shipped on its own.
      add(parent, qty);
    } else if (item.product_type === "bundle" && input.bundleShipment(item) === "separately" && childrenOf(item).length) {
      // Imported as the bundle product, shipped by its components.
      for (const child of childrenOf(item)) add(child, qty * (child.qty_ordered / (item.qty_ordered || 1)));
    } else {
      add(item, qty);
    }
  }

  const bundles: BundleLedger = {};
  for (const [parentId, parts] of togetherParts) {
    const parent = byId.get(parentId)!;
    const needed = partsOf(parent);
    const before = input.earlierNotes?.[String(parentId)] ?? { parts: {}, units: 0 };
    const total = (key: string) => (before.parts[key] ?? 0) + (parts.get(key) ?? 0);
    const complete = needed.length ? Math.min(...needed.map((p) => wholeUnits(total(p.key) / (p.perUnit || 1)))) : 0;
    const units = Math.max(0, complete - before.units);
    bundles[String(parentId)] = { parts: Object.fromEntries(parts), units };
    if (units > 0) {
      if (input.bundleShipment(parent) === "separately" && childrenOf(parent).length) {
        for (const child of childrenOf(parent)) add(child, units * (child.qty_ordered / (parent.qty_ordered || 1)));
      } else add(parent, units);
    }
    const waiting = needed.some((p) => total(p.key) > complete * p.perUnit + 1e-9);
    if (waiting) {
      warnings.push(`Bundle ${parent.sku} ships as a whole in Magento; its components shipped so far beyond ${complete} complete bundle(s) are shipped in Magento once Brightpearl ships the rest of the bundle.`);
    }
  }

  const lines: PlannedLine[] = [];
  for (const [itemId, qty] of wanted) {
    const item = byId.get(itemId)!;
    const left = leftToShip(item);
    const shipping = Math.min(wholeUnits(qty), wholeUnits(left));
    if (qty > left + 1e-9) {
      warnings.push(`Brightpearl shipped ${qty} of ${item.sku} but Magento had only ${left} left to ship; ${qty - left} were not shipped in Magento.`);
    }
    if (shipping > 0) lines.push({ itemId, sku: item.sku, qty: shipping });
  }

  if (lines.length === 0) {
    const reason =
      wanted.size === 0 && togetherParts.size ? "it holds parts of a bundle that ships whole, and the rest of the bundle has not shipped yet" : wanted.size === 0 ? "none of its rows match items of the Magento order" : "Magento had already shipped everything on it";
    return { outcome: "nothing", reason, warnings, bundles };
  }

  const tracks = trackingNumbers(note.reference).map((n) => ({ track_number: n, title: input.carrier.title, carrier_code: input.carrier.carrierCode }));
  const tracking = tracks.length ? `, tracking ${tracks.map((t) => t.track_number).join(", ")}` : "";
  return {
    outcome: "ship",
    lines,
    warnings,
    bundles,
    request: {
      items: lines.map((l) => ({ order_item_id: l.itemId, qty: l.qty })),
      notify: input.notify,
      // The comment names the note for a retry to find the shipment by; it is kept with the shipment
      // but not appended to the customer's email, which must not show Brightpearl's ids.
      appendComment: false,
      comment: { comment: `Shipped: ${noteMarkerText(note.kind, note.id)}${tracking}.`, is_visible_on_front: 0 },
      tracks,
      ...(input.sourceCode ? { arguments: { extension_attributes: { source_code: input.sourceCode } } } : {}),
    },
  };
}

/** The ledgers of several notes as one: what they gave each bundle, added up. */
export function sumLedgers(ledgers: BundleLedger[]): BundleLedger {
  const out: BundleLedger = {};
  for (const ledger of ledgers) {
    for (const [parentId, entry] of Object.entries(ledger)) {
      const sum = (out[parentId] ??= { parts: {}, units: 0 });
      sum.units += entry.units;
      for (const [part, qty] of Object.entries(entry.parts)) sum.parts[part] = (sum.parts[part] ?? 0) + qty;
    }
  }
  return out;
}
