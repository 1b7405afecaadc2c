import { describe, expect, it } from "vitest";
import { DecimalError, div, formatDec, isWhole, mul, parseDec, sum } from "@/sandbox/brightpearl/lib/decimal";

describe("sandbox decimals", () => {
  it("parses numbers and numeric strings exactly, with a cap on decimal places", () => {
    expect(formatDec(parseDec("19.99"), 2)).toBe("19.99");
    expect(formatDec(parseDec(19.99), 4)).toBe("19.9900");
    expect(formatDec(parseDec("-0.5"), 2)).toBe("-0.50");
    expect(() => parseDec("1.005", 2)).toThrow(DecimalError);
    expect(() => parseDec(0.1 + 0.2, 4)).toThrow(DecimalError);
    expect(() => parseDec("abc")).toThrow(DecimalError);
    expect(() => parseDec(Number.NaN)).toThrow(DecimalError);
  });

  it("sums without floating-point drift and rounds half away from zero", () => {
    expect(formatDec(sum(["0.10", "0.20", "0.30"].map((v) => parseDec(v))), 2)).toBe("0.60");
    expect(formatDec(parseDec("2.345"), 2)).toBe("2.35");
    expect(formatDec(parseDec("-2.345"), 2)).toBe("-2.35");
    expect(formatDec(div(parseDec(10), parseDec("1.1")), 4)).toBe("9.0909");
    expect(formatDec(mul(parseDec("56.93"), parseDec("0.45")), 2)).toBe("25.62");
  });

  it("tells whole quantities from fractional ones", () => {
    expect(isWhole(parseDec("2.0000"))).toBe(true);
    expect(isWhole(parseDec("1.5"))).toBe(false);
  });
});
