// The Magento 2 REST client: one instance per tenant's store. It signs every request (OAuth 1.0a,
// HMAC-SHA256), addresses the store view (or the global scope for catalogue writes), parses every
// answer with zod and turns every failure into a classified MagentoError.
import { z } from "zod";
import { fetchText } from "@/lib/http/fetch-text";
import { authReason, MagentoError, renderMagentoMessage, type MagentoErrorReason } from "./errors";
import { searchCriteriaQuery, type SearchCriteria } from "./search-criteria";
import { encodeQuery, oauthHeader, type MagentoCredentials, type Query, type SignatureMethod } from "./signer";

export type MagentoClientOptions = {
  baseUrl: string;
  storeCode: string;
  credentials: MagentoCredentials;
  fetch?: typeof fetch;
  timeoutMs?: number;
  signatureMethod?: SignatureMethod;
};

type Method = "GET" | "POST" | "PUT" | "DELETE";
type RequestParts<T> = { schema: z.ZodType<T>; query?: Query; body?: unknown; scope?: Scope };

const READ_RETRY_DELAY_MS = 250;

/**
 * "store": the configured store view (reads; order lists are not scoped by it anyway).
 * "all": the global scope — catalogue writes must go here, or they become store-view overrides.
 */
export type Scope = "store" | "all";

const errorBody = z.object({ message: z.string(), parameters: z.unknown().optional() }).loose();

const searchResult = <T>(item: z.ZodType<T>) => z.object({ items: z.array(item), total_count: z.number().int() }).loose();

const TLS_PROBLEMS: [RegExp, string][] = [
  [/CERT_HAS_EXPIRED/, "the certificate has expired"],
  [/ALTNAME|HOSTNAME/, "the certificate is issued for another name"],
  [/SELF_SIGNED/, "the certificate is self-signed"],
  [/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/, "the certificate's chain is incomplete (an intermediate certificate is missing)"],
  [/CERT_NOT_YET_VALID/, "the certificate is not valid yet"],
  [/EPROTO|wrong version number/i, "the server does not speak HTTPS on this port"],
];

/** What went wrong below HTTP, from the cause fetch (or publicOnlyFetch) attaches to its error. */
function networkFailure(error: unknown): { reason: MagentoErrorReason; message: string; detail?: string } {
  const cause = (error as { cause?: { code?: string; message?: string; address?: string } })?.cause;
  const code = cause?.code ?? "";
  const text = `${code} ${cause?.message ?? ""}`;
  if (code === "ERR_BLOCKED_ADDRESS") return { reason: "blocked-address", message: "Magento's address is not on the public internet.", detail: cause?.address };
  if (/ENOTFOUND|EAI_AGAIN/.test(code)) return { reason: "dns", message: "Magento's host name does not exist." };
  if (/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT/.test(code)) return { reason: "timeout", message: "Magento did not answer in time." };
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME|EPROTO/i.test(code) || /certificate|ssl|tls/i.test(cause?.message ?? "")) {
    const detail = TLS_PROBLEMS.find(([pattern]) => pattern.test(text))?.[1];
    return { reason: "tls", message: `Magento's HTTPS certificate could not be verified${detail ? ` (${detail})` : ""}.`, detail };
  }
  return { reason: "connection-refused", message: "Magento could not be reached." };
}

export class MagentoClient {
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: MagentoClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
  }

  url(path: string, scope: Scope = "store"): string {
    const store = scope === "all" ? "all" : this.options.storeCode;
    return `${this.options.baseUrl.replace(/\/+$/, "")}/rest/${encodeURIComponent(store)}${path}`;
  }

  get<T>(path: string, schema: z.ZodType<T>, query: Query = {}) {
    return this.request("GET", path, { schema, query });
  }
  post<T>(path: string, body: unknown, schema: z.ZodType<T>, scope: Scope = "store") {
    return this.request("POST", path, { schema, body, scope });
  }
  put<T>(path: string, body: unknown, schema: z.ZodType<T>, scope: Scope = "store") {
    return this.request("PUT", path, { schema, body, scope });
  }

  /** One page of a getList-style search. */
  async search<T>(path: string, criteria: SearchCriteria, item: z.ZodType<T>): Promise<{ items: T[]; totalCount: number }> {
    const page = await this.get(path, searchResult(item), searchCriteriaQuery(criteria));
    return { items: page.items, totalCount: page.total_count };
  }

  /**
   * Every match, page by page. Magento answers a page past the end with the last page again, so
   * paging stops on total_count or a short page, never on an empty one.
   */
  async *searchAll<T>(path: string, criteria: Omit<SearchCriteria, "currentPage">, item: z.ZodType<T>): AsyncGenerator<T> {
    for (let page = 1; ; page++) {
      const { items, totalCount } = await this.search(path, { ...criteria, currentPage: page }, item);
      yield* items;
      if (items.length < criteria.pageSize || page * criteria.pageSize >= totalCount) return;
    }
  }

  /**
   * A read that meets a passing server error (any 5xx but 503) is asked once more a moment later:
   * it changes nothing, and a look over many pages (the orders poll) would otherwise fail whole for
   * one bad page. Writes, throttling (429, 503) and timeouts are left to the caller's retries and
   * their backoff.
   */
  async request<T>(method: Method, path: string, init: RequestParts<T>): Promise<T> {
    try {
      return await this.send(method, path, init);
    } catch (error) {
      if (method !== "GET" || !(error instanceof MagentoError) || error.reason !== "server-error") throw error;
      await new Promise((resolve) => setTimeout(resolve, READ_RETRY_DELAY_MS));
      return this.send(method, path, init);
    }
  }

  private async send<T>(method: Method, path: string, init: RequestParts<T>): Promise<T> {
    const base = this.url(path, init.scope);
    const query = init.query ?? {};
    const qs = encodeQuery(query);
    const headers: Record<string, string> = {
      Authorization: oauthHeader(this.options.credentials, { method, url: base, query }, this.options.signatureMethod),
      Accept: "application/json",
    };
    if (init.body !== undefined) headers["Content-Type"] = "application/json";
    const context = { method, path };
    let response: Response;
    let text: string;
    try {
      ({ response, text } = await fetchText(
        this.fetchFn,
        qs ? `${base}?${qs}` : base,
        { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), redirect: "manual" },
        this.options.timeoutMs ?? 30_000,
      ));
    } catch (error) {
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        throw new MagentoError("timeout", "timeout", "Magento did not answer in time.", context);
      }
      const failure = networkFailure(error);
      throw new MagentoError(failure.reason === "timeout" ? "timeout" : "unreachable", failure.reason, failure.message, { ...context, detail: failure.detail });
    }
    if (response.status >= 300 && response.status < 400) {
      // Never followed: a redirect would re-send the signed request somewhere the merchant did not name.
      const location = response.headers.get("location") ?? undefined;
      throw new MagentoError("malformed", "redirect", `The address redirects${location ? ` to ${location}` : ""} instead of answering.`, { ...context, status: response.status, location });
    }
    let json: unknown;
    let isJson = true;
    try {
      json = text === "" ? null : JSON.parse(text);
    } catch {
      isJson = false;
    }
    const status = response.status;
    if (status >= 200 && status < 300) {
      if (!isJson) throw new MagentoError("malformed", "not-magento", "The address answered, but not like a Magento REST API.", { ...context, status });
      const parsed = init.schema.safeParse(json);
      if (!parsed.success) {
        const where = parsed.error.issues[0]?.path.join(".") || "(root)";
        throw new MagentoError("malformed", "malformed", `Magento's answer to ${method} ${path} was not in the expected shape (at ${where}).`, { ...context, status });
      }
      return parsed.data;
    }
    throw this.failure(status, isJson ? json : undefined, context);
  }

  private failure(status: number, json: unknown, context: { method: string; path: string }): MagentoError {
    const body = errorBody.safeParse(json);
    if (!body.success) {
      // HTML error pages, redirects and proxies: not Magento's REST layer speaking.
      if (status === 429 || status === 503) return new MagentoError("unavailable", "throttled", `Magento (or a proxy in front of it) is limiting requests (HTTP ${status}).`, { ...context, status });
      if (status >= 500) return new MagentoError("unavailable", "server-error", `Magento had a problem answering (HTTP ${status}).`, { ...context, status });
      return new MagentoError("malformed", "not-magento", `The address answered HTTP ${status}, but not like a Magento REST API.`, { ...context, status });
    }
    const { message: template, parameters } = body.data;
    const message = renderMagentoMessage(template, parameters);
    const detail = { ...context, status, parameters, magentoMessage: message };
    const auth = authReason(status, template);
    if (auth) return new MagentoError("auth", auth, message, detail);
    if (status === 404) {
      const reason = /does not match any route/i.test(template) ? "no-route" : "not-found";
      return new MagentoError("not-found", reason, message, detail);
    }
    if (status === 429 || status === 503) return new MagentoError("unavailable", "throttled", message, detail);
    if (status >= 500) return new MagentoError("unavailable", "server-error", message, detail);
    return new MagentoError("invalid", "invalid", message, detail);
  }
}
