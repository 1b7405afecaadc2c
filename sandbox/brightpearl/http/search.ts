// The search API every *-search endpoint shares: positional result rows described by
// metaData.columns, filters by column name typed by reportDataType, columns= / sort= / pageSize
// (≤ 500) / firstResult paging, and the recorded quirks (firstResult/lastResult absent with zero
// hits; unparseable filters answer 500 CMNC-018).
import { formatInOffset, parseInstant } from "../lib/datetime";
import { IdSetError, parseIdSet } from "../lib/id-set";
import { badSearch } from "./errors";

export type ReportDataType = "INTEGER" | "IDSET" | "STRING" | "SEARCH_STRING" | "BOOLEAN" | "PERIOD" | "STRING_SET";
type Cell = number | string | boolean | null;

export type SearchColumn<T> = {
  name: string;
  type: ReportDataType;
  /** PERIOD columns give epoch milliseconds; they are answered in the account's offset */
  value: (row: T) => Cell;
  sortable?: boolean;
  filterable?: boolean;
  /** the key of the top-level `reference` block that names this column's coded values */
  referenceData?: string;
};

export type SearchDefinition<T> = {
  columns: SearchColumn<T>[];
  /** the column results are sorted by when the request names none */
  defaultSort: string;
  reference?: (rows: T[]) => Record<string, Record<string, string>>;
};

export const MAX_PAGE_SIZE = 500;
const RESERVED = new Set(["columns", "sort", "pageSize", "firstResult", "countOnly", "includeOptional"]);

type Filter<T> = (row: T) => boolean;

function filterFor<T>(col: SearchColumn<T>, raw: string, offsetMinutes: number): Filter<T> {
  const bad = () => badSearch(`Could not parse the value "${raw}" for the search column ${col.name} (${col.type})`);
  switch (col.type) {
    case "IDSET": {
      let ids: Set<number>;
      try {
        ids = new Set(parseIdSet(raw));
      } catch (e) {
        if (e instanceof IdSetError) throw bad();
        throw e;
      }
      return (row) => ids.has(col.value(row) as number);
    }
    case "INTEGER": {
      if (!/^-?\d{1,12}$/.test(raw)) throw bad();
      const n = Number(raw);
      return (row) => col.value(row) === n;
    }
    case "BOOLEAN": {
      if (raw !== "true" && raw !== "false") throw bad();
      const b = raw === "true";
      return (row) => col.value(row) === b;
    }
    case "STRING": {
      // UNVERIFIED: exact match, case-insensitive (a MySQL-style collation).
      const needle = raw.toLowerCase();
      return (row) => {
        const v = col.value(row);
        return typeof v === "string" && v.toLowerCase() === needle;
      };
    }
    case "SEARCH_STRING": {
      // Fuzzy on the real service (one recorded e-mail search returned two contacts); the sandbox
      // matches case-insensitive substrings, so clients must filter exact matches themselves.
      const needle = raw.toLowerCase();
      return (row) => {
        const v = col.value(row);
        return typeof v === "string" && v.toLowerCase().includes(needle);
      };
    }
    case "STRING_SET": {
      const values = new Set(raw.split(",").map((v) => v.toLowerCase()));
      return (row) => {
        const v = col.value(row);
        return typeof v === "string" && values.has(v.toLowerCase());
      };
    }
    case "PERIOD": {
      const [fromRaw, toRaw] = raw.includes("/") ? (raw.split("/", 2) as [string, string]) : [raw, undefined];
      const from = fromRaw ? parseInstant(fromRaw, offsetMinutes) : -Infinity;
      if (from === undefined) throw bad();
      let to: number | undefined;
      if (toRaw === undefined) {
        // A bare date is that whole day; a bare date-time is that instant.
        to = /^\d{4}-\d{2}-\d{2}$/.test(fromRaw) ? from + 86_400_000 - 1 : from;
      } else {
        to = toRaw ? parseInstant(toRaw, offsetMinutes) : Infinity;
        if (to === undefined) throw bad();
        if (/^\d{4}-\d{2}-\d{2}$/.test(toRaw)) to += 86_400_000 - 1;
      }
      const lo = from;
      const hi = to;
      return (row) => {
        const v = col.value(row);
        return typeof v === "number" && v >= lo && v <= hi;
      };
    }
  }
}

function columnMeta<T>(col: SearchColumn<T>) {
  return {
    name: col.name,
    sortable: col.sortable ?? true,
    filterable: col.filterable ?? true,
    reportDataType: col.type,
    referenceData: col.referenceData ? [col.referenceData] : [],
    isFreeTextSearchable: col.type === "SEARCH_STRING",
    required: false,
  };
}

function compare(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

function intParam(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw badSearch(`${name} must be a whole number`);
  const n = Number(raw);
  // UNVERIFIED: pageSize over 500 is refused rather than silently capped.
  if (n < min || n > max) throw badSearch(`${name} must be between ${min} and ${max}`);
  return n;
}

export function metaDataResponse<T>(def: SearchDefinition<T>) {
  const sortCol = def.columns.find((c) => c.name === def.defaultSort)!;
  return { response: { columns: def.columns.map(columnMeta), sorting: [{ filterable: columnMeta(sortCol), direction: "ASC" }] } };
}

export function runSearch<T>(def: SearchDefinition<T>, rows: Iterable<T>, query: Record<string, string>, offsetMinutes: number) {
  const byName = new Map(def.columns.map((c) => [c.name, c]));

  let selected = def.columns;
  if (query.columns !== undefined) {
    selected = query.columns.split(",").map((name) => {
      const col = byName.get(name);
      if (!col) throw badSearch(`Unknown column ${name}`);
      return col;
    });
  }

  const filters: Filter<T>[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (RESERVED.has(name)) continue;
    const col = byName.get(name);
    // UNVERIFIED: parameters that name no column are ignored.
    if (!col || col.filterable === false) continue;
    filters.push(filterFor(col, raw, offsetMinutes));
  }

  const sorts: { col: SearchColumn<T>; dir: 1 | -1 }[] = [];
  for (const part of (query.sort ?? "").split(",").filter(Boolean)) {
    const m = /^([A-Za-z0-9_]+)(?:[.|](ASC|DESC))?$/i.exec(part);
    const col = m ? byName.get(m[1]!) : undefined;
    if (!m || !col || col.sortable === false) throw badSearch(`Cannot sort by ${part}`);
    sorts.push({ col, dir: (m[2] ?? "ASC").toUpperCase() === "DESC" ? -1 : 1 });
  }
  if (sorts.length === 0) sorts.push({ col: byName.get(def.defaultSort)!, dir: 1 });

  const pageSize = intParam(query.pageSize, "pageSize", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const firstResult = intParam(query.firstResult, "firstResult", 1, 1, Number.MAX_SAFE_INTEGER);

  const matched: T[] = [];
  for (const row of rows) if (filters.every((f) => f(row))) matched.push(row);
  matched.sort((a, b) => {
    for (const s of sorts) {
      const d = compare(s.col.value(a), s.col.value(b));
      if (d !== 0) return d * s.dir;
    }
    return 0;
  });

  const sorting = sorts.map((s) => ({ filterable: columnMeta(s.col), direction: s.dir === 1 ? "ASC" : "DESC" }));
  if (query.countOnly === "true") {
    return { response: { results: [], metaData: { resultsAvailable: matched.length, resultsReturned: 0, morePagesAvailable: false, columns: [], sorting } }, reference: {} };
  }

  const page = matched.slice(firstResult - 1, firstResult - 1 + pageSize);
  const render = (col: SearchColumn<T>, row: T) => {
    const v = col.value(row);
    return col.type === "PERIOD" && typeof v === "number" ? formatInOffset(v, offsetMinutes) : v;
  };
  const metaData: Record<string, unknown> = {
    morePagesAvailable: firstResult - 1 + page.length < matched.length,
    resultsAvailable: matched.length,
    resultsReturned: page.length,
  };
  // Recorded: with zero hits firstResult and lastResult are absent.
  if (page.length > 0) {
    metaData.firstResult = firstResult;
    metaData.lastResult = firstResult + page.length - 1;
  }
  metaData.columns = selected.map(columnMeta);
  metaData.sorting = sorting;
  return {
    response: { results: page.map((row) => selected.map((col) => render(col, row))), metaData },
    reference: def.reference ? def.reference(page) : {},
  };
}
