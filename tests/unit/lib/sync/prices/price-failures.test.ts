import { describe, expect, it } from "vitest";
import { rowsNamedBy, type PriceRow } from "@/lib/sync/prices/magento-prices";

const batch: PriceRow[] = [
  { sku: "A-1", storeId: 0, units: 10_000 },
  { sku: "A-1", storeId: 2, units: 12_000 },
  { sku: "2", storeId: 0, units: 5_000 },
  { sku: "B-7", storeId: 2, units: 7_000 },
];

describe("a price row Magento refused inside a 200 is found by what its message names, not by its position", () => {
  it("a missing store names the SKU and store id", () => {
    const f = { message: "Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.", parameters: ["B-7", "2"] };
    expect(rowsNamedBy(f, batch)).toEqual([{ sku: "B-7", storeId: 2, units: 7_000 }]);
  });

  it("an invalid SKU names it as the field's value, matched without regard to case", () => {
    const f = { message: "Invalid attribute %fieldName = %fieldValue.", parameters: ["SKU", "a-1"] };
    expect(rowsNamedBy(f, batch).map((r) => `${r.sku}@${r.storeId}`)).toEqual(["A-1@0", "A-1@2"]);
  });

  it("a store id that happens to equal another row's SKU does not blame that row", () => {
    const f = { message: "Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.", parameters: ["A-1", "2"] };
    expect(rowsNamedBy(f, batch)).toEqual([{ sku: "A-1", storeId: 2, units: 12_000 }]);
  });

  it("a failure that names neither SKU nor store names no row", () => {
    expect(rowsNamedBy({ message: "Invalid attribute %fieldName = %fieldValue.", parameters: ["Price", "-1"] }, batch)).toEqual([]);
  });
});
