// What a shipped Brightpearl note becomes in Magento: which order items ship and how many, the
// tracking, the source and the comment that lets a retry find the shipment again. Pure: the
// caller reads both sides and passes them in.
import type { BundleShipment, FulfilmentItem, FulfilmentOrder, ShipRequest } from "./magento-fulfilment";
import { leftToShip } from "./magento-fulfilment";
import type { NoteKind, ShippedNote } from "./brightpearl-notes";

export type Carrier = { carrierCode: string; title: string };

export type ShipmentPlanInput = {
  note: ShippedNote;
  /** Brightpearl order row id → Magento order item id (the row's externalRef) */
  itemByRow: Map<number, number>;
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
  | { outcome: "ship"; request: ShipRequest; lines: PlannedLine[]; warnings: string[] }
  | { outcome: "nothing"; reason: string; warnings: string[] };

const NOTE_WORDS: Record<NoteKind, string> = { "goods-out": "goods-out note", "drop-ship": "drop-ship note" };

/** The words every shipment's comment carries; a retry finds an earlier shipment by them. */
export const noteMarkerText = (kind: NoteKind, id: number) => `Brightpearl ${NOTE_WORDS[kind]} ${id}`;
export const noteMarker = (kind: NoteKind, id: number) => new RegExp(`\\b${NOTE_WORDS[kind]} ${id}(?!\\d)`);

/** A shipping reference may hold several tracking numbers, separated by commas, semicolons or spaces. */
export const trackingNumbers = (reference: string) => [...new Set(reference.split(/[\s,;]+/).map((t) => t.trim()).filter(Boolean))];

const wholeUnits = (n: number) => Math.floor(n + 1e-9);

export function planShipment(input: ShipmentPlanInput): ShipmentPlan {
  const { note, order } = input;
  const warnings: string[] = [];
  const byId = new Map(order.items.map((i) => [i.item_id, i]));
  const childrenOf = (parent: FulfilmentItem) => order.items.filter((i) => i.parent_item_id === parent.item_id);
  const wanted = new Map<number, number>();
  const add = (item: FulfilmentItem, qty: number) => wanted.set(item.item_id, (wanted.get(item.item_id) ?? 0) + qty);
  // Components of bundles that ship together, collected per bundle: Magento ships such a bundle whole.
  const togetherParts = new Map<number, Map<number, number>>();

  for (const [rowId, qty] of note.rows) {
    if (qty <= 0) continue;
    const itemId = input.itemByRow.get(rowId);
    const item = itemId === undefined ? undefined : byId.get(itemId);
    if (!item) {
      warnings.push(`Row ${rowId} of the Brightpearl order matches no item of Magento order #${order.increment_id}; its ${qty} unit(s) were not shipped in Magento.`);
      continue;
    }
    const parent = item.parent_item_id === undefined ? undefined : byId.get(item.parent_item_id);
    if (parent?.product_type === "bundle") {
      if (input.bundleShipment(parent) === "separately") add(item, qty);
      else {
        const parts = togetherParts.get(parent.item_id) ?? new Map<number, number>();
        parts.set(item.item_id, (parts.get(item.item_id) ?? 0) + qty);
        togetherParts.set(parent.item_id, parts);
      }
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

  for (const [parentId, parts] of togetherParts) {
    const parent = byId.get(parentId)!;
    const children = childrenOf(parent);
    const perUnit = (c: FulfilmentItem) => c.qty_ordered / (parent.qty_ordered || 1);
    const units = Math.min(...children.map((c) => wholeUnits((parts.get(c.item_id) ?? 0) / perUnit(c))));
    if (units > 0) add(parent, units);
    const leftover = children.some((c) => (parts.get(c.item_id) ?? 0) > units * perUnit(c) + 1e-9);
    if (leftover) {
      warnings.push(`Bundle ${parent.sku} ships as a whole in Magento; components Brightpearl shipped beyond ${units} complete bundle(s) were not shipped in Magento.`);
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
    const reason = wanted.size === 0 ? "none of its rows match items of the Magento order" : "Magento had already shipped everything on it";
    return { outcome: "nothing", reason, warnings };
  }

  const tracks = trackingNumbers(note.reference).map((n) => ({ track_number: n, title: input.carrier.title, carrier_code: input.carrier.carrierCode }));
  const tracking = tracks.length ? `, tracking ${tracks.map((t) => t.track_number).join(", ")}` : "";
  return {
    outcome: "ship",
    lines,
    warnings,
    request: {
      items: lines.map((l) => ({ order_item_id: l.itemId, qty: l.qty })),
      notify: input.notify,
      // Magento keeps the comment with the shipment (the sandbox only when appended); it names the note.
      appendComment: true,
      comment: { comment: `Shipped: ${noteMarkerText(note.kind, note.id)}${tracking}.`, is_visible_on_front: 0 },
      tracks,
      ...(input.sourceCode ? { arguments: { extension_attributes: { source_code: input.sourceCode } } } : {}),
    },
  };
}
