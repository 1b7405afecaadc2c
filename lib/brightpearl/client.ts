// The Brightpearl API client: one instance per tenant. It adds the required headers, keeps to the
// account's request budget, refreshes the token once on a 401, waits out short throttles, parses
// every answer with zod, and turns every failure into a classified BrightpearlError.
import { z } from "zod";
import { fetchText, type TextExchange } from "@/lib/http/fetch-text";
import { processBudget, type BudgetGate } from "./budget";
import { BrightpearlError, type BrightpearlErrorDetail } from "./errors";

export type TokenSource = {
  /** a usable access token, refreshed ahead of expiry */
  accessToken(): Promise<string>;
  /** after Brightpearl refused `rejected` with a 401: a fresh token (refreshing at most once) */
  refreshAfterRejection(rejected: string): Promise<string>;
};

export type BrightpearlClientOptions = {
  accountCode: string;
  apiDomain: string;
  appRef: string;
  devRef: string;
  tokens: TokenSource;
  fetch?: typeof fetch;
  budget?: BudgetGate;
  timeoutMs?: number;
  /** a throttle wait longer than this is thrown to the caller (a background step retries later) */
  maxThrottleWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
type Query = Record<string, string | number | boolean | undefined>;

const errorsBody = z.object({ errors: z.array(z.object({ code: z.string().optional(), message: z.string().catch("") }).loose()) }).loose();
const stringResponse = z.object({ response: z.string() }).loose();

/** Loopback hosts are the sandbox: plain http. Everything else is https. */
export function apiBaseUrl(apiDomain: string, accountCode: string): string {
  const host = apiDomain.replace(/:\d+$/, "").toLowerCase();
  const scheme = host === "localhost" || host === "127.0.0.1" || host === "[::1]" ? "http" : "https";
  return `${scheme}://${apiDomain}/public-api/${encodeURIComponent(accountCode)}`;
}

// Search filters Brightpearl cannot parse, and bad JSON Patch operations, come back as 500s; they
// are our mistakes, not outages, so they must not be retried.
const OUR_MISTAKE_CODES = new Set(["CMNC-018", "CMNC-044"]);

export class BrightpearlClient {
  readonly accountCode: string;
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly budget: BudgetGate;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: BrightpearlClientOptions) {
    this.accountCode = options.accountCode;
    this.baseUrl = apiBaseUrl(options.apiDomain, options.accountCode);
    this.fetchFn = options.fetch ?? fetch;
    this.budget = options.budget ?? processBudget;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get<T>(path: string, schema: z.ZodType<T>, query?: Query) {
    return this.request("GET", path, { schema, query });
  }
  post<T>(path: string, body: unknown, schema: z.ZodType<T>) {
    return this.request("POST", path, { body, schema });
  }
  put<T>(path: string, body: unknown, schema: z.ZodType<T>) {
    return this.request("PUT", path, { body, schema });
  }
  patch<T>(path: string, body: unknown, schema: z.ZodType<T>) {
    return this.request("PATCH", path, { body, schema });
  }
  delete<T>(path: string, schema: z.ZodType<T>) {
    return this.request("DELETE", path, { schema });
  }

  /**
   * Sends one request and returns the parsed `response` member of Brightpearl's envelope. A 207
   * (some of a multi-id request found) is a success; the caller sees what came back.
   */
  async request<T>(method: Method, path: string, init: { schema: z.ZodType<T>; body?: unknown; query?: Query }): Promise<T> {
    const url = this.url(path, init.query);
    let token = await this.options.tokens.accessToken();
    let refreshed = false;
    let throttleRetries = 0;
    for (;;) {
      await this.budget.beforeRequest(this.accountCode);
      const { response, text } = await this.send(method, url, path, token, init.body);
      this.budget.afterResponse(this.accountCode, response.headers);
      const requestId = response.headers.get("ruid") ?? undefined;
      const context = { status: response.status, method, path, requestId };

      if (response.status === 401 && !refreshed) {
        refreshed = true;
        token = await this.options.tokens.refreshAfterRejection(token);
        continue;
      }
      if (response.status === 503 && this.isThrottle(response.headers, text)) {
        const wait = Number(response.headers.get("brightpearl-next-throttle-period")) || 60_000;
        if (wait <= (this.options.maxThrottleWaitMs ?? 15_000) && throttleRetries < 2) {
          throttleRetries++;
          await this.sleep(wait);
          continue;
        }
        throw new BrightpearlError("throttled", "Brightpearl's request limit for this account is used up for the moment; the connector retries automatically.", { ...context, retryAfterMs: wait });
      }
      if (response.status >= 200 && response.status < 300) return this.parse(text, init.schema, context);
      throw this.failure(text, context);
    }
  }

  private url(path: string, query?: Query): string {
    const url = new URL(`${this.baseUrl}${path.startsWith("/") ? path : `/${path}`}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.toString();
  }

  private async send(method: Method, url: string, path: string, token: string, body: unknown): Promise<TextExchange> {
    try {
      return await fetchText(this.fetchFn, url, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          "brightpearl-app-ref": this.options.appRef,
          "brightpearl-dev-ref": this.options.devRef,
          Accept: "application/json",
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }, this.options.timeoutMs ?? 30_000);
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new BrightpearlError(
        "unavailable",
        timedOut ? "Brightpearl did not answer in time; the connector retries automatically." : "Brightpearl could not be reached; the connector retries automatically.",
        { method, path },
      );
    }
  }

  private isThrottle(headers: Headers, body: string): boolean {
    return headers.get("brightpearl-requests-remaining") === "0" || /too many requests/i.test(body);
  }

  private parse<T>(text: string, schema: z.ZodType<T>, context: { status: number; method: string; path: string; requestId?: string }): T {
    let json: unknown;
    try {
      json = text === "" ? {} : JSON.parse(text);
    } catch {
      throw new BrightpearlError("malformed", "Brightpearl sent an answer the connector could not read.", context);
    }
    const envelope = z.object({ response: z.unknown() }).loose().safeParse(json);
    const payload = envelope.success ? envelope.data.response : json;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join(".") || "(root)";
      throw new BrightpearlError("malformed", `Brightpearl's answer to ${context.method} ${context.path} was not in the documented shape (at ${where}).`, context);
    }
    return parsed.data;
  }

  private failure(text: string, context: { status: number; method: string; path: string; requestId?: string }): BrightpearlError {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const errors: BrightpearlErrorDetail[] | undefined = errorsBody.safeParse(json).data?.errors.map((e) => ({ code: e.code, message: e.message }));
    const detail = errors?.map((e) => (e.code ? `${e.code} ${e.message}` : e.message)).join("; ") ?? stringResponse.safeParse(json).data?.response;
    const { status } = context;
    if (status === 401) {
      return new BrightpearlError("auth", "Brightpearl no longer accepts the connector's authorization. Reconnect Brightpearl in Settings.", { ...context, errors });
    }
    if (status === 404) return new BrightpearlError("not-found", `Brightpearl has no such record${detail ? ` (${detail})` : ""}.`, { ...context, errors });
    if (status >= 400 && status < 500) return new BrightpearlError("invalid", `Brightpearl rejected the request: ${detail ?? `HTTP ${status}`}.`, { ...context, errors });
    if (errors?.some((e) => e.code && OUR_MISTAKE_CODES.has(e.code))) {
      return new BrightpearlError("invalid", `Brightpearl rejected the request: ${detail}.`, { ...context, errors });
    }
    return new BrightpearlError("unavailable", `Brightpearl had a problem answering (HTTP ${status}); the connector retries automatically.`, { ...context, errors });
  }
}
