import { describe, expect, it } from "vitest";
import { planChanged, planStock, type PlanInput } from "@/lib/sync/inventory/stock-plan";

const base = (over: Partial<PlanInput> = {}): PlanInput => ({
  msi: true,
  sources: [{ code: "default", warehouseIds: [2] }],
  productId: 1001,
  magento: { sku: "SKU-1", typeId: "simple" },
  levels: new Map([[2, { inStock: 8, allocated: 0, onHand: 8 }]]),
  missingAvailability: "zero",
  sourceItems: new Map([["default", { sku: "SKU-1", sourceCode: "default", quantity: 3, status: 1 as const }]]),
  ...over,
});

describe("what to write for one SKU", () => {
  it("writes a source whose quantity differs, remembering Magento's value before", () => {
    const plan = planStock(base());
    expect(plan).toMatchObject({ kind: "msi", changes: [{ sourceCode: "default", target: 8, before: { quantity: 3, status: 1 } }] });
    expect(planChanged(plan!)).toBe(true);
  });

  it("writes nothing when Magento already holds the value", () => {
    const plan = planStock(base({ sourceItems: new Map([["default", { sku: "SKU-1", sourceCode: "default", quantity: 8, status: 1 as const }]]) }));
    expect(planChanged(plan!)).toBe(false);
  });

  it("writes an out-of-stock flag that disagrees with the quantity", () => {
    const plan = planStock(base({ sourceItems: new Map([["default", { sku: "SKU-1", sourceCode: "default", quantity: 8, status: 0 as const }]]) }));
    expect(planChanged(plan!)).toBe(true);
  });

  it("zeroes a product absent from Brightpearl's answer, or leaves it alone when the setting says skip", () => {
    expect(planStock(base({ levels: undefined }))).toMatchObject({ changes: [{ target: 0 }] });
    expect(planStock(base({ levels: undefined, missingAvailability: "skip" }))).toBeUndefined();
  });

  it("zeroes a sold-out product (in the answer with no warehouse) even when the setting says skip", () => {
    expect(planStock(base({ levels: new Map() }))).toMatchObject({ changes: [{ sourceCode: "default", target: 0, before: { quantity: 3 } }] });
    expect(planStock(base({ levels: new Map(), missingAvailability: "skip" }))).toMatchObject({ changes: [{ sourceCode: "default", target: 0 }] });
    const legacy = planStock(base({ msi: false, levels: new Map(), missingAvailability: "skip", magento: { sku: "SKU-1", typeId: "simple", legacy: { itemId: 5, qty: 4, inStock: true } } }));
    expect(legacy).toMatchObject({ kind: "legacy", target: 0, changed: true });
  });

  it("plans the legacy stock item on a store without MSI", () => {
    const plan = planStock(base({ msi: false, magento: { sku: "SKU-1", typeId: "simple", legacy: { itemId: 5, qty: 8, inStock: true } } }));
    expect(plan).toMatchObject({ kind: "legacy", target: 8, changed: false, itemId: 5 });
    const changed = planStock(base({ msi: false, magento: { sku: "SKU-1", typeId: "simple", legacy: { itemId: 5, qty: 2, inStock: true } } }));
    expect(changed).toMatchObject({ kind: "legacy", target: 8, changed: true, before: { qty: 2 } });
  });
});
