// Reading requests: JSON bodies through zod (a refusal names the field), ID-set path parameters,
// and the typed Hono environment the API routes share.
import type { Context } from "hono";
import type { z } from "zod";
import { IdSetError, parseIdSet } from "../lib/id-set";
import type { AccountState } from "../state/types";
import { ApiError, invalidJson, validation } from "./errors";

export type ApiEnv = { Variables: { account: AccountState; installationId: number } };
export type ApiContext = Context<ApiEnv>;

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw invalidJson();
  }
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.length ? issue.path.join(".") : "body";
  throw validation(`${path}: ${issue.message}`);
}

export async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  return parseWith(schema, await readJson(c));
}

/** An ID-set path parameter; `max` is the documented per-request limit. */
export function idSetParam(raw: string, what: string, max?: number): number[] {
  let ids: number[];
  try {
    ids = parseIdSet(raw);
  } catch (e) {
    if (e instanceof IdSetError) throw new ApiError(400, [{ code: "CMNC-020", message: `Invalid ${what} ID set "${raw}": ${e.message}` }]);
    throw e;
  }
  // UNVERIFIED: asking for more than the limit is refused (use OPTIONS for getUris) rather than truncated.
  if (max !== undefined && ids.length > max) {
    throw new ApiError(413, [{ code: "CMNC-021", message: `At most ${max} ${what} ids may be requested at once (${ids.length} given); use OPTIONS to get URIs` }]);
  }
  return ids;
}

export function intParam(raw: string, what: string): number {
  if (!/^\d{1,10}$/.test(raw)) throw new ApiError(400, [{ code: "CMNC-020", message: `Invalid ${what} id "${raw}"` }]);
  return Number(raw);
}

export const account = (c: ApiContext) => c.get("account");
