import { describe, expect, it } from "vitest";
import type { ShippedNote } from "@/lib/sync/shipments/brightpearl-notes";
import { fulfilmentOrder, type FulfilmentItem } from "@/lib/sync/shipments/magento-fulfilment";
import { noteMarker, noteMarkerText, planShipment, sumLedgers, trackingNumbers, type ShipmentPlanInput } from "@/lib/sync/shipments/plan";
import { carrierFor, sourceFor } from "@/lib/sync/shipments/ship";
import { mappingKinds, type MappingKind, type MappingSet, type MappingTarget } from "@/lib/tenants/mappings";

function mappings(rows: { [K in MappingKind]?: Record<string, MappingTarget<K>> }): MappingSet {
  const set = Object.fromEntries(mappingKinds.map((k) => [k, new Map()])) as MappingSet;
  for (const [kind, entries] of Object.entries(rows)) {
    for (const [sourceKey, target] of Object.entries(entries ?? {})) (set[kind as MappingKind] as Map<string, unknown>).set(sourceKey, { kind, sourceKey, target, suggested: false });
  }
  return set;
}

type Item = Partial<FulfilmentItem> & { item_id: number; sku: string; qty_ordered: number };

const order = (items: Item[]) =>
  fulfilmentOrder.parse({ entity_id: 7, increment_id: "000000007", created_at: "2026-11-28 09:30:00", grand_total: 100, state: "processing", status: "processing", items: items.map((i) => ({ product_type: "simple", ...i })) });

const note = (rows: [number, number][], overrides: Partial<ShippedNote> = {}): ShippedNote => ({
  kind: "goods-out",
  id: 1001,
  orderId: 100001,
  warehouseId: 2,
  shipped: true,
  reference: "",
  rows: new Map(rows),
  ...overrides,
});

function plan(input: Partial<ShipmentPlanInput> & Pick<ShipmentPlanInput, "note" | "order" | "itemByRow">) {
  return planShipment({ bundleShipment: () => "together", carrier: { carrierCode: "custom", title: "Brightpearl" }, notify: true, ...input });
}

const shipped = (p: ReturnType<typeof planShipment>) => (p.outcome === "ship" ? p.request.items : []);

describe("planShipment: a shipped note as a Magento ship request", () => {
  it("ships a configurable by its parent row, whichever of the two rows the Brightpearl row names", () => {
    const o = order([
      { item_id: 10, sku: "RED-M", product_type: "configurable", qty_ordered: 2 },
      { item_id: 11, sku: "RED-M", parent_item_id: 10, qty_ordered: 2 },
    ]);
    expect(shipped(plan({ note: note([[1, 2]]), order: o, itemByRow: new Map([[1, 10]]) }))).toEqual([{ order_item_id: 10, qty: 2 }]);
    expect(shipped(plan({ note: note([[1, 1]]), order: o, itemByRow: new Map([[1, 11]]) }))).toEqual([{ order_item_id: 10, qty: 1 }]);
  });

  it("ships a bundle that ships together as whole bundles, and names the components left over", () => {
    const o = order([
      { item_id: 20, sku: "BUNDLE", product_type: "bundle", qty_ordered: 2, product_id: 900 },
      { item_id: 21, sku: "PART-A", parent_item_id: 20, qty_ordered: 2 },
      { item_id: 22, sku: "PART-B", parent_item_id: 20, qty_ordered: 4 },
    ]);
    const whole = plan({ note: note([[1, 2], [2, 4]]), order: o, itemByRow: new Map([[1, 21], [2, 22]]) });
    expect(shipped(whole)).toEqual([{ order_item_id: 20, qty: 2 }]);
    expect(whole.warnings).toEqual([]);

    const part = plan({ note: note([[1, 2], [2, 3]]), order: o, itemByRow: new Map([[1, 21], [2, 22]]) });
    expect(shipped(part)).toEqual([{ order_item_id: 20, qty: 1 }]);
    expect(part.warnings.join(" ")).toMatch(/Bundle BUNDLE ships as a whole in Magento/);
  });

  it("ships a whole-shipping bundle split across two notes once the second note completes it", () => {
    const o = order([
      { item_id: 20, sku: "BUNDLE", product_type: "bundle", qty_ordered: 1, product_id: 900 },
      { item_id: 21, sku: "PART-A", parent_item_id: 20, qty_ordered: 1 },
      { item_id: 22, sku: "PART-B", parent_item_id: 20, qty_ordered: 2 },
    ]);
    const itemByRow = new Map([
      [1, 21],
      [2, 22],
    ]);
    const first = plan({ note: note([[1, 1]], { id: 1 }), order: o, itemByRow });
    expect(first).toMatchObject({ outcome: "nothing", reason: expect.stringContaining("the rest of the bundle has not shipped yet") });
    expect(first.bundles).toEqual({ "20": { parts: { "item:21": 1 }, units: 0 } });

    const second = plan({ note: note([[2, 2]], { id: 2 }), order: o, itemByRow, earlierNotes: sumLedgers([first.bundles]) });
    expect(shipped(second)).toEqual([{ order_item_id: 20, qty: 1 }]);
    expect(second.warnings).toEqual([]);
    expect(second.bundles).toEqual({ "20": { parts: { "item:22": 2 }, units: 1 } });

    // a third note repeating parts already counted ships no second bundle
    const third = plan({ note: note([[1, 1]], { id: 3 }), order: o, itemByRow, earlierNotes: sumLedgers([first.bundles, second.bundles]) });
    expect(shipped(third)).toEqual([]);
  });

  it("ships the bundle item for Brightpearl's own component rows of a bundle row", () => {
    const o = order([{ item_id: 40, sku: "KIT", product_type: "bundle", qty_ordered: 2, product_id: 901 }]);
    // row 1 is the bundle (externalRef 40); rows 2 and 3 are its components, 1 and 3 per kit
    const input = { order: o, itemByRow: new Map([[1, 40]]), components: new Map([[2, { parentRowId: 1, perUnit: 1 }], [3, { parentRowId: 1, perUnit: 3 }]]) };
    const p = plan({ ...input, note: note([[2, 2], [3, 6]]) });
    expect(shipped(p)).toEqual([{ order_item_id: 40, qty: 2 }]);
    expect(p.warnings).toEqual([]);
    // a note naming the bundle row and its components counts the bundle once
    expect(shipped(plan({ ...input, note: note([[1, 1], [2, 1], [3, 3]]) }))).toEqual([{ order_item_id: 40, qty: 1 }]);
  });

  it("ships the components of a bundle that ships separately, also when Brightpearl has it as the bundle product", () => {
    const o = order([
      { item_id: 20, sku: "BUNDLE", product_type: "bundle", qty_ordered: 2 },
      { item_id: 21, sku: "PART-A", parent_item_id: 20, qty_ordered: 2 },
      { item_id: 22, sku: "PART-B", parent_item_id: 20, qty_ordered: 4 },
    ]);
    const separately = { bundleShipment: () => "separately" as const };
    expect(shipped(plan({ ...separately, note: note([[1, 1]]), order: o, itemByRow: new Map([[1, 22]]) }))).toEqual([{ order_item_id: 22, qty: 1 }]);
    expect(shipped(plan({ ...separately, note: note([[9, 1]]), order: o, itemByRow: new Map([[9, 20]]) }))).toEqual([
      { order_item_id: 21, qty: 1 },
      { order_item_id: 22, qty: 2 },
    ]);
  });

  it("never asks for more than Magento has left, and says what it left out", () => {
    const o = order([
      { item_id: 30, sku: "SKU-1", qty_ordered: 3, qty_shipped: 2 },
      { item_id: 31, sku: "SKU-2", qty_ordered: 1, qty_refunded: 1 },
    ]);
    const p = plan({ note: note([[1, 3], [2, 1]]), order: o, itemByRow: new Map([[1, 30], [2, 31]]) });
    expect(shipped(p)).toEqual([{ order_item_id: 30, qty: 1 }]);
    expect(p.warnings).toHaveLength(2);
    expect(p.warnings[0]).toContain("Brightpearl shipped 3 of SKU-1 but Magento had only 1 left to ship; 2 were not shipped in Magento.");

    const nothing = plan({ note: note([[2, 1]]), order: o, itemByRow: new Map([[2, 31]]) });
    expect(nothing).toMatchObject({ outcome: "nothing", reason: "Magento had already shipped everything on it" });
  });

  it("names rows that match no Magento item, and ships nothing for a note made only of them", () => {
    const o = order([{ item_id: 30, sku: "SKU-1", qty_ordered: 3 }]);
    const p = plan({ note: note([[5, 1]]), order: o, itemByRow: new Map() });
    expect(p).toMatchObject({ outcome: "nothing", reason: "none of its rows match items of the Magento order" });
    expect(p.warnings[0]).toContain("Row 5 of the Brightpearl order matches no item of Magento order #000000007");
  });

  it("carries every tracking number with the carrier, the source, the customer email setting and the note in the comment", () => {
    const o = order([{ item_id: 30, sku: "SKU-1", qty_ordered: 1 }]);
    const p = plan({
      note: note([[1, 1]], { reference: "1Z999, 1Z998 ;1Z999" }),
      order: o,
      itemByRow: new Map([[1, 30]]),
      carrier: { carrierCode: "ups", title: "UPS" },
      sourceCode: "east",
      notify: false,
    });
    expect(p.outcome).toBe("ship");
    if (p.outcome !== "ship") return;
    expect(p.request.tracks).toEqual([
      { track_number: "1Z999", title: "UPS", carrier_code: "ups" },
      { track_number: "1Z998", title: "UPS", carrier_code: "ups" },
    ]);
    expect(p.request.arguments).toEqual({ extension_attributes: { source_code: "east" } });
    expect(p.request.notify).toBe(false);
    // the comment names Brightpearl's note: it stays with the shipment, out of the customer's email
    expect(p.request.appendComment).toBe(false);
    expect(p.request.comment.is_visible_on_front).toBe(0);
    expect(p.request.comment.comment).toContain(noteMarkerText("goods-out", 1001));
    expect(noteMarker("goods-out", 1001).test(p.request.comment.comment)).toBe(true);
    expect(noteMarker("goods-out", 100).test(p.request.comment.comment)).toBe(false);
    expect(noteMarker("drop-ship", 1001).test(p.request.comment.comment)).toBe(false);
  });

  it("splits a shipping reference into its tracking numbers", () => {
    expect(trackingNumbers("")).toEqual([]);
    expect(trackingNumbers(" A1\nB2,,A1 ")).toEqual(["A1", "B2"]);
    // some carriers print their numbers in groups: a space is part of the number
    expect(trackingNumbers("1Z 999 AA1 01, JD0002 2233;\r\nRM123")).toEqual(["1Z 999 AA1 01", "JD0002 2233", "RM123"]);
  });
});

describe("carrier and source of a note", () => {
  const brightpearl = { channels: [], warehouses: [], orderStatuses: [], priceLists: [], shippingMethods: [{ id: 2, name: "Next Day Delivery" }], paymentMethods: [], taxCodes: [], nominalCodes: [], currencies: [] };
  const magento = (msi: boolean, sources: string[]) => ({
    websites: [],
    storeViews: [],
    msi,
    sources: sources.map((code) => ({ code, name: code, enabled: true })),
    taxRates: [],
    paymentMethods: [],
    shippingMethods: [],
    orderStatuses: [],
    ordersSampled: 0,
  });

  it("uses the mapped Magento carrier, else a custom carrier titled after the Brightpearl shipping method", () => {
    const set = mappings({ carrier: { "1": { carrierCode: "dpd", title: "DPD" } } });
    expect(carrierFor(set, brightpearl, 1)).toEqual({ carrierCode: "dpd", title: "DPD" });
    expect(carrierFor(set, brightpearl, 2)).toEqual({ carrierCode: "custom", title: "Next Day Delivery" });
    expect(carrierFor(mappings({ carrier: { "*": { carrierCode: "fedex", title: "FedEx" } } }), brightpearl, 2)).toEqual({ carrierCode: "fedex", title: "FedEx" });
  });

  it("falls back to the order's shipping method when the note names none", () => {
    const set = mappings({ carrier: { "1": { carrierCode: "dpd", title: "DPD" } } });
    expect(carrierFor(set, brightpearl, undefined, 1)).toEqual({ carrierCode: "dpd", title: "DPD" });
    expect(carrierFor(set, brightpearl, undefined, 2)).toEqual({ carrierCode: "custom", title: "Next Day Delivery" });
    expect(carrierFor(set, brightpearl, undefined, undefined)).toEqual({ carrierCode: "custom", title: "Brightpearl" });
  });

  it("picks the MSI source mapped to the note's warehouse, the only source, or none", () => {
    const set = mappings({ "source-warehouses": { east: { warehouseIds: [2] }, west: { warehouseIds: [3] } } });
    expect(sourceFor(set, magento(true, ["east", "west"]), note([], { warehouseId: 3 }))).toEqual({ sourceCode: "west" });
    expect(sourceFor(mappings({}), magento(true, ["default"]), note([]))).toEqual({ sourceCode: "default" });
    expect(sourceFor(mappings({}), magento(true, ["east", "west"]), note([])).warning).toMatch(/No Magento source is mapped to Brightpearl warehouse 2/);
    expect(sourceFor(set, magento(false, []), note([]))).toEqual({});
    expect(sourceFor(set, magento(true, ["east", "west"]), note([], { kind: "drop-ship", warehouseId: undefined }))).toEqual({});
  });
});
