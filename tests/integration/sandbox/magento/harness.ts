// A Magento sandbox on a free port with one instance per test file, and a client that signs
// requests the way the product does (oauth-1.0a, HMAC-SHA256, the URL without its query signed
// with the decoded query parameters as data).
import { createHmac } from "node:crypto";
import OAuth from "oauth-1.0a";
import { type CreateInstanceInput, type MagentoSandbox, startMagentoSandbox } from "@/sandbox/magento/sandbox";
import type { MagentoInstance } from "@/sandbox/magento/instance";

export type Credentials = { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string };

export type CallOptions = {
  query?: Record<string, string | number>;
  body?: unknown;
  /** a raw body sent as is (with the given content type, or none) */
  rawBody?: string;
  contentType?: string | null;
  signatureMethod?: "HMAC-SHA256" | "HMAC-SHA1";
  credentials?: Credentials;
  /** replaces the Authorization header entirely */
  authorization?: string | null;
  /** change the signed request before it is sent (e.g. sign one URL, send another) */
  sendPath?: string;
  sendMethod?: string;
  timestamp?: number;
  nonce?: string;
  /** store code segment: undefined = /rest/V1, "all", "default", ... */
  store?: string;
};

export type CallResult = { status: number; body: any; text: string; headers: Headers };

/** RFC 3986 encoding for query keys and values, as the product sends them. */
export const encode = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function queryString(query: Record<string, string | number> | undefined): string {
  if (!query || !Object.keys(query).length) return "";
  return `?${Object.entries(query)
    .map(([k, v]) => `${encode(k)}=${encode(String(v))}`)
    .join("&")}`;
}

export function oauthHeader(url: string, method: string, query: Record<string, string | number> | undefined, creds: Credentials, options: Pick<CallOptions, "signatureMethod" | "timestamp" | "nonce"> = {}): string {
  const algorithm = options.signatureMethod === "HMAC-SHA1" ? "sha1" : "sha256";
  const oauth = new OAuth({
    consumer: { key: creds.consumerKey, secret: creds.consumerSecret },
    signature_method: options.signatureMethod ?? "HMAC-SHA256",
    hash_function: (base, key) => createHmac(algorithm, key).update(base).digest("base64"),
  });
  if (options.timestamp !== undefined) oauth.getTimeStamp = () => options.timestamp!;
  if (options.nonce !== undefined) oauth.getNonce = () => options.nonce!;
  const data = Object.fromEntries(Object.entries(query ?? {}).map(([k, v]) => [k, String(v)]));
  const auth = oauth.authorize({ url, method, data }, { key: creds.accessToken, secret: creds.accessTokenSecret });
  return oauth.toHeader(auth).Authorization;
}

export class MagentoHarness {
  private constructor(
    readonly url: string,
    readonly sandbox: MagentoSandbox,
    readonly instance: MagentoInstance,
    readonly credentials: Credentials,
    readonly close: () => Promise<void>,
  ) {}

  static async start(input: CreateInstanceInput = {}): Promise<MagentoHarness> {
    const { url, sandbox, close } = await startMagentoSandbox({ admin: true, log: () => {} });
    const instance = sandbox.createInstance({ integrations: [{ name: "test", resources: "all" }], ...input });
    const integration = instance.state.integrations[0]!;
    return new MagentoHarness(url, sandbox, instance, integration, close);
  }

  get baseUrl(): string {
    return `${this.url}/m/${this.instance.id}`;
  }

  restPath(path: string, store?: string): string {
    return `/m/${this.instance.id}/rest${store === undefined ? "" : `/${store}`}${path}`;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const signedPath = this.restPath(path, options.store);
    const headers: Record<string, string> = {};
    const authorization =
      options.authorization === undefined
        ? oauthHeader(`${this.url}${signedPath}`, method, options.query, options.credentials ?? this.credentials, options)
        : options.authorization;
    if (authorization !== null) headers.Authorization = authorization;
    let body: string | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    const contentType = options.contentType === undefined ? (body !== undefined ? "application/json" : null) : options.contentType;
    if (contentType) headers["Content-Type"] = contentType;
    const target = `${this.url}${options.sendPath ?? signedPath}${queryString(options.query)}`;
    // A string body makes fetch add "text/plain"; bytes go out without a Content-Type.
    const payload = body === undefined ? undefined : contentType ? body : new TextEncoder().encode(body);
    const res = await fetch(target, { method: options.sendMethod ?? method, headers, body: payload });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get(path: string, options: CallOptions = {}) {
    return this.call("GET", path, options);
  }

  post(path: string, body: unknown, options: CallOptions = {}) {
    return this.call("POST", path, { ...options, body });
  }

  put(path: string, body: unknown, options: CallOptions = {}) {
    return this.call("PUT", path, { ...options, body });
  }
}

/** searchCriteria query parameters from a compact description. */
export function sc(spec: {
  groups?: { field: string; value?: string; condition?: string }[][];
  sort?: { field: string; direction?: "ASC" | "DESC" }[];
  pageSize?: number;
  currentPage?: number;
}): Record<string, string> {
  const q: Record<string, string> = {};
  spec.groups?.forEach((group, g) =>
    group.forEach((f, i) => {
      const prefix = `searchCriteria[filterGroups][${g}][filters][${i}]`;
      q[`${prefix}[field]`] = f.field;
      if (f.value !== undefined) q[`${prefix}[value]`] = f.value;
      if (f.condition) q[`${prefix}[conditionType]`] = f.condition;
    }),
  );
  spec.sort?.forEach((s, i) => {
    q[`searchCriteria[sortOrders][${i}][field]`] = s.field;
    if (s.direction) q[`searchCriteria[sortOrders][${i}][direction]`] = s.direction;
  });
  if (spec.pageSize !== undefined) q["searchCriteria[pageSize]"] = String(spec.pageSize);
  if (spec.currentPage !== undefined) q["searchCriteria[currentPage]"] = String(spec.currentPage);
  if (!Object.keys(q).length) q.searchCriteria = "";
  return q;
}
