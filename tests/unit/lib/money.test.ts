import { describe, expect, it } from "vitest";
import { allocate, toDecimal, toMinor } from "@/lib/money";

describe("money", () => {
  it("converts amounts to minor units without floating-point drift", () => {
    expect(toMinor(157.36, "USD")).toBe(15736);
    expect(toMinor(1.005, "EUR")).toBe(101);
    expect(toMinor(0.1 + 0.2, "GBP")).toBe(30);
    expect(toMinor("-39.67", "GBP")).toBe(-3967);
    expect(toMinor(1500, "JPY")).toBe(1500);
    expect(toMinor(undefined, "USD")).toBe(0);
    expect(() => toMinor("abc", "USD")).toThrow(/not an amount/);
  });

  it("writes minor units as Brightpearl's decimal strings", () => {
    expect(toDecimal(15736, "USD")).toBe("157.36");
    expect(toDecimal(5, "USD")).toBe("0.05");
    expect(toDecimal(-3967, "GBP")).toBe("-39.67");
    expect(toDecimal(1500, "JPY")).toBe("1500");
  });

  it("allocates an amount in whole units that add up exactly", () => {
    expect(allocate(1000, [1, 1, 1])).toEqual([334, 333, 333]);
    expect(allocate(100, [1, 3])).toEqual([25, 75]);
    expect(allocate(-7, [1, 1])).toEqual([-4, -3]);
    expect(allocate(50, [0, 0])).toEqual([50, 0]);
    const parts = allocate(4033, [2, 4]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(4033);
  });
});
