// Small pieces the API route modules share.
import type { Hono } from "hono";
import { chunkIdSets } from "../lib/id-set";
import { metaDataResponse, runSearch, type SearchDefinition } from "../http/search";
import { account, idSetParam, type ApiContext, type ApiEnv } from "../http/request";
import { offsetOf } from "../state/accounts";
import type { AccountState } from "../state/types";

export const ok = (c: ApiContext, response: unknown, status: 200 | 201 | 207 = 200) => c.json({ response }, status);
export const empty = (c: ApiContext) => c.json({});

/** A search endpoint and its /meta-data twin. */
export function searchRoute<T>(app: Hono<ApiEnv>, path: string, definition: (a: AccountState) => SearchDefinition<T>, rows: (a: AccountState) => Iterable<T>): void {
  app.get(`${path}/meta-data`, (c) => c.json(metaDataResponse(definition(account(c)))));
  app.get(path, (c) => {
    const a = account(c);
    return c.json(runSearch(definition(a), rows(a), c.req.query(), offsetOf(a)));
  });
}

/** A reference list: GET /path for all, GET /path/{ID-SET} for some. */
export function listRoute<T>(app: Hono<ApiEnv>, path: string, items: (a: AccountState) => T[], id: (item: T) => number, render: (item: T, a: AccountState) => unknown = (x) => x): void {
  app.get(path, (c) => ok(c, items(account(c)).map((x) => render(x, account(c)))));
  app.get(`${path}/:ids`, (c) => {
    const ids = new Set(idSetParam(c.req.param("ids"), "id"));
    return ok(c, items(account(c)).filter((x) => ids.has(id(x))).map((x) => render(x, account(c))));
  });
}

/** OPTIONS answer: the ids that exist, split into URIs of at most `max` ids each. */
export function getUris(prefix: string, existing: number[], max: number) {
  return { response: { getUris: chunkIdSets(existing, max).map((set) => `${prefix}/${set}`) } };
}
