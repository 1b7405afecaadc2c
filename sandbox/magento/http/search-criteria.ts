// searchCriteria as Magento's getList endpoints read and apply it: filters OR'ed within a group and
// groups AND'ed, MySQL-like comparisons (case-insensitive strings, NULL never equal to anything),
// every condition type, sort orders, and the collection paging clamp (a page past the end is the
// last page again; no pageSize means no LIMIT).
import { parseMagentoDate } from "../domain/format";
import type { Scalar } from "../domain/types";
import { errors, MagentoError } from "./errors";
import { listOf, pick, type QueryTree, type QueryValue } from "./php-query";

export type FieldKind = "int" | "decimal" | "string" | "datetime";

export type Filter = { field: string | null; value: string | null; conditionType: string | null };
export type SortOrder = { field: string | null; direction: "ASC" | "DESC" | null };

export type SearchCriteria = {
  groups: Filter[][];
  sortOrders: SortOrder[];
  pageSize: number | null;
  currentPage: number | null;
};

export type InputLimits = { maxPageSize: number; defaultPageSize: number; complexArrayLimit: number } | false;

function asString(value: QueryValue | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value === "string") return value;
  // PHP would hand an array to a string setter; Magento's type processor refuses it.
  throw errors.invalidType("array", "string");
}

function asInt(value: QueryValue | undefined, property: string): number | null {
  if (value === undefined) return null;
  if (typeof value !== "string") throw errors.invalidType("array", "int", [property]);
  const trimmed = value.trim();
  if (trimmed === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) throw errors.invalidType(value, "int", [property]);
  return Math.trunc(Number(trimmed));
}

/** Reads searchCriteria from the query; a list endpoint without it answers 400 ("is required"). */
export function readSearchCriteria(query: QueryTree, limits: InputLimits): SearchCriteria {
  const raw = query.searchCriteria ?? query.search_criteria;
  if (raw === undefined) throw errors.required("searchCriteria");
  const groups: Filter[][] = listOf(pick(raw, "filterGroups")).map((group) =>
    listOf(pick(group, "filters")).map((filter) => ({
      field: asString(pick(filter, "field")),
      value: asString(pick(filter, "value")),
      conditionType: asString(pick(filter, "conditionType")),
    })),
  );
  const sortOrders: SortOrder[] = listOf(pick(raw, "sortOrders")).map((order) => {
    const direction = asString(pick(order, "direction"));
    let normalized: SortOrder["direction"] = null;
    if (direction !== null) {
      const upper = direction.toUpperCase();
      if (upper !== "ASC" && upper !== "DESC") {
        throw new MagentoError(400, "The sort order has to be specified as %1 for ascending order or %2 for descending order.", ["ASC", "DESC"]);
      }
      normalized = upper;
    }
    return { field: asString(pick(order, "field")), direction: normalized };
  });
  let pageSize = asInt(pick(raw, "pageSize"), "pageSize");
  const currentPage = asInt(pick(raw, "currentPage"), "currentPage");
  if (limits) {
    if (pageSize === null) pageSize = limits.defaultPageSize;
    if (pageSize > limits.maxPageSize) throw new MagentoError(400, "Maximum SearchCriteria pageSize is %max", { max: String(limits.maxPageSize) });
  }
  return { groups, sortOrders, pageSize, currentPage };
}

/** The `search_criteria` object a search result echoes: what was asked, not what was applied. */
export function echoCriteria(c: SearchCriteria): Record<string, unknown> {
  const out: Record<string, unknown> = {
    filter_groups: c.groups.map((filters) => ({
      filters: filters.map((f) => ({ field: f.field, value: f.value, ...(f.conditionType !== null ? { condition_type: f.conditionType } : {}) })),
    })),
  };
  if (c.sortOrders.length) out.sort_orders = c.sortOrders.map((s) => ({ field: s.field, direction: s.direction }));
  if (c.pageSize !== null) out.page_size = c.pageSize;
  if (c.currentPage !== null) out.current_page = c.currentPage;
  return out;
}

export type FieldAccess<T> = {
  /**
   * The column's value for a row; `undefined` means the column does not exist. A list stands for a
   * membership filter (categories, websites): positive conditions need one member to match,
   * negative ones need all members to.
   */
  get: (row: T, field: string) => Scalar | Scalar[] | undefined;
  kind: (field: string) => FieldKind | undefined;
  /** what the endpoint answers for a filter or sort on a column it does not have */
  unknownField: (field: string) => MagentoError;
};

function toNumber(value: string): number {
  const n = parseFloat(value);
  return Number.isNaN(n) ? 0 : n;
}

function comparable(value: Scalar, kind: FieldKind): number | string | null {
  if (value === null) return null;
  if (kind === "int" || kind === "decimal") return typeof value === "number" ? value : toNumber(value);
  // UNVERIFIED for Magento filters: MySQL converts a DATETIME literal written with "T" or without a
  // time, so those compare as dates; anything else compares as text.
  if (kind === "datetime") {
    const ms = parseMagentoDate(String(value));
    return ms ?? String(value).toLowerCase();
  }
  return String(value).toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\" && i + 1 < pattern.length) out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (ch === "%") out += "[\\s\\S]*";
    else if (ch === "_") out += "[\\s\\S]";
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, "i");
}

const NEGATIVE = new Set(["neq", "nin", "nlike", "nfinset"]);

function matches(column: Scalar | Scalar[], kind: FieldKind, filter: Filter): boolean {
  if (Array.isArray(column)) {
    const condition = (filter.conditionType ?? "eq").toLowerCase();
    if (condition === "null") return column.length === 0;
    if (condition === "notnull") return column.length > 0;
    return NEGATIVE.has(condition) ? column.every((m) => matchesOne(m, kind, filter)) : column.some((m) => matchesOne(m, kind, filter));
  }
  return matchesOne(column, kind, filter);
}

function matchesOne(column: Scalar, kind: FieldKind, filter: Filter): boolean {
  const condition = (filter.conditionType ?? "eq").toLowerCase();
  if (condition === "null") return column === null;
  if (condition === "notnull") return column !== null;
  if (column === null) return false;
  const value = filter.value ?? "";
  const left = comparable(column, kind)!;
  const right = () => comparable(value, kind) ?? "";
  switch (condition) {
    case "neq":
      return compare(left, right()) !== 0;
    case "gt":
      return compare(left, right()) > 0;
    case "gteq":
    case "moreq":
    case "from":
      return compare(left, right()) >= 0;
    case "lt":
      return compare(left, right()) < 0;
    case "lteq":
    case "to":
      return compare(left, right()) <= 0;
    case "like":
      return likeToRegExp(value).test(String(column));
    case "nlike":
      return !likeToRegExp(value).test(String(column));
    case "in":
      return value.split(",").some((v) => compare(left, comparable(v, kind) ?? "") === 0);
    case "nin":
      return !value.split(",").some((v) => compare(left, comparable(v, kind) ?? "") === 0);
    case "finset":
      return String(column).toLowerCase().split(",").includes(value.toLowerCase());
    case "nfinset":
      return !String(column).toLowerCase().split(",").includes(value.toLowerCase());
    default:
      // Unknown condition keys fall through Magento's SQL builder as a plain equality.
      return compare(left, right()) === 0;
  }
}

export type SearchOutcome<T> = { items: T[]; total: number };

export function applySearch<T>(rows: T[], criteria: SearchCriteria, access: FieldAccess<T>): SearchOutcome<T> {
  const checkField = (field: string | null): FieldKind => {
    const kind = field === null ? undefined : access.kind(field);
    if (!kind) throw access.unknownField(field ?? "");
    return kind;
  };
  const groups = criteria.groups
    .map((filters) => filters.filter((f) => f.field !== null).map((f) => ({ filter: f, kind: checkField(f.field) })))
    .filter((g) => g.length > 0);
  const sorts = criteria.sortOrders.filter((s) => s.field !== null).map((s) => ({ sort: s, kind: checkField(s.field) }));

  let selected = rows.filter((row) => groups.every((group) => group.some(({ filter, kind }) => matches(access.get(row, filter.field!) ?? null, kind, filter))));

  if (sorts.length) {
    selected = selected
      .map((row, index) => ({ row, index }))
      .sort((a, b) => {
        for (const { sort, kind } of sorts) {
          const first = (v: Scalar | Scalar[] | undefined) => (Array.isArray(v) ? (v[0] ?? null) : (v ?? null));
          const va = comparable(first(access.get(a.row, sort.field!)), kind);
          const vb = comparable(first(access.get(b.row, sort.field!)), kind);
          // MySQL puts NULL first ascending, last descending.
          const order = va === null && vb === null ? 0 : va === null ? -1 : vb === null ? 1 : compare(va, vb);
          if (order !== 0) return sort.direction === "DESC" ? -order : order;
        }
        return a.index - b.index;
      })
      .map((x) => x.row);
  }

  const total = selected.length;
  const size = criteria.pageSize;
  if (!size) return { items: selected, total };
  const lastPage = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(criteria.currentPage ?? 1, 1), lastPage);
  return { items: selected.slice((page - 1) * size, page * size), total };
}

/** A search endpoint's answer: `{items, search_criteria, total_count}`. */
export function searchResult<T, O>(outcome: SearchOutcome<T>, criteria: SearchCriteria, render: (row: T) => O) {
  return { items: outcome.items.map(render), search_criteria: echoCriteria(criteria), total_count: outcome.total };
}
