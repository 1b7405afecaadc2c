import { describe, expect, it } from "vitest";
import { Throttle } from "@/sandbox/inngest/flow/throttle";

describe("throttle (GCRA)", () => {
  it("starts one run per period/limit, first come first served", () => {
    const throttle = new Throttle();
    const spec = { limit: 2, periodMs: 1_000, burst: 0 };
    const starts = [0, 0, 0, 0].map(() => throttle.reserve("k", spec, 10_000).startAt);
    expect(starts).toEqual([10_000, 10_500, 11_000, 11_500]);
  });

  it("lets `burst` extra runs start together, then returns to the rate", () => {
    const throttle = new Throttle();
    const spec = { limit: 1, periodMs: 5_000, burst: 2 };
    const starts = [0, 0, 0, 0].map(() => throttle.reserve("k", spec, 0).startAt);
    expect(starts).toEqual([0, 0, 0, 5_000]);
  });

  it("keeps keys apart and recovers capacity as time passes", () => {
    const throttle = new Throttle();
    const spec = { limit: 1, periodMs: 1_000, burst: 0 };
    expect(throttle.reserve("a", spec, 0).startAt).toBe(0);
    expect(throttle.reserve("b", spec, 0).startAt).toBe(0);
    expect(throttle.reserve("a", spec, 0).startAt).toBe(1_000);
    expect(throttle.reserve("a", spec, 10_000).startAt).toBe(10_000);
  });

  it("resumes from a persisted arrival time", () => {
    const throttle = new Throttle();
    throttle.load([["k", 7_000]]);
    expect(throttle.reserve("k", { limit: 1, periodMs: 1_000, burst: 0 }, 5_000).startAt).toBe(7_000);
  });
});
