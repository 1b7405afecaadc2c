import { describe, expect, it } from "vitest";
import { RollingThrottle } from "@/sandbox/brightpearl/http/throttle";

describe("rolling throttle", () => {
  it("counts down, refuses past the limit without counting the refusal, and says when a slot frees", () => {
    const t = new RollingThrottle();
    expect(t.take("a", 1000, 3, 60_000)).toEqual({ allowed: true, remaining: 2, nextPeriodMs: 60_000 });
    expect(t.take("a", 2000, 3, 60_000).remaining).toBe(1);
    expect(t.take("a", 3000, 3, 60_000).remaining).toBe(0);
    const refused = t.take("a", 4000, 3, 60_000);
    expect(refused).toEqual({ allowed: false, remaining: 0, nextPeriodMs: 57_000 });
    expect(t.take("a", 61_000, 3, 60_000)).toEqual({ allowed: true, remaining: 0, nextPeriodMs: 1000 });
    expect(t.take("a", 61_500, 3, 60_000).allowed).toBe(false);
    expect(t.take("a", 62_001, 3, 60_000).allowed).toBe(true);
  });

  it("keeps keys apart and can be reset", () => {
    const t = new RollingThrottle();
    t.take("a", 0, 1, 1000);
    expect(t.take("a", 1, 1, 1000).allowed).toBe(false);
    expect(t.take("b", 1, 1, 1000).allowed).toBe(true);
    t.reset("a");
    expect(t.take("a", 2, 1, 1000).allowed).toBe(true);
    expect(t.peek("a", 3, 1, 1000)).toMatchObject({ allowed: false, remaining: 0 });
  });

  it("stays correct over many requests (compaction)", () => {
    const t = new RollingThrottle();
    for (let i = 0; i < 10_000; i++) expect(t.take("k", i, 100, 100).allowed).toBe(true);
    expect(t.take("k", 9_999, 100, 100).allowed).toBe(false);
  });
});
