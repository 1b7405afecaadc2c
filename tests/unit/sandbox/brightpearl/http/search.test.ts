import { describe, expect, it } from "vitest";
import { ApiError } from "@/sandbox/brightpearl/http/errors";
import { runSearch, type SearchDefinition } from "@/sandbox/brightpearl/http/search";

type Row = { id: number; name: string; email: string | null; live: boolean; at: number };
const def: SearchDefinition<Row> = {
  defaultSort: "id",
  columns: [
    { name: "id", type: "IDSET", value: (r) => r.id },
    { name: "name", type: "STRING", value: (r) => r.name },
    { name: "email", type: "SEARCH_STRING", value: (r) => r.email },
    { name: "live", type: "BOOLEAN", value: (r) => r.live },
    { name: "at", type: "PERIOD", value: (r) => r.at },
  ],
};
const day = (d: number) => Date.UTC(2026, 0, d, 12);
const data: Row[] = [
  { id: 3, name: "Gamma", email: "g@example.com", live: true, at: day(3) },
  { id: 1, name: "Alpha", email: "a@example.com", live: false, at: day(1) },
  { id: 2, name: "Beta", email: null, live: true, at: day(2) },
];
const search = (q: Record<string, string>) => runSearch(def, data, q, 60).response;

describe("search engine", () => {
  it("answers positional rows sorted by the default column, with datetimes in the offset", () => {
    const r = search({});
    expect(r.results[0]).toEqual([1, "Alpha", "a@example.com", false, "2026-01-01T13:00:00.000+01:00"]);
    expect(r.results.map((x) => x[0])).toEqual([1, 2, 3]);
    expect(r.metaData).toMatchObject({ resultsAvailable: 3, resultsReturned: 3, firstResult: 1, lastResult: 3, morePagesAvailable: false });
  });

  it("filters by type: ID sets, exact strings (any case), substrings, booleans, periods", () => {
    expect(search({ id: "1-2" }).results.map((x) => x[0])).toEqual([1, 2]);
    expect(search({ name: "beta" }).results.map((x) => x[0])).toEqual([2]);
    expect(search({ name: "Bet" }).results).toEqual([]);
    expect(search({ email: "EXAMPLE" }).results.map((x) => x[0])).toEqual([1, 3]);
    expect(search({ live: "true" }).results.map((x) => x[0])).toEqual([2, 3]);
    expect(search({ at: "2026-01-02/" }).results.map((x) => x[0])).toEqual([2, 3]);
    expect(search({ at: "/2026-01-02" }).results.map((x) => x[0])).toEqual([1, 2]);
    expect(search({ at: "2026-01-03" }).results.map((x) => x[0])).toEqual([3]);
  });

  it("sorts, restricts columns and pages", () => {
    const r = search({ sort: "name.DESC", columns: "name,id", pageSize: "2" });
    expect(r.results).toEqual([["Gamma", 3], ["Beta", 2]]);
    expect(r.metaData.morePagesAvailable).toBe(true);
    expect(search({ sort: "name|ASC", firstResult: "3" }).results.map((x) => x[0])).toEqual([3]);
  });

  it("leaves firstResult and lastResult out with zero hits, including past the last page", () => {
    expect(search({ id: "99" }).metaData).not.toHaveProperty("firstResult");
    expect(search({ firstResult: "10" }).metaData).not.toHaveProperty("lastResult");
  });

  it("answers 500 CMNC-018 for bad filters, columns, sorts and page sizes", () => {
    for (const q of [{ id: "x" }, { live: "yes" }, { at: "soon/" }, { columns: "nope" }, { sort: "nope.ASC" }, { pageSize: "501" }, { pageSize: "0" }, { firstResult: "-1" }] as Record<string, string>[]) {
      let err: unknown;
      try {
        search(q);
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(q)).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(500);
      expect((err as ApiError).errors[0]!.code).toBe("CMNC-018");
    }
  });

  it("counts only with countOnly=true", () => {
    expect(search({ countOnly: "true", live: "true" }).metaData.resultsAvailable).toBe(2);
    expect(search({ countOnly: "true" }).results).toEqual([]);
  });
});
