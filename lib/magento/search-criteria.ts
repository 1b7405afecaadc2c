// Magento searchCriteria as query parameters. Filters inside a group are OR'ed, groups AND'ed.
// Indexes stay within 0-9: Magento versions sort signature parameters differently past 9
// (natural vs byte order), which would make the signature invalid on some stores.

export type ConditionType =
  | "eq" | "neq" | "gt" | "gteq" | "lt" | "lteq" | "moreq" | "like" | "nlike"
  | "in" | "nin" | "finset" | "nfinset" | "from" | "to" | "null" | "notnull";

export type Filter = { field: string; value: string | number; conditionType?: ConditionType };

export type SearchCriteria = {
  /** each inner array is one filter group (OR inside, AND across groups) */
  filterGroups?: Filter[][];
  sortOrders?: { field: string; direction: "ASC" | "DESC" }[];
  /** always set: without it Magento returns every row */
  pageSize: number;
  currentPage?: number;
};

const MAX_INDEX = 10;

export function searchCriteriaQuery(criteria: SearchCriteria): Record<string, string> {
  const q: Record<string, string> = {};
  const groups = criteria.filterGroups ?? [];
  if (groups.length > MAX_INDEX || groups.some((g) => g.length > MAX_INDEX) || (criteria.sortOrders?.length ?? 0) > MAX_INDEX) {
    throw new Error("searchCriteria: at most 10 filter groups, 10 filters per group and 10 sort orders");
  }
  groups.forEach((filters, g) =>
    filters.forEach((f, i) => {
      const prefix = `searchCriteria[filterGroups][${g}][filters][${i}]`;
      q[`${prefix}[field]`] = f.field;
      q[`${prefix}[value]`] = String(f.value);
      q[`${prefix}[conditionType]`] = f.conditionType ?? "eq";
    }),
  );
  criteria.sortOrders?.forEach((s, i) => {
    q[`searchCriteria[sortOrders][${i}][field]`] = s.field;
    q[`searchCriteria[sortOrders][${i}][direction]`] = s.direction;
  });
  q["searchCriteria[pageSize]"] = String(criteria.pageSize);
  q["searchCriteria[currentPage]"] = String(criteria.currentPage ?? 1);
  return q;
}

/** Magento datetimes: UTC, "YYYY-MM-DD HH:MM:SS", no zone. */
export function magentoDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}

export function parseMagentoDateTime(value: string): Date {
  return new Date(`${value.replace(" ", "T")}Z`);
}
