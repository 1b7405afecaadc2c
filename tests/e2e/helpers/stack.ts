// What the end-to-end tests do to the running stack besides clicking: set up sandbox accounts,
// turn the app off, and read the app's database (the test shares it with the app).
import { inject } from "vitest";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";

let counter = 0;
export const accountCode = (prefix = "e2e") => `${prefix}${Date.now().toString(36)}${++counter}`;

async function control(base: string, path: string, body?: unknown) {
  const response = await fetch(`${base}/__sandbox${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  if (!response.ok) throw new Error(`sandbox control ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

export const brightpearl = {
  createAccount: (code: string) => control(inject("brightpearlUrl"), "/accounts", { code }),
  turnAppOff: (code: string) => control(inject("brightpearlUrl"), `/accounts/${code}/app-off`),
  revoke: (code: string) => control(inject("brightpearlUrl"), `/accounts/${code}/revoke`),
  expireTokens: (account: string) => control(inject("brightpearlUrl"), "/tokens/expire", { account }),
  /** how many requests the account made to a route, e.g. "POST /token/:account" */
  requestCount: async (account: string, route: string) => {
    const response = await fetch(`${inject("brightpearlUrl")}/__sandbox/requests?account=${encodeURIComponent(account)}`);
    const counts = (await response.json()) as { byRoute: Record<string, number> };
    return counts.byRoute[route] ?? 0;
  },
};

/** Sends an event to the engine, as the app would. */
export async function sendEvent(name: string, data: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${inject("engineUrl")}/e/e2e`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, data }) });
  if (!response.ok) throw new Error(`engine refused the event: ${response.status}`);
}

export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const tenantByAccount = (code: string) => db().tenant.findUnique({ where: { accountCode: code } });

/** Landing page → account code → Brightpearl's authorize page → the decision. */
export async function connectThroughBrightpearl(page: Page, code: string, decision: "Approve" | "Deny" = "Approve"): Promise<void> {
  await page.goto(inject("appUrl"));
  await page.getByLabel("Brightpearl account code").fill(code);
  await page.getByRole("button", { name: "Connect Brightpearl" }).click();
  await page.waitForURL((url) => url.pathname === `/authorize/${code}`);
  await page.getByRole("button", { name: decision }).click();
}

type Integration = { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string };

export const magento = {
  /** A new Magento store in the sandbox with an all-resources integration. */
  createStore: async (input: Record<string, unknown> = {}) => {
    const response = await fetch(`${inject("magentoUrl")}/__sandbox/instances`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ integrations: [{ name: "connector", resources: "all" }], ...input }),
    });
    if (!response.ok) throw new Error(`magento sandbox: ${response.status} ${await response.text()}`);
    const store = (await response.json()) as { id: string; baseUrl: string; integrations: Integration[] };
    const i = store.integrations[0]!;
    return { id: store.id, baseUrl: store.baseUrl, credentials: { consumerKey: i.consumerKey, consumerSecret: i.consumerSecret, accessToken: i.accessToken, accessTokenSecret: i.accessTokenSecret } };
  },
};

export async function seedBrightpearlProducts(code: string, count: number) {
  const response = await fetch(`${inject("brightpearlUrl")}/__sandbox/accounts/${code}/products`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ count }) });
  if (!response.ok) throw new Error(`brightpearl sandbox: ${response.status} ${await response.text()}`);
}
