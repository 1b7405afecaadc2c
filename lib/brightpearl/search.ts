// Brightpearl's search resources answer with positional rows and a column list; these helpers zip
// them into objects and walk the pages (firstResult is 1-based; at most 500 rows a page).
import { z } from "zod";
import type { BrightpearlClient } from "./client";

const searchResponse = z.object({
  results: z.array(z.array(z.unknown())),
  metaData: z
    .object({
      morePagesAvailable: z.boolean(),
      resultsAvailable: z.number().optional(),
      resultsReturned: z.number(),
      // absent when nothing matched
      firstResult: z.number().optional(),
      lastResult: z.number().optional(),
      columns: z.array(z.object({ name: z.string() }).loose()),
    })
    .loose(),
});

export const MAX_PAGE_SIZE = 500;

export type SearchPage<Row> = { rows: Row[]; morePagesAvailable: boolean; lastResult?: number; resultsAvailable?: number };

export type SearchFilters = Record<string, string | number | boolean | undefined>;

/** One page of a search, each row validated by `row` after zipping it with the column names. */
export async function searchPage<Row>(
  client: BrightpearlClient,
  path: string,
  row: z.ZodType<Row>,
  filters: SearchFilters = {},
  page: { firstResult?: number; pageSize?: number } = {},
): Promise<SearchPage<Row>> {
  const result = await client.get(path, searchResponse, {
    ...filters,
    pageSize: page.pageSize ?? MAX_PAGE_SIZE,
    firstResult: page.firstResult ?? 1,
  });
  const names = result.metaData.columns.map((c) => c.name);
  const rows = result.results.map((values, i) => {
    const parsed = row.safeParse(Object.fromEntries(names.map((n, j) => [n, values[j]])));
    if (!parsed.success) throw new Error(`search ${path}: row ${i + 1} did not match: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
  return {
    rows,
    morePagesAvailable: result.metaData.morePagesAvailable,
    lastResult: result.metaData.lastResult,
    resultsAvailable: result.metaData.resultsAvailable,
  };
}

/** Every row of a search, page after page. */
export async function* searchAll<Row>(
  client: BrightpearlClient,
  path: string,
  row: z.ZodType<Row>,
  filters: SearchFilters = {},
  pageSize = MAX_PAGE_SIZE,
): AsyncGenerator<Row> {
  let firstResult = 1;
  for (;;) {
    const page = await searchPage(client, path, row, filters, { firstResult, pageSize });
    yield* page.rows;
    // A page that is not full ends the search even if morePagesAvailable claims otherwise
    // (seen on some search resources).
    if (!page.morePagesAvailable || page.rows.length < pageSize || page.lastResult === undefined) return;
    firstResult = page.lastResult + 1;
  }
}
