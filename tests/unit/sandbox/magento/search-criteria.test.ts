import { describe, expect, it } from "vitest";
import { MagentoError } from "@/sandbox/magento/http/errors";
import { applySearch, echoCriteria, type FieldKind, readSearchCriteria } from "@/sandbox/magento/http/search-criteria";
import { parseQuery } from "@/sandbox/magento/http/php-query";
import { filterResponse, parseFields } from "@/sandbox/magento/http/fields-filter";

type Row = { id: number; sku: string; price: number | null; updated_at: string; tags: string | null };
const rows: Row[] = [
  { id: 1, sku: "SKU-A", price: 10, updated_at: "2025-01-01 10:00:00", tags: "red,blue" },
  { id: 2, sku: "sku-b", price: 20, updated_at: "2025-01-02 10:00:00", tags: null },
  { id: 3, sku: "SKU-C", price: null, updated_at: "2025-01-03 10:00:00", tags: "green" },
  { id: 4, sku: "OTHER", price: 5, updated_at: "2025-01-04 10:00:00", tags: "blue" },
];
const kinds: Record<string, FieldKind> = { id: "int", sku: "string", price: "decimal", updated_at: "datetime", tags: "string" };
const access = {
  get: (r: Row, f: string) => (f in kinds ? (r as unknown as Record<string, string | number | null>)[f] : undefined),
  kind: (f: string) => kinds[f],
  unknownField: (f: string) => new MagentoError(500, `unknown ${f}`),
};

function search(query: string) {
  const criteria = readSearchCriteria(parseQuery(query), false);
  return applySearch(rows, criteria, access);
}
const ids = (query: string) => search(query).items.map((r) => r.id);
const f = (g: number, i: number, field: string, value: string, condition?: string) =>
  `searchCriteria[filterGroups][${g}][filters][${i}][field]=${field}&searchCriteria[filterGroups][${g}][filters][${i}][value]=${encodeURIComponent(value)}` +
  (condition ? `&searchCriteria[filterGroups][${g}][filters][${i}][conditionType]=${condition}` : "");

describe("searchCriteria", () => {
  it("ORs filters within a group and ANDs groups", () => {
    expect(ids(`${f(0, 0, "sku", "SKU-A")}&${f(0, 1, "sku", "OTHER")}`)).toEqual([1, 4]);
    expect(ids(`${f(0, 0, "sku", "SKU-A")}&${f(0, 1, "sku", "OTHER")}&${f(1, 0, "price", "6", "gt")}`)).toEqual([1]);
  });

  it("compares strings case-insensitively and never matches NULL except with null", () => {
    expect(ids(f(0, 0, "sku", "SKU-B"))).toEqual([2]);
    expect(ids(f(0, 0, "price", "10", "neq"))).toEqual([2, 4]);
    expect(ids(f(0, 0, "price", "", "null"))).toEqual([3]);
    expect(ids(f(0, 0, "price", "", "notnull"))).toEqual([1, 2, 4]);
  });

  it("supports every condition type", () => {
    expect(ids(f(0, 0, "sku", "sku-%", "like"))).toEqual([1, 2, 3]);
    expect(ids(f(0, 0, "sku", "SKU-_", "nlike"))).toEqual([4]);
    expect(ids(f(0, 0, "sku", "SKU-A,OTHER", "in"))).toEqual([1, 4]);
    expect(ids(f(0, 0, "sku", "SKU-A,OTHER", "nin"))).toEqual([2, 3]);
    expect(ids(f(0, 0, "tags", "blue", "finset"))).toEqual([1, 4]);
    expect(ids(f(0, 0, "tags", "blue", "nfinset"))).toEqual([3]);
    expect(ids(f(0, 0, "price", "10", "gteq"))).toEqual([1, 2]);
    expect(ids(f(0, 0, "price", "10", "moreq"))).toEqual([1, 2]);
    expect(ids(f(0, 0, "price", "10", "lt"))).toEqual([4]);
    expect(ids(f(0, 0, "price", "10", "lteq"))).toEqual([1, 4]);
    expect(ids(`${f(0, 0, "updated_at", "2025-01-02", "from")}&${f(1, 0, "updated_at", "2025-01-03 10:00:00", "to")}`)).toEqual([2, 3]);
    // from and to in one group are OR'ed, so together they match everything.
    expect(ids(`${f(0, 0, "updated_at", "2025-01-02", "from")}&${f(0, 1, "updated_at", "2025-01-03", "to")}`)).toEqual([1, 2, 3, 4]);
    expect(ids(f(0, 0, "updated_at", "2025-01-03T10:00:00", "gteq"))).toEqual([3, 4]);
    // An unknown condition falls through as equality.
    expect(ids(f(0, 0, "sku", "OTHER", "bogus"))).toEqual([4]);
  });

  it("sorts with NULL first ascending, and stably", () => {
    expect(ids("searchCriteria[sortOrders][0][field]=price&searchCriteria[sortOrders][0][direction]=ASC")).toEqual([3, 4, 1, 2]);
    expect(ids("searchCriteria[sortOrders][0][field]=price&searchCriteria[sortOrders][0][direction]=desc")).toEqual([2, 1, 4, 3]);
    expect(() => ids("searchCriteria[sortOrders][0][field]=price&searchCriteria[sortOrders][0][direction]=up")).toThrow(/has to be specified as %1/);
  });

  it("pages with the collection clamp: past the end is the last page, no pageSize is no limit", () => {
    expect(search("searchCriteria[pageSize]=3&searchCriteria[currentPage]=1").items.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(search("searchCriteria[pageSize]=3&searchCriteria[currentPage]=2").items.map((r) => r.id)).toEqual([4]);
    expect(search("searchCriteria[pageSize]=3&searchCriteria[currentPage]=9").items.map((r) => r.id)).toEqual([4]);
    expect(search("searchCriteria[pageSize]=3&searchCriteria[currentPage]=0").items.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(search("searchCriteria[currentPage]=2")).toEqual({ items: rows, total: 4 });
    expect(search("searchCriteria[pageSize]=3&searchCriteria[currentPage]=9").total).toBe(4);
  });

  it("requires searchCriteria, accepts an empty one and snake_case keys", () => {
    expect(() => readSearchCriteria(parseQuery("foo=1"), false)).toThrow(MagentoError);
    expect(readSearchCriteria(parseQuery("searchCriteria="), false).groups).toEqual([]);
    expect(ids("search_criteria[filter_groups][0][filters][0][field]=id&search_criteria[filter_groups][0][filters][0][value]=2")).toEqual([2]);
  });

  it("refuses a non-numeric page size with Magento's nested conversion message", () => {
    expect(() => readSearchCriteria(parseQuery("searchCriteria[pageSize]=ten"), false)).toThrow(
      'Error occurred during "pageSize" processing. The "ten" value\'s type is invalid. The "int" type was expected. Verify and try again.',
    );
  });

  it("applies input limits when the store enables them", () => {
    const limits = { maxPageSize: 300, defaultPageSize: 20, complexArrayLimit: 20 };
    expect(readSearchCriteria(parseQuery("searchCriteria="), limits).pageSize).toBe(20);
    expect(() => readSearchCriteria(parseQuery("searchCriteria[pageSize]=301"), limits)).toThrow("Maximum SearchCriteria pageSize is %max");
  });

  it("echoes the criteria as asked", () => {
    const criteria = readSearchCriteria(parseQuery(`${f(0, 0, "sku", "x")}&searchCriteria[pageSize]=5&searchCriteria[currentPage]=7`), false);
    expect(echoCriteria(criteria)).toEqual({ filter_groups: [{ filters: [{ field: "sku", value: "x" }] }], page_size: 5, current_page: 7 });
  });

  it("reports unknown fields the way the endpoint does", () => {
    expect(() => ids(f(0, 0, "nope", "1"))).toThrow("unknown nope");
  });
});

describe("the fields filter", () => {
  const body = { items: [{ entity_id: 1, increment_id: "1", extension_attributes: { a: 1, b: 2 } }], total_count: 1, search_criteria: {} };
  it("keeps the named fields, nested and per list item", () => {
    expect(filterResponse(body, "items[entity_id,extension_attributes[b]],total_count")).toEqual({ items: [{ entity_id: 1, extension_attributes: { b: 2 } }], total_count: 1 });
    expect(filterResponse(body, "items")).toEqual({ items: body.items });
  });

  it("turns an unparseable filter into an empty answer and leaves scalars alone", () => {
    expect(parseFields("items[entity_id")).toBeUndefined();
    expect(filterResponse(body, "items[")).toEqual([]);
    expect(filterResponse(12, "items")).toBe(12);
  });
});
