// The Magento side of the end-to-end tests: stores made through the Magento sandbox's control API
// (never the app's code), and the merchant's steps on the connection page.
import type { Page } from "playwright-core";
import { inject } from "vitest";

export { closedPortUrl, startHttpsServer, startPlainWebsite } from "../../integration/lib/magento/local-servers";

export type Credentials = { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string };
type Integration = Credentials & { id: number; resources: "all" | string[]; active: boolean; revoked: boolean };
export type SandboxStore = { id: string; baseUrl: string; integration: Integration; credentials: Credentials };

async function control<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${inject("magentoUrl")}/__sandbox${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Magento sandbox control ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<T>;
}

const credentialsOf = (i: Integration): Credentials => ({ consumerKey: i.consumerKey, consumerSecret: i.consumerSecret, accessToken: i.accessToken, accessTokenSecret: i.accessTokenSecret });

export const magentoSandbox = {
  /** A new Magento installation with one integration (all resources unless `integrations` says otherwise). */
  createStore: async (input: { config?: Record<string, unknown>; integrations?: Record<string, unknown>[]; catalogue?: Record<string, unknown> } = {}): Promise<SandboxStore> => {
    const described = await control<{ id: string; baseUrl: string; integrations: Integration[] }>("POST", "/instances", { integrations: [{ name: "Brightpearl connector", resources: "all" }], ...input });
    const integration = described.integrations[0]!;
    return { id: described.id, baseUrl: described.baseUrl, integration, credentials: credentialsOf(integration) };
  },
  /** What the merchant does in System › Extensions › Integrations: deactivate, revoke, change resources, Reauthorize. */
  changeIntegration: async (store: SandboxStore, patch: { active?: boolean; revoked?: boolean; resources?: "all" | string[]; reauthorize?: true }): Promise<Credentials> =>
    credentialsOf(await control<Integration>("PATCH", `/instances/${store.id}/integrations/${store.integration.id}`, patch)),
  addFault: (rule: Record<string, unknown>) => control<{ id: string }>("POST", "/faults", rule),
  removeFault: (id: string) => control<unknown>("DELETE", `/faults/${id}`),
  requestCount: async (store: SandboxStore) => (await control<unknown[]>("GET", `/requests?instance=${encodeURIComponent(store.id)}`)).length,
};

export type ConnectionValues = Partial<Credentials> & { baseUrl: string; storeCode?: string };

/** Types the values into the connection form as a merchant would (empty credentials stay empty). */
export async function fillConnectionForm(page: Page, values: ConnectionValues): Promise<void> {
  await page.getByLabel("Store address").fill(values.baseUrl);
  await page.getByLabel("Store view code").fill(values.storeCode ?? "default");
  await page.getByLabel("Consumer Key", { exact: true }).fill(values.consumerKey ?? "");
  await page.getByLabel("Consumer Secret", { exact: true }).fill(values.consumerSecret ?? "");
  await page.getByLabel("Access Token", { exact: true }).fill(values.accessToken ?? "");
  await page.getByLabel("Access Token Secret", { exact: true }).fill(values.accessTokenSecret ?? "");
}

/** Opens the connection page, pastes a store's credentials and waits until it shows as connected. */
export async function connectMagento(page: Page, store: SandboxStore): Promise<void> {
  await page.goto(`${inject("appUrl")}/onboarding/magento`);
  await fillConnectionForm(page, { baseUrl: store.baseUrl, ...store.credentials });
  await page.getByRole("button", { name: "Check and connect" }).click();
  await page.waitForURL((url) => url.pathname === "/onboarding/magento" && url.searchParams.get("connected") === "1");
}
