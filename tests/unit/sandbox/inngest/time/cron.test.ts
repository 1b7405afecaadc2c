import { describe, expect, it } from "vitest";
import { nextCronTime, parseCron } from "@/sandbox/inngest/time/cron";

const at = (iso: string) => Date.parse(iso);

describe("cron schedules", () => {
  it('gives the next five-minute mark for "*/5 * * * *", strictly after the given time', () => {
    const every5 = parseCron("*/5 * * * *");
    expect(nextCronTime(every5, at("2026-03-02T10:01:30Z"))).toBe(at("2026-03-02T10:05:00Z"));
    expect(nextCronTime(every5, at("2026-03-02T10:05:00Z"))).toBe(at("2026-03-02T10:10:00Z"));
    expect(nextCronTime(every5, at("2026-03-02T23:58:00Z"))).toBe(at("2026-03-03T00:00:00Z"));
  });

  it("reads a schedule without a prefix in UTC", () => {
    expect(nextCronTime(parseCron("30 3 * * *"), at("2026-01-01T00:00:00Z"))).toBe(at("2026-01-01T03:30:00Z"));
  });

  it('honours a leading "TZ=Area/City " prefix, daylight saving included', () => {
    const newYork = parseCron("TZ=America/New_York 30 3 * * *");
    expect(newYork.timezone).toBe("America/New_York");
    expect(newYork.pattern).toBe("30 3 * * *");
    expect(nextCronTime(newYork, at("2026-01-01T00:00:00Z"))).toBe(at("2026-01-01T08:30:00Z"));
    expect(nextCronTime(newYork, at("2026-07-01T00:00:00Z"))).toBe(at("2026-07-01T07:30:00Z"));
    expect(nextCronTime(parseCron("CRON_TZ=Europe/London 0 9 * * 1"), at("2026-07-01T00:00:00Z"))).toBe(at("2026-07-06T08:00:00Z"));
  });

  it("rejects an unknown time zone or a malformed pattern with the expression in the message", () => {
    expect(() => parseCron("TZ=Mars/Olympus 0 0 * * *")).toThrow(/"TZ=Mars\/Olympus 0 0 \* \* \*".*unknown time zone "Mars\/Olympus"/);
    expect(() => parseCron("every day")).toThrow(/cron "every day"/);
    expect(() => parseCron("61 * * * *")).toThrow(/cron "61 \* \* \* \*"/);
  });
});
