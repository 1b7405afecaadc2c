import { describe, expect, it } from "vitest";
import { legacyQuantity, sourceQuantities, type WarehouseLevel } from "@/lib/sync/inventory/quantities";

const level = (inStock: number, allocated = 0): WarehouseLevel => ({ inStock, allocated, onHand: inStock - allocated });
const levels = (entries: [number, WarehouseLevel][]) => new Map(entries);

describe("the quantity each Magento source gets", () => {
  it("sums the free stock of the source's warehouses", () => {
    const q = sourceQuantities(levels([[2, level(10)], [3, level(5)], [4, level(7)]]), [{ code: "default", warehouseIds: [2, 3] }, { code: "eu", warehouseIds: [4] }]);
    expect(Object.fromEntries(q)).toEqual({ default: 15, eu: 7 });
  });

  it("subtracts allocations for other channels' orders, so Magento does not sell them", () => {
    // 10 on the shelf, 4 allocated to a marketplace order, no Magento order open
    expect(Object.fromEntries(sourceQuantities(levels([[2, level(10, 4)]]), [{ code: "default", warehouseIds: [2] }]))).toEqual({ default: 6 });
  });

  it("adds back what Brightpearl allocated to this store's imported open orders, which Magento still reserves itself", () => {
    // 10 on the shelf; 3 allocated to a Magento order already in Brightpearl (Magento reserves those 3)
    const q = sourceQuantities(levels([[2, level(10, 3)]]), [{ code: "default", warehouseIds: [2] }], { imported: 3, notImported: 0, allocated: new Map([[2, 3]]) });
    expect(q.get("default")).toBe(10);
    // Magento's salable quantity = 10 − its reservation of 3 = 7 = Brightpearl's free stock: counted once.
  });

  it("does not borrow other channels' allocations for an imported order Brightpearl has not allocated", () => {
    // 10 on the shelf, 4 allocated to a marketplace order; a Magento order of 3 imported but not allocated
    const q = sourceQuantities(levels([[2, level(10, 4)]]), [{ code: "default", warehouseIds: [2] }], { imported: 3, notImported: 0, allocated: new Map() });
    expect(q.get("default")).toBe(6);
  });

  it("never adds back more than Brightpearl reports allocated in the warehouse", () => {
    const q = sourceQuantities(levels([[2, level(2, 2)]]), [{ code: "default", warehouseIds: [2] }], { imported: 5, notImported: 0, allocated: new Map([[2, 5]]) });
    expect(q.get("default")).toBe(2);
  });

  it("gives the add-back to the first source the order's warehouse is mapped to", () => {
    const q = sourceQuantities(
      levels([[2, level(5, 1)], [3, level(8, 4)]]),
      [{ code: "default", warehouseIds: [2] }, { code: "eu", warehouseIds: [3] }, { code: "eu-copy", warehouseIds: [3] }],
      { imported: 3, notImported: 0, allocated: new Map([[3, 3]]) },
    );
    expect(Object.fromEntries(q)).toEqual({ default: 4, eu: 7, "eu-copy": 0 });
  });

  it("spreads allocated units whose warehouse is not known over the mapped warehouses in order, within each one's allocation", () => {
    const q = sourceQuantities(levels([[2, level(5, 1)], [3, level(8, 4)]]), [{ code: "default", warehouseIds: [2] }, { code: "eu", warehouseIds: [3] }], { imported: 3, notImported: 0, allocated: new Map([[0, 3]]) });
    expect(Object.fromEntries(q)).toEqual({ default: 5, eu: 6 });
  });

  it("gives nothing to sell when Brightpearl allocated more than it holds", () => {
    expect(sourceQuantities(levels([[2, level(1, 4)]]), [{ code: "default", warehouseIds: [2] }]).get("default")).toBe(0);
  });

  it("counts a warehouse mapped to two sources only for the first", () => {
    const q = sourceQuantities(levels([[2, level(9)]]), [{ code: "a", warehouseIds: [2] }, { code: "b", warehouseIds: [2] }]);
    expect(Object.fromEntries(q)).toEqual({ a: 9, b: 0 });
  });

  it("a source whose warehouses report nothing gets zero", () => {
    expect(sourceQuantities(new Map(), [{ code: "default", warehouseIds: [2] }]).get("default")).toBe(0);
  });
});

describe("the legacy stock item's quantity (no MSI: Magento lowered it at checkout)", () => {
  it("is the salable quantity: free stock minus open Magento orders Brightpearl has not allocated yet", () => {
    // 10 on the shelf; an imported order of 3 allocated; an order of 2 not yet imported
    expect(legacyQuantity(levels([[2, level(10, 3)]]), [{ code: "default", warehouseIds: [2] }], { imported: 3, notImported: 2, allocated: new Map([[2, 3]]) })).toBe(5);
  });

  it("subtracts an imported order Brightpearl has not allocated, once", () => {
    // 10 on the shelf, nothing allocated; an imported order of 3 not allocated yet
    expect(legacyQuantity(levels([[2, level(10)]]), [{ code: "default", warehouseIds: [2] }], { imported: 3, notImported: 0, allocated: new Map() })).toBe(7);
  });

  it("is Brightpearl's free stock when no Magento order is open", () => {
    expect(legacyQuantity(levels([[2, level(10, 4)]]), [{ code: "default", warehouseIds: [2] }])).toBe(6);
  });

  it("never goes below zero", () => {
    expect(legacyQuantity(levels([[2, level(1)]]), [{ code: "default", warehouseIds: [2] }], { imported: 0, notImported: 4 })).toBe(0);
  });
});
