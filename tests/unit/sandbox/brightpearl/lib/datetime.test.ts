import { describe, expect, it } from "vitest";
import { formatInOffset, parseInstant, parseOffset } from "@/sandbox/brightpearl/lib/datetime";

describe("sandbox datetimes", () => {
  it("answers in the account's offset with milliseconds", () => {
    const ms = Date.UTC(2020, 2, 31, 21, 2, 44);
    expect(formatInOffset(ms, parseOffset("-06:00"))).toBe("2020-03-31T15:02:44.000-06:00");
    expect(formatInOffset(ms, 0)).toBe("2020-03-31T21:02:44.000+00:00");
    expect(formatInOffset(ms, parseOffset("+05:30"))).toBe("2020-04-01T02:32:44.000+05:30");
  });

  it("reads Z, offsets, bare date-times (account offset) and bare dates (midnight, account offset)", () => {
    const minus6 = parseOffset("-06:00");
    expect(parseInstant("2026-01-02T10:00:00Z", minus6)).toBe(Date.UTC(2026, 0, 2, 10));
    expect(parseInstant("2026-01-02T10:00:00+01:00", minus6)).toBe(Date.UTC(2026, 0, 2, 9));
    expect(parseInstant("2026-01-02T10:00:00", minus6)).toBe(Date.UTC(2026, 0, 2, 16));
    expect(parseInstant("2026-01-02", minus6)).toBe(Date.UTC(2026, 0, 2, 6));
    expect(parseInstant("2026-01-02T10:00:00.123Z", 0)).toBe(Date.UTC(2026, 0, 2, 10, 0, 0, 123));
  });

  it("refuses impossible or malformed dates", () => {
    for (const bad of ["2026-02-30", "2026-13-01", "yesterday", "2026-01-02T25:00:00Z", "02/01/2026"]) expect(parseInstant(bad, 0), bad).toBeUndefined();
    expect(() => parseOffset("+1")).toThrow();
  });
});
