import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { launchBrowser, type TestBrowser } from "../helpers/browser";
import {
  closedPortUrl,
  connectMagento,
  fillConnectionForm,
  magentoSandbox,
  startHttpsServer,
  type ConnectionValues,
  type Credentials,
  type SandboxStore,
} from "./helpers/magento";
import { accountCode, brightpearl, connectThroughBrightpearl, tenantByAccount, waitUntil } from "./helpers/stack";

let browser: TestBrowser;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
  await browser?.close();
  await db().$disconnect();
});

const appUrl = (p: string) => `${inject("appUrl")}${p}`;
const random32 = () => randomBytes(16).toString("hex");

type Merchant = { page: Page; context: BrowserContext; code: string; tenantId: string };

/** A new Brightpearl account, installed and signed in through the Brightpearl sandbox. */
async function signedInMerchant(prefix: string): Promise<Merchant> {
  const code = accountCode(prefix);
  await brightpearl.createAccount(code);
  const context = await browser.newContext();
  const page = await context.newPage();
  await connectThroughBrightpearl(page, code);
  await page.waitForURL(appUrl("/onboarding"));
  const tenant = (await tenantByAccount(code))!;
  return { page, context, code, tenantId: tenant.id };
}

const connectionRow = (tenantId: string) => db().magentoConnection.findUnique({ where: { tenantId } });

/** Every secret must be absent from what the app sends the browser: the DOM and the raw HTML. */
async function expectNoSecrets(merchant: Merchant, credentials: Credentials): Promise<void> {
  const dom = await merchant.page.content();
  const html = await (await merchant.context.request.get(merchant.page.url())).text();
  for (const [name, secret] of Object.entries(credentials)) {
    expect(dom.includes(secret), `${name} in the page`).toBe(false);
    expect(html.includes(secret), `${name} in the HTML`).toBe(false);
  }
}

async function expectHints(page: Page, credentials: Credentials): Promise<void> {
  for (const [field, value] of Object.entries(credentials)) {
    await expect(page.getByTestId(`hint-${field}`).textContent()).resolves.toBe(`…${value.slice(-4)}`);
  }
}

async function submit(page: Page, values: ConnectionValues, button = "Check and connect"): Promise<void> {
  await fillConnectionForm(page, values);
  await page.getByRole("button", { name: button }).click();
}

/** The message the form shows for a field, or in its alert for problems of no single field. */
async function messageFor(page: Page, where: string): Promise<string> {
  const locator = page.getByTestId(where === "alert" ? "connect-alert" : `${where}-error`);
  await locator.waitFor({ timeout: 30_000 });
  return (await locator.textContent()) ?? "";
}

describe("connecting Magento", () => {
  it("pastes the credentials → connected; afterwards the browser only ever sees their last four characters", async () => {
    const merchant = await signedInMerchant("mgok");
    const store = await magentoSandbox.createStore();
    const { page } = merchant;
    await page.getByRole("link", { name: "Connect Magento" }).click();
    await page.waitForURL(appUrl("/onboarding/magento"));
    await expect(page.getByText("System › Extensions › Integrations").isVisible()).resolves.toBe(true);
    await expect(page.getByTestId("resource-list").textContent()).resolves.toContain("Magento_Sales::actions_view");
    await expect(page.getByLabel("Consumer Secret", { exact: true }).getAttribute("type")).resolves.toBe("password");
    await expect(page.getByText("Magento not connected").isVisible()).resolves.toBe(true);

    await submit(page, { baseUrl: store.baseUrl, ...store.credentials });
    await page.waitForURL((url) => url.searchParams.get("connected") === "1");
    await expect(page.getByText("Magento connected", { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByTestId("saved-base-url").textContent()).resolves.toBe(store.baseUrl);
    await expect(page.getByTestId("saved-store-code").textContent()).resolves.toBe("default");
    await expectHints(page, store.credentials);
    await expect(page.getByTestId("verified-at").textContent()).resolves.toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await expect(page.getByTestId("live-check").textContent()).resolves.toContain("Magento answered just now");
    await expectNoSecrets(merchant, store.credentials);

    const row = (await connectionRow(merchant.tenantId))!;
    expect(row.verifiedAt).not.toBeNull();
    for (const secret of Object.values(store.credentials)) expect(JSON.stringify(row)).not.toContain(secret);

    const engine = inject("engineUrl");
    await waitUntil("the magento/connection.verified event", async () => {
      const events = (await (await fetch(`${engine}/v1/events?name=magento/connection.verified`)).json()) as { data: { data: { tenantId?: string } }[] };
      return events.data.some((e) => e.data.tenantId === merchant.tenantId);
    });
    await page.goto(appUrl("/onboarding"));
    await expect(page.getByRole("heading", { name: "Connect Magento (done)" }).isVisible()).resolves.toBe(true);
    await merchant.context.close();
  });

  it("fills all four fields from one paste of the integration's details", async () => {
    const merchant = await signedInMerchant("mgpaste");
    const store = await magentoSandbox.createStore();
    const { page } = merchant;
    await page.goto(appUrl("/onboarding/magento"));
    await page.getByLabel("Store address").fill(store.baseUrl);
    const c = store.credentials;
    const copied = `Consumer Key\t${c.consumerKey}\nConsumer Secret\t${c.consumerSecret}\nAccess Token\t${c.accessToken}\nAccess Token Secret\t${c.accessTokenSecret}`;
    await page.getByLabel("Consumer Key", { exact: true }).focus();
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData("text/plain", text);
      document.activeElement!.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }, copied);
    await expect(page.getByLabel("Access Token Secret", { exact: true }).inputValue()).resolves.toBe(c.accessTokenSecret);
    await page.getByRole("button", { name: "Check and connect" }).click();
    await page.waitForURL((url) => url.searchParams.get("connected") === "1");
    await expectHints(page, c);
    await merchant.context.close();
  });

  it("lists the resources that only flows still switched off need", async () => {
    const merchant = await signedInMerchant("mgoptional");
    const all = ["Magento_Backend::store", "Magento_Sales::actions_view", "Magento_Sales::comment", "Magento_Catalog::products", "Magento_Customer::customer"];
    const store = await magentoSandbox.createStore({ integrations: [{ resources: all }], config: { msi: false } });
    await connectMagento(merchant.page, store);
    const missing = (await merchant.page.getByTestId("missing-optional").textContent()) ?? "";
    expect(missing).toContain("Sales › Operations › Orders › Actions › Ship (Magento_Sales::ship) to create shipments with tracking — for Shipments and statuses");
    expect(missing).toContain("Magento_Catalog::catalog");
    expect(missing).not.toContain("Magento_Sales::actions_view");
    // MSI is not installed, so its resources are not asked for
    expect(missing).not.toContain("Magento_InventoryApi::source");
    await expect(merchant.page.getByTestId("live-check").textContent()).resolves.toContain("single source (no Multi-Source Inventory)");
    await merchant.context.close();
  });

  it("replaces credentials only once the new ones verify, reusing saved ones left empty; Check again re-verifies", async () => {
    const merchant = await signedInMerchant("mgreplace");
    const { page } = merchant;
    const store = await magentoSandbox.createStore();
    await connectMagento(page, store);
    const firstVerified = (await connectionRow(merchant.tenantId))!.verifiedAt!;

    // Reauthorize in Magento: the saved token stops working and the page says so.
    const fresh = await magentoSandbox.changeIntegration(store, { reauthorize: true });
    await page.goto(appUrl("/onboarding/magento"));
    await expect(page.getByTestId("live-check").textContent()).resolves.toContain("does not know this Access Token");

    await page.getByRole("link", { name: "Replace credentials" }).click();
    await page.waitForURL(appUrl("/onboarding/magento?replace=1"));
    await expect(page.getByLabel("Store address").inputValue()).resolves.toBe(store.baseUrl);
    await expect(page.getByLabel("Consumer Key", { exact: true }).getAttribute("placeholder")).resolves.toBe(`Leave empty to keep …${store.credentials.consumerKey.slice(-4)}`);
    await submit(page, { baseUrl: store.baseUrl, accessToken: fresh.accessToken, accessTokenSecret: random32() }, "Check and replace");
    expect(await messageFor(page, "consumerSecret")).toContain("Copy both secrets again");
    await expectHints(page, store.credentials);
    expect((await connectionRow(merchant.tenantId))!.verifiedAt).toEqual(firstVerified);

    await page.getByLabel("Access Token Secret", { exact: true }).fill(fresh.accessTokenSecret);
    await page.getByRole("button", { name: "Check and replace" }).click();
    await page.waitForURL((url) => url.searchParams.get("connected") === "1");
    await expectHints(page, fresh);
    await expect(page.getByTestId("live-check").textContent()).resolves.toContain("Magento answered just now");
    await expectNoSecrets(merchant, fresh);
    const replacedAt = (await connectionRow(merchant.tenantId))!.verifiedAt!;
    expect(replacedAt.getTime()).toBeGreaterThan(firstVerified.getTime());

    // Check again while it works: the time moves on. After a revoke: the problem, time unchanged.
    await new Promise((r) => setTimeout(r, 50));
    await page.getByRole("button", { name: "Check again" }).click();
    await waitUntil("a newer verification time", async () => (await connectionRow(merchant.tenantId))!.verifiedAt!.getTime() > replacedAt.getTime());
    const checkedAt = (await connectionRow(merchant.tenantId))!.verifiedAt!;
    await magentoSandbox.changeIntegration(store, { revoked: true });
    await page.getByRole("button", { name: "Check again" }).click();
    await page.getByText("This Access Token has been revoked in Magento").waitFor();
    expect((await connectionRow(merchant.tenantId))!.verifiedAt).toEqual(checkedAt);
    await merchant.context.close();
  });

  it("gives one message per field for input that cannot be right, and keeps what was typed without echoing secrets", async () => {
    const merchant = await signedInMerchant("mgform");
    const { page } = merchant;
    await page.goto(appUrl("/onboarding/magento"));
    const typed = { baseUrl: "http://shop.example.com", storeCode: "9lives", consumerKey: "abc", consumerSecret: random32(), accessToken: random32().toUpperCase(), accessTokenSecret: "" };
    // read the server action's answer on its way to the page
    const answers: string[] = [];
    await page.route("**/onboarding/magento", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const response = await route.fetch();
      answers.push(await response.text());
      await route.fulfill({ response });
    });
    await submit(page, typed);
    expect(await messageFor(page, "baseUrl")).toBe("Use https:// — the connector sends your credentials only over an encrypted connection.");
    expect(await messageFor(page, "storeCode")).toContain("starts with a letter");
    expect(await messageFor(page, "consumerKey")).toBe("The Consumer Key is 32 characters long; this is 3. Copy it again from the integration's details.");
    expect(await messageFor(page, "accessToken")).toContain("only lower-case letters and digits");
    expect(await messageFor(page, "accessTokenSecret")).toBe("Paste the Access Token Secret from the integration's details.");
    await expect(page.getByTestId("consumerSecret-error").count()).resolves.toBe(0);
    await expect(page.getByLabel("Consumer Secret", { exact: true }).inputValue()).resolves.toBe(typed.consumerSecret);
    await expect(page.getByLabel("Store address").inputValue()).resolves.toBe(typed.baseUrl);
    // the action's answer carries the messages and the address, never a secret
    expect(answers).toHaveLength(1);
    const body = answers[0]!;
    expect(body).toContain("Use https://");
    expect(body).toContain(typed.baseUrl);
    expect(body).not.toContain(typed.consumerSecret);
    expect(body).not.toContain(typed.accessToken);
    expect(await connectionRow(merchant.tenantId)).toBeNull();
    await merchant.context.close();
  });
});

describe("each way a connection can fail has its own message, and nothing is saved", () => {
  let merchant: Merchant;
  beforeAll(async () => {
    merchant = await signedInMerchant("mgfail");
  });
  afterAll(async () => {
    expect(await connectionRow(merchant.tenantId)).toBeNull();
    await merchant.context.close();
  });

  async function attempt(values: ConnectionValues, where: string): Promise<string> {
    await merchant.page.goto(appUrl("/onboarding/magento"));
    await submit(merchant.page, values);
    return messageFor(merchant.page, where);
  }

  it("unreachable host", async () => {
    const store = await magentoSandbox.createStore();
    const url = await closedPortUrl();
    expect(await attempt({ ...store.credentials, baseUrl: url }, "baseUrl")).toMatch(/^Nothing answered at localhost:\d+\. Check the store address/);
  });

  it("TLS problem", async () => {
    const server = await startHttpsServer((_req, res) => res.end("{}"));
    cleanups.push(server.close);
    const store = await magentoSandbox.createStore();
    expect(await attempt({ ...store.credentials, baseUrl: server.url }, "baseUrl")).toBe(
      `localhost:${server.port} answered, but its HTTPS certificate could not be trusted: the certificate is self-signed. Ask your host to fix the certificate, or use the address the certificate is issued for.`,
    );
  });

  it("not a Magento store", async () => {
    const store = await magentoSandbox.createStore();
    const bp = new URL(inject("brightpearlUrl"));
    expect(await attempt({ ...store.credentials, baseUrl: bp.origin }, "baseUrl")).toBe(
      `${bp.host} answered, but not like a Magento 2 store's REST API. Use the store's base address (e.g. https://shop.example.com), without /admin or /rest.`,
    );
  });

  it("wrong store code, listing the real ones", async () => {
    const store = await magentoSandbox.createStore({ config: { storeViews: [{ code: "uk", name: "UK Store" }, { code: "ie", name: "Ireland" }] } });
    expect(await attempt({ ...store.credentials, baseUrl: store.baseUrl, storeCode: "default" }, "storeCode")).toBe(
      'This Magento has no store view with the code "default". Its store views are: uk (UK Store), ie (Ireland). Use one of these codes.',
    );
  });

  it("unknown consumer key", async () => {
    const store = await magentoSandbox.createStore();
    expect(await attempt({ ...store.credentials, consumerKey: random32(), baseUrl: store.baseUrl }, "consumerKey")).toContain("Magento does not know this Consumer Key");
  });

  it("invalid signature: the two secrets swapped", async () => {
    const store = await magentoSandbox.createStore();
    const c = store.credentials;
    expect(await attempt({ ...c, consumerSecret: c.accessTokenSecret, accessTokenSecret: c.consumerSecret, baseUrl: store.baseUrl }, "consumerSecret")).toBe(
      "The Consumer Secret and the Access Token Secret are in each other's fields. Swap them and try again.",
    );
  });

  it("invalid signature: a secret that is simply wrong", async () => {
    const store = await magentoSandbox.createStore();
    expect(await attempt({ ...store.credentials, consumerSecret: random32(), baseUrl: store.baseUrl }, "consumerSecret")).toContain(
      "Magento rejected the signature: the Consumer Secret or the Access Token Secret is not the one Magento has.",
    );
  });

  it("unknown access token", async () => {
    const store = await magentoSandbox.createStore();
    expect(await attempt({ ...store.credentials, accessToken: random32(), baseUrl: store.baseUrl }, "accessToken")).toContain("Magento does not know this Access Token");
  });

  it("revoked access token", async () => {
    const store = await magentoSandbox.createStore();
    await magentoSandbox.changeIntegration(store, { revoked: true });
    expect(await attempt({ ...store.credentials, baseUrl: store.baseUrl }, "accessToken")).toContain("This Access Token has been revoked in Magento");
  });

  it("older Magento that accepts only HMAC-SHA1", async () => {
    const store = await magentoSandbox.createStore({ config: { signatureMethods: ["HMAC-SHA1"] } });
    expect(await attempt({ ...store.credentials, baseUrl: store.baseUrl }, "alert")).toContain("The credentials are right, but this Magento accepts only HMAC-SHA1 signatures");
  });

  it("timeout", async () => {
    const store: SandboxStore = await magentoSandbox.createStore();
    const fault = await magentoSandbox.addFault({ account: store.id, timeoutRate: 1 });
    try {
      expect(await attempt({ ...store.credentials, baseUrl: store.baseUrl }, "baseUrl")).toMatch(/did not answer within 15 seconds\. The store may be down or very slow/);
    } finally {
      await magentoSandbox.removeFault(fault.id);
    }
  });

  it("a resource an enabled flow needs is not granted, named", async () => {
    const other = await signedInMerchant("mgacl");
    await db().tenantSettings.upsert({ where: { tenantId: other.tenantId }, create: { tenantId: other.tenantId, flows: { orders: true } }, update: { flows: { orders: true } } });
    const store = await magentoSandbox.createStore({ integrations: [{ resources: ["Magento_Backend::store", "Magento_Sales::actions_view", "Magento_Sales::comment", "Magento_Catalog::products"] }] });
    await other.page.goto(appUrl("/onboarding/magento"));
    await submit(other.page, { baseUrl: store.baseUrl, ...store.credentials });
    const message = await messageFor(other.page, "alert");
    expect(message).toContain("The integration is not allowed to read customers: it needs the API resource Customers (Magento_Customer::customer).");
    expect(message).toContain("Reauthorize");
    expect(await connectionRow(other.tenantId)).toBeNull();
    await other.context.close();
  });
});
