import { describe, expect, it } from "vitest";
import { delayFrom, formatDuration, parseDuration, parseRetryAfter } from "@/sandbox/inngest/time/durations";

describe("time strings", () => {
  it("parses Inngest time strings, compound ones included", () => {
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("2.5d")).toBe(216_000_000);
    expect(parseDuration("1w")).toBe(604_800_000);
    expect(parseDuration("500ms")).toBe(500);
  });

  it("refuses what is not a time string", () => {
    for (const text of ["", "1 hour", "10", "h1", "1h30", "1y"]) expect(parseDuration(text)).toBeUndefined();
  });

  it("turns a duration or an ISO date into a delay from now, never negative", () => {
    const now = Date.parse("2026-05-01T12:00:00Z");
    expect(delayFrom("1m", now)).toBe(60_000);
    expect(delayFrom("2026-05-01T12:00:10.000Z", now)).toBe(10_000);
    expect(delayFrom("2026-05-01T11:00:00Z", now)).toBe(0);
    expect(delayFrom("soon", now)).toBeUndefined();
  });

  it("reads Retry-After as seconds or as a date", () => {
    const now = Date.parse("2026-05-01T12:00:00Z");
    expect(parseRetryAfter("10", now)).toBe(10_000);
    expect(parseRetryAfter("2026-05-01T12:01:00.000Z", now)).toBe(60_000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("later", now)).toBeUndefined();
  });

  it("formats durations for log lines", () => {
    expect(formatDuration(120)).toBe("120ms");
    expect(formatDuration(2_500)).toBe("2.5s");
    expect(formatDuration(3_600_000)).toBe("1h");
    expect(formatDuration(90_061_000)).toBe("1d 1h");
  });
});
