import { describe, expect, it } from "vitest";
import { formatUnits, toUnits, unitsToNumber } from "@/lib/sync/prices/money";
import { renderPriceFailure } from "@/lib/sync/prices/magento-prices";

describe("prices as integer ten-thousandths", () => {
  it("reads Brightpearl's decimal strings and Magento's numbers alike", () => {
    expect(toUnits("12.3400")).toBe(123_400);
    expect(toUnits("12.34")).toBe(123_400);
    expect(toUnits(12.34)).toBe(123_400);
    expect(toUnits("0.1")).toBe(1_000);
    expect(toUnits(0.1 + 0.2)).toBe(3_000);
    expect(toUnits("7")).toBe(70_000);
    expect(toUnits("abc")).toBeUndefined();
  });

  it("rounds a fifth decimal half up", () => {
    expect(toUnits("1.00005")).toBe(10_001);
    expect(toUnits("1.00004")).toBe(10_000);
  });

  it("writes two places at least, four at most", () => {
    expect(formatUnits(775_000)).toBe("77.50");
    expect(formatUnits(1_234_500)).toBe("123.45");
    expect(formatUnits(10_001)).toBe("1.0001");
    expect(unitsToNumber(775_000)).toBe(77.5);
  });
});

describe("Magento's per-row price failures", () => {
  it("fills named placeholders from the list of values, in order", () => {
    expect(renderPriceFailure("Invalid attribute %fieldName = %fieldValue.", ["SKU", "CONF-0001"])).toBe("Invalid attribute SKU = CONF-0001.");
    expect(renderPriceFailure("Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.", { SKU: "A", storeId: "9" })).toBe("Requested store is not found. Row ID: SKU = A, Store ID: 9.");
  });
});
