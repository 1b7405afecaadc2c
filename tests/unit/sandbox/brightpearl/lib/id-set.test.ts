import { describe, expect, it } from "vitest";
import { chunkIdSets, formatIdSet, IdSetError, parseIdSet } from "@/sandbox/brightpearl/lib/id-set";

describe("Brightpearl ID sets", () => {
  it("parses single ids, ascending ranges, lists and mixtures", () => {
    expect(parseIdSet("8")).toEqual([8]);
    expect(parseIdSet("1-3")).toEqual([1, 2, 3]);
    expect(parseIdSet("3,1,2")).toEqual([1, 2, 3]);
    expect(parseIdSet("1-3,7,9,20-21")).toEqual([1, 2, 3, 7, 9, 20, 21]);
    expect(parseIdSet("2,1-3")).toEqual([1, 2, 3]);
  });

  it("refuses descending ranges, empty sets, junk and huge expansions", () => {
    for (const bad of ["5-1", "", "1,,2", "a", "1-", "-1", "1 2", "1-99999999"]) expect(() => parseIdSet(bad), bad).toThrow(IdSetError);
  });

  it("formats ids compactly, the way recorded getUris are", () => {
    expect(formatIdSet([1, 2, 5, 8, ...Array.from({ length: 32 }, (_, i) => 10 + i), 43, 44, ...Array.from({ length: 55 }, (_, i) => 46 + i), 320, 321])).toBe(
      "1-2,5,8,10-41,43-44,46-100,320-321",
    );
    expect(formatIdSet([3, 1, 2, 2])).toBe("1-3");
    expect(formatIdSet([])).toBe("");
  });

  it("chunks into sets of at most n ids", () => {
    expect(chunkIdSets([1, 2, 3, 4, 5, 9], 4)).toEqual(["1-4", "5,9"]);
  });
});
