// The request pipeline every Magento route goes through, in Magento's order: route match (404),
// store code, ACL with the caller from OAuth/Bearer (400/401), body decoding (400), input
// conversion, the service call, and the `fields` filter on the way out.
import type { Context } from "hono";
import type { MagentoInstance } from "../instance";
import type { StoreView } from "../domain/stores";
import type { Integration } from "../domain/types";
import { authorize, type RequestFacts } from "./authenticate";
import { errors, MagentoError } from "./errors";
import { filterResponse } from "./fields-filter";
import { parseParams, type ParamSpec } from "./input";
import { parseQuery, type QueryTree } from "./php-query";
import { readSearchCriteria, type SearchCriteria } from "./search-criteria";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export type RouteContext = {
  instance: MagentoInstance;
  /** store view from the URL; undefined for /rest/all (the admin store) */
  view: StoreView | undefined;
  /** current store id: 0 for /rest/all, the view's id otherwise */
  storeId: number;
  params: Record<string, string>;
  query: QueryTree;
  body: unknown;
  caller: Integration;
};

export type RouteDef = {
  method: HttpMethod;
  /** Magento's route, e.g. /V1/orders/:id */
  path: string;
  acl: string;
  /** served only when the Inventory (MSI) modules are installed */
  msi?: boolean;
  handler: (ctx: RouteContext) => unknown;
};

export const route = (method: HttpMethod, path: string, acl: string, handler: RouteDef["handler"], options: { msi?: boolean } = {}): RouteDef => ({
  method,
  path,
  acl,
  handler,
  ...options,
});

/** Where the request-target path starts in an absolute URL. */
function rawTarget(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start < 0 ? "/" : url.slice(start);
}

/**
 * The path Hono routes on. Encoded slashes split segments (as Apache/nginx hand them to Magento),
 * root /rest/... belongs to the default instance, and /rest/V1/... gets a "-" store segment so one
 * route pattern (/m/:instance/rest/:store/V1/...) serves every form of the URL.
 */
// UNVERIFIED: whether %2F reaches Magento encoded depends on the web server (Apache without
// AllowEncodedSlashes refuses it); treating it as a slash is the strict reading.
export function routingPath(url: string, defaultInstanceId: string): string {
  let path = rawTarget(url).split("?")[0]!.split("#")[0]!.replace(/%2F/gi, "/");
  if (path === "/rest" || path.startsWith("/rest/")) path = `/m/${defaultInstanceId}${path}`;
  const m = /^\/m\/([^/]+)\/rest\/([^/]+)(\/.*)?$/.exec(path);
  if (m && m[2] === "V1") path = `/m/${m[1]}/rest/-/V1${m[3] ?? ""}`;
  return path;
}

/** The store segment exactly as the client sent it (undefined for /rest/V1/...). */
function storeSegment(url: string): string | undefined {
  const path = rawTarget(url).split("?")[0]!;
  const m = /^(?:\/m\/[^/]+)?\/rest\/([^/]+)\//.exec(path);
  return m && m[1] !== "V1" ? decodeURIComponent(m[1]!) : undefined;
}

function resolveStore(instance: MagentoInstance, url: string): { view: StoreView | undefined; storeId: number } {
  const segment = storeSegment(url);
  if (segment === undefined) return { view: instance.topology.defaultView, storeId: instance.topology.defaultView.id };
  if (segment === "all") return { view: undefined, storeId: 0 };
  const view = instance.topology.byCode.get(segment);
  // Anything else stays part of the route, which then matches nothing.
  if (!view) throw errors.noRoute();
  return { view, storeId: view.id };
}

function requestFacts(c: Context, rawBody: string): RequestFacts {
  const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming;
  const url = new URL(c.req.url);
  const target = incoming?.url ?? `${url.pathname}${url.search}`;
  const q = target.indexOf("?");
  const forwarded = c.req.header("x-forwarded-proto");
  return {
    method: c.req.method,
    scheme: forwarded ? forwarded.split(",")[0]!.trim() : url.protocol.replace(":", ""),
    host: c.req.header("host") ?? url.host,
    rawPath: q < 0 ? target : target.slice(0, q),
    rawQuery: q < 0 ? "" : target.slice(q + 1),
    authorization: c.req.header("authorization"),
    contentType: c.req.header("content-type"),
    rawBody,
  };
}

/** Rest\Request::getContentType and the deserializer factory: only JSON bodies are understood here. */
function decodeBody(facts: RequestFacts): unknown {
  if (!facts.rawBody) return undefined;
  const header = facts.contentType;
  if (!header) throw new MagentoError(400, "Content-Type header is empty.");
  const m = /^([a-z\d/\-+.]+)(?:; *charset=(.+))?$/i.exec(header.trim());
  if (!m) throw new MagentoError(400, "Content-Type header is invalid.");
  if (m[2] !== undefined && m[2].toLowerCase() !== "utf-8") throw new MagentoError(400, "UTF-8 is the only supported charset.");
  const type = m[1]!.toLowerCase();
  if (type !== "application/json") throw new MagentoError(400, "Server cannot understand Content-Type HTTP header media type %1", [type]);
  try {
    return JSON.parse(facts.rawBody);
  } catch {
    throw new MagentoError(400, "Decoding error.");
  }
}

export function errorResponse(c: Context, error: MagentoError, developerMode: boolean): Response {
  return c.body(JSON.stringify(error.body(developerMode)), error.status as 400, { "Content-Type": "application/json; charset=utf-8" });
}

export function toMagentoError(error: unknown, log: (line: string) => void): MagentoError {
  if (error instanceof MagentoError) return error;
  log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return errors.internal();
}

export function runRoute(def: RouteDef, instanceOf: (id: string) => MagentoInstance | undefined, log: (line: string) => void) {
  return async (c: Context): Promise<Response> => {
    const instance = instanceOf(c.req.param("instance") ?? "");
    if (!instance) return c.text("No such sandbox instance.", 404);
    try {
      if (def.msi && !instance.config.msi) throw errors.noRoute();
      const { view, storeId } = resolveStore(instance, c.req.url);
      const rawBody = def.method === "POST" || def.method === "PUT" ? await c.req.text() : "";
      const facts = requestFacts(c, rawBody);
      const caller = authorize(instance, facts, def.acl);
      const body = decodeBody(facts);
      const query = parseQuery(facts.rawQuery);
      const params: Record<string, string> = {};
      for (const [k, v] of Object.entries(c.req.param() as Record<string, string>)) if (k !== "instance" && k !== "store") params[k] = v;
      const result = await def.handler({ instance, view, storeId, params, query, body, caller });
      const fields = typeof query.fields === "string" ? query.fields : undefined;
      return c.body(JSON.stringify(filterResponse(result, fields)), 200, { "Content-Type": "application/json; charset=utf-8" });
    } catch (error) {
      return errorResponse(c, toMagentoError(error, log), instance.config.developerMode);
    }
  };
}

// ---- helpers for handlers ----------------------------------------------------------------------

/** Path parameters typed int in the service signature: numeric strings only. */
export function intParam(ctx: RouteContext, name: string): number {
  const raw = ctx.params[name] ?? "";
  if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(raw)) throw errors.invalidType(raw, "int");
  return Math.trunc(Number(raw));
}

export function body(ctx: RouteContext, params: Record<string, ParamSpec>): Record<string, unknown> {
  return parseParams(ctx.body, params);
}

export function criteria(ctx: RouteContext): SearchCriteria {
  return readSearchCriteria(ctx.query, ctx.instance.config.inputLimits);
}

/** Input limiting's cap on arrays of complex types in one synchronous request. UNVERIFIED: wording. */
export function checkArrayLimit(ctx: RouteContext, items: unknown[], type: string): void {
  const limits = ctx.instance.config.inputLimits;
  if (limits && items.length > limits.complexArrayLimit) {
    throw new MagentoError(400, 'Maximum items of type "%type" is %max', { type, max: String(limits.complexArrayLimit) });
  }
}
