// Starts a Brightpearl sandbox on a free port for one test file and talks to it over HTTP the way
// the product does: bearer token plus the app and developer reference headers.
import { afterAll } from "vitest";
import { startBrightpearlSandbox, type BrightpearlSandboxOptions, type StartedBrightpearlSandbox } from "@/sandbox/brightpearl/sandbox";

export const APP = { appRef: "test-app", devRef: "test-dev", clientSecret: "test-secret", redirectUris: ["http://127.0.0.1:9/callback"] };

export async function startSandbox(options: BrightpearlSandboxOptions = {}): Promise<StartedBrightpearlSandbox> {
  const started = await startBrightpearlSandbox({ admin: true, app: APP, ...options });
  afterAll(() => started.close());
  return started;
}

export type Api = {
  url: string;
  account: string;
  token: string;
  installationId: number;
  call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; headers: Headers; json: any; text: string }>;
  get: (path: string) => Promise<{ status: number; headers: Headers; json: any; text: string }>;
};

let accountCounter = 0;

/** A fresh account with a token, and a caller bound to it. */
export function newAccount(started: StartedBrightpearlSandbox, options: { code?: string; products?: number; stock?: number } = {}): Api {
  const control = started.sandbox.control;
  const code = options.code ?? `acct${process.pid}x${++accountCounter}`;
  control.createAccount({ code });
  if (options.products) control.seedProducts(code, { count: options.products, ...(options.stock !== undefined ? { stock: options.stock } : {}) });
  const tokens = control.issueTokens(code);
  return apiFor(started.url, code, tokens.accessToken, tokens.installationId);
}

export function apiFor(url: string, account: string, token: string, installationId = 0): Api {
  const call: Api["call"] = async (method, path, body, headers = {}) => {
    const res = await fetch(`${url}/public-api/${account}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "brightpearl-app-ref": APP.appRef,
        "brightpearl-dev-ref": APP.devRef,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
  return { url, account, token, installationId, call, get: (path) => call("GET", path) };
}

/** Zips a search response's positional rows with its column names. */
export function rows(searchJson: any): Record<string, unknown>[] {
  const names: string[] = searchJson.response.metaData.columns.map((c: { name: string }) => c.name);
  return searchJson.response.results.map((r: unknown[]) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
}

/** A customer with an address, through the API. */
export async function createCustomer(api: Api, email = "jane@example.com"): Promise<number> {
  const address = await api.call("POST", "/contact-service/postal-address", { addressLine1: "1 High St", addressLine3: "London", postalCode: "SW1A 1AA", countryIsoCode: "GBR" });
  const contact = await api.call("POST", "/contact-service/contact", {
    firstName: "Jane",
    lastName: "Doe",
    postAddressIds: { DEF: address.json.response },
    communication: { emails: { PRI: { email } } },
  });
  return contact.json.response;
}

export function salesOrder(customerId: number, productIds: number[], extra: Record<string, unknown> = {}) {
  return {
    customer: { id: customerId },
    ref: "100000001",
    placedOn: "2026-01-02T10:00:00Z",
    channelId: 2,
    currency: { code: "GBP" },
    rows: productIds.map((productId, i) => ({ productId, quantity: 2, net: "20.00", tax: "4.00", taxCode: "T", nominalCode: "4000", externalRef: `item-${i + 1}` })),
    ...extra,
  };
}
