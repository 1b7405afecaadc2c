import { describe, expect, it } from "vitest";
import { chunkIdSets, formatIdSet, parseIdSet } from "@/lib/brightpearl/id-set";

describe("Brightpearl ID sets", () => {
  it("compresses ids into ascending ranges", () => {
    expect(formatIdSet([9, 3, 1, 2, 2, 7, 8, 20])).toBe("1-3,7-9,20");
    expect(formatIdSet([5])).toBe("5");
    expect(formatIdSet([])).toBe("");
  });

  it("expands ranges and lists, and refuses what is not an ID set", () => {
    expect(parseIdSet("1-3,7,10-11")).toEqual([1, 2, 3, 7, 10, 11]);
    expect(() => parseIdSet("5-1")).toThrow(/not an ID set/);
    expect(() => parseIdSet("1;DROP")).toThrow(/not an ID set/);
    expect(() => parseIdSet("0")).toThrow(/not an ID set/);
    expect(() => parseIdSet("1-1000000", 500)).toThrow(/more than 500/);
  });

  it("chunks ids into sets of at most the per-call limit", () => {
    const ids = Array.from({ length: 450 }, (_, i) => i + 1).concat([1000, 1002]);
    const chunks = chunkIdSets(ids, 200);
    expect(chunks).toEqual(["1-200", "201-400", "401-450,1000,1002"]);
    expect(chunks.flatMap((c) => parseIdSet(c))).toEqual(ids);
  });
});
