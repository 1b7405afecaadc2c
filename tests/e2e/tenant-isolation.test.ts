// Every route, page and server action, used with tenant A's session against tenant B's data, is
// refused or touches nothing of B's. The first test keeps the list complete: a new route, page or
// action without an isolation case here fails it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { webhookSecretOf } from "@/lib/tenants/tenants";
import { launchBrowser, type TestBrowser } from "../helpers/browser";
import { accountCode, brightpearl, connectThroughBrightpearl, tenantByAccount, waitUntil } from "./helpers/stack";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

const appFiles = filesUnder("app").filter(
  (f) => /\/(route\.ts|page\.tsx)$/.test(f) || (/\.tsx?$/.test(f) && /^\s*["']use server["']/m.test(readFileSync(f, "utf8"))),
);

type Party = { code: string; id: string; context: BrowserContext };
let browser: TestBrowser;
let a: Party;
let b: Party;

async function signedIn(code: string): Promise<Party> {
  await brightpearl.createAccount(code);
  const context = await browser.newContext();
  const page = await context.newPage();
  await connectThroughBrightpearl(page, code);
  await page.waitForURL(`${inject("appUrl")}/onboarding`);
  await page.close();
  const tenant = (await tenantByAccount(code))!;
  return { code, id: tenant.id, context };
}

const appUrl = (p: string) => `${inject("appUrl")}${p}`;
const statusOf = async (code: string) => (await tenantByAccount(code))?.status;

async function pageText(party: Party, p: string): Promise<string> {
  const page = await party.context.newPage();
  await page.goto(appUrl(p));
  const text = await page.locator("body").innerText();
  await page.close();
  return text;
}

beforeAll(async () => {
  browser = await launchBrowser();
  a = await signedIn(accountCode("tenanta"));
  b = await signedIn(accountCode("tenantb"));
  // B has history A must never see.
  await db().syncRecord.create({ data: { tenantId: b.id, flow: "REFUNDS", sourceId: "secret-b", status: "FAILED", lastError: "B's private problem" } });
  await db().syncRecord.create({ data: { tenantId: b.id, flow: "ORDERS", sourceId: "999999", status: "FAILED", lastError: "B's failed order" } });
  await db().syncRecord.create({ data: { tenantId: a.id, flow: "ORDERS", sourceId: "888888", status: "FAILED", lastError: "A's failed order" } });
});

afterAll(async () => {
  await browser?.close();
  await db().$disconnect();
});

const cases: Record<string, () => Promise<void>> = {
  "app/page.tsx": async () => {
    const text = await pageText(a, "/");
    expect(text).not.toContain(b.code);
    expect(text).not.toContain(a.code);
  },
  "app/connect/problem/page.tsx": async () => {
    // It echoes only the account code in its own URL; nothing is read from the database.
    const text = await pageText(a, `/connect/problem?reason=denied&tenantId=${b.id}`);
    expect(text).not.toContain(b.code);
  },
  "app/(app)/onboarding/page.tsx": async () => {
    const text = await pageText(a, `/onboarding?tenantId=${b.id}&accountCode=${b.code}`);
    expect(text).toContain(a.code);
    expect(text).not.toContain(b.code);
  },
  "app/(app)/settings/page.tsx": async () => {
    const text = await pageText(a, `/settings?tenantId=${b.id}`);
    expect(text).toContain(a.code);
    expect(text).not.toContain(b.code);
  },
  "app/(app)/onboarding/dry-run/page.tsx": async () => {
    // the dry run works on the session's tenant only: A has no Magento store, whatever is asked
    const text = await pageText(a, `/onboarding/dry-run?run=1&tenantId=${b.id}`);
    expect(text).toContain("Connect Magento first.");
    expect(text).not.toContain(b.code);
  },
  "app/(app)/onboarding/magento/page.tsx": async () => {
    // B has a Magento store; A's page shows A's (none), whatever the URL says
    const { magentoSandbox, connectMagento } = await import("./helpers/magento");
    const store = await magentoSandbox.createStore();
    const page = await b.context.newPage();
    await connectMagento(page, store);
    await page.close();
    const text = await pageText(a, `/onboarding/magento?tenantId=${b.id}&replace=1`);
    expect(text).toContain("Connect Magento");
    expect(text).not.toContain(store.baseUrl);
    for (const value of Object.values(store.credentials)) expect(text).not.toContain(`…${value.slice(-4)}`);
  },
  "app/(app)/onboarding/magento/actions.ts": async () => {
    // A names B's store and B's tenant id and leaves the credentials empty: B's saved ones are not
    // reused, and nothing of B's changes.
    const { fillConnectionForm } = await import("./helpers/magento");
    const bRow = await db().magentoConnection.findUniqueOrThrow({ where: { tenantId: b.id } });
    const page = await a.context.newPage();
    await page.goto(appUrl("/onboarding/magento"));
    await fillConnectionForm(page, { baseUrl: bRow.baseUrl });
    await page.evaluate((tenantId) => {
      const input = Object.assign(document.createElement("input"), { type: "hidden", name: "tenantId", value: tenantId });
      document.querySelector("form[novalidate]")!.append(input);
    }, b.id);
    await page.getByRole("button", { name: "Check and connect" }).click();
    await expect(page.getByTestId("consumerKey-error").textContent()).resolves.toBe("Paste the Consumer Key from the integration's details.");
    await page.close();
    expect(await db().magentoConnection.findUnique({ where: { tenantId: a.id } })).toBeNull();
    expect(await db().magentoConnection.findUniqueOrThrow({ where: { tenantId: b.id } })).toEqual(bRow);
  },
  "app/(app)/onboarding/mappings/page.tsx": async () => {
    // B's mapping rows never show on A's page, whatever the URL says
    const { brightpearlRead, plantMapping } = await import("./helpers/setup");
    await plantMapping(b.id, "shipping-method", "bprivate_*", { shippingMethodId: 1 }, true);
    await plantMapping(a.id, "shipping-method", "aown_*", { shippingMethodId: 1 });
    await brightpearlRead(a.id);
    const text = await pageText(a, `/onboarding/mappings?tenantId=${b.id}`);
    expect(text).toContain("Pattern aown_*");
    expect(text).not.toContain("bprivate_*");
    expect(text).not.toContain(b.code);
  },
  "app/(app)/onboarding/mappings/actions.ts": async () => {
    // A adds (naming B's tenant in the form), confirms and deletes on A's page; B's rows stay as they were
    const { brightpearlRead, plantMapping } = await import("./helpers/setup");
    await plantMapping(b.id, "shipping-method", "bprivate_*", { shippingMethodId: 1 }, true);
    await plantMapping(a.id, "shipping-method", "aconfirm_*", { shippingMethodId: 1 }, true);
    await brightpearlRead(a.id);
    // (B's own discovery may add rows meanwhile: B's planted row is what must not change)
    const bPlanted = () => db().mapping.findFirst({ where: { tenantId: b.id, sourceKey: "bprivate_*" } });
    const bBefore = await bPlanted();
    const page = await a.context.newPage();
    await page.goto(appUrl("/onboarding/mappings"));
    await page.getByLabel("Magento codes matching").fill("aadded_*");
    await page.getByLabel("Brightpearl shipping method for the pattern").selectOption({ index: 1 });
    await page.evaluate((tenantId) => {
      const form = document.querySelector<HTMLInputElement>('input[name="pattern"]')!.form!;
      form.append(Object.assign(document.createElement("input"), { type: "hidden", name: "tenantId", value: tenantId }));
    }, b.id);
    await page.getByRole("button", { name: "Add pattern" }).click();
    await page.getByTestId("mapping-shipping-method-aadded_*").waitFor();
    await page.getByRole("button", { name: "Confirm all suggestions" }).click();
    await page.getByTestId("suggested-count").waitFor({ state: "detached" });
    await page.getByTestId("mapping-shipping-method-aadded_*").getByRole("button", { name: "Delete" }).click();
    await page.getByTestId("mapping-shipping-method-aadded_*").waitFor({ state: "detached" });
    await page.close();
    expect(await bPlanted()).toEqual(bBefore);
    expect(bBefore).toMatchObject({ suggested: true });
    expect(await db().mapping.count({ where: { tenantId: b.id, sourceKey: "aadded_*" } })).toBe(0);
    expect(await db().mapping.findFirst({ where: { tenantId: a.id, sourceKey: "aconfirm_*" } })).toMatchObject({ suggested: false });
  },
  "app/(app)/onboarding/go-live/page.tsx": async () => {
    await db().tenantSettings.upsert({ where: { tenantId: b.id }, create: { tenantId: b.id, goLiveAt: new Date("2031-05-06T07:08:00Z") }, update: { goLiveAt: new Date("2031-05-06T07:08:00Z") } });
    const text = await pageText(a, `/onboarding/go-live?tenantId=${b.id}`);
    expect(text).toContain("Go-live date");
    expect(text).not.toContain("2031-05-06");
    expect(text).not.toContain(b.code);
  },
  "app/(app)/onboarding/go-live/actions.ts": async () => {
    // A's date, choices and switches (with B's tenant id slipped into the forms) change only A's settings
    const bBefore = await db().tenantSettings.upsert({ where: { tenantId: b.id }, create: { tenantId: b.id, goLiveAt: new Date("2031-05-06T07:08:00Z") }, update: {} });
    const page = await a.context.newPage();
    await page.goto(appUrl("/onboarding/go-live"));
    await page.evaluate((tenantId) => {
      for (const form of document.querySelectorAll("form")) form.append(Object.assign(document.createElement("input"), { type: "hidden", name: "tenantId", value: tenantId }));
    }, b.id);
    await page.getByLabel("Go-live date and time (UTC)").fill("2032-01-01T00:00");
    await page.getByRole("button", { name: "Save go-live date" }).click();
    await page.getByText("Go-live date saved.").waitFor();
    await page.getByLabel("Bundles").selectOption("bundle-product");
    await page.getByLabel("New products for Magento").selectOption("custom-field");
    await page.getByLabel("Custom field that marks products").fill("PCF_MAGENTO");
    await page.getByRole("button", { name: "Save choices" }).click();
    await page.getByText("Choices saved.").waitFor();
    await page.getByRole("button", { name: "Turn on inventory" }).click();
    await page.getByTestId("flow-inventory").getByRole("alert").waitFor();
    await page.close();
    const aAfter = await db().tenantSettings.findUniqueOrThrow({ where: { tenantId: a.id } });
    expect(aAfter.goLiveAt?.toISOString()).toBe("2032-01-01T00:00:00.000Z");
    expect(aAfter.options).toMatchObject({ bundles: "bundle-product", productsSelection: "custom-field", productsCustomField: "PCF_MAGENTO" });
    expect(await db().tenantSettings.findUniqueOrThrow({ where: { tenantId: b.id } })).toEqual(bBefore);
  },
  "app/(app)/dashboard/page.tsx": async () => {
    const text = await pageText(a, `/dashboard?tenantId=${b.id}`);
    expect(text).not.toContain("B's private problem");
    expect(text).not.toContain(b.code);
  },
  "app/api/dashboard/route.ts": async () => {
    const body = await (await a.context.request.get(appUrl(`/api/dashboard?tenantId=${b.id}`))).text();
    expect(body).not.toContain("B's private problem");
    expect(body).not.toContain(b.id);
    expect((await fetch(appUrl("/api/dashboard"))).status).toBe(401);
  },
  "app/api/health/route.ts": async () => {
    const body = await (await fetch(appUrl("/api/health"))).text();
    expect(body).not.toContain(b.id);
    expect(body).not.toContain(b.code);
  },
  "app/api/inngest/route.ts": async () => {
    const response = await a.context.request.get(appUrl("/api/inngest"));
    const body = await response.text();
    expect(body).not.toContain(b.id);
    expect(body).not.toContain(b.code);
  },
  "app/api/auth/[...nextauth]/route.ts": async () => {
    const session = (await (await a.context.request.get(appUrl("/api/auth/session"))).json()) as { tenantId?: string; accountCode?: string };
    expect(session).toMatchObject({ tenantId: a.id, accountCode: a.code });
    // a session cookie that was not signed by the app is no session at all
    const forged = await browser.newContext();
    await forged.addCookies([{ name: "connector.session", value: "forged.token.value", url: inject("appUrl") }]);
    expect(await (await forged.request.get(appUrl("/api/auth/session"))).json()).toEqual({});
    await forged.close();
  },
  "app/api/brightpearl/install/route.ts": async () => {
    const response = await a.context.request.post(appUrl("/api/brightpearl/install"), { form: { accountCode: b.code }, maxRedirects: 0 });
    expect(response.status()).toBe(303);
    // all A can do is ask Brightpearl for B's approval, which only B can give
    expect(new URL(response.headers().location!).pathname).toBe(`/authorize/${b.code}`);
    expect(await statusOf(b.code)).toBe("ACTIVE");
  },
  "app/api/brightpearl/callback/route.ts": async () => {
    // B starts an authorization in B's browser; its callback is opened in A's browser.
    const started = await b.context.request.post(appUrl("/api/brightpearl/install"), { form: { accountCode: b.code }, maxRedirects: 0 });
    const authorize = new URL(started.headers().location!);
    const form = new URLSearchParams(authorize.searchParams);
    form.set("decision", "approve");
    const approved = await fetch(`${authorize.origin}${authorize.pathname}`, { method: "POST", body: form, redirect: "manual" });
    const callback = approved.headers.get("location")!;
    const before = await tenantByAccount(b.code);
    const page = await a.context.newPage();
    await page.goto(callback);
    expect(new URL(page.url()).searchParams.get("reason")).toBe("state-foreign");
    await page.close();
    expect((await tenantByAccount(b.code))?.updatedAt).toEqual(before?.updatedAt);
    const session = (await (await a.context.request.get(appUrl("/api/auth/session"))).json()) as { tenantId?: string };
    expect(session.tenantId).toBe(a.id);
  },
  "app/api/brightpearl/webhooks/[tenantId]/route.ts": async () => {
    const tenantA = await db().tenant.findUniqueOrThrow({ where: { id: a.id } });
    const body = { accountCode: b.code, resourceType: "product", id: "1", lifecycleEvent: "modified", fullEvent: "product.modified", raisedOn: new Date().toISOString() };
    const withAsSecret = await a.context.request.post(appUrl(`/api/brightpearl/webhooks/${b.id}?k=${encodeURIComponent(webhookSecretOf(tenantA))}`), { data: body });
    expect(withAsSecret.status()).toBe(401);
    const toAWithBsAccount = await a.context.request.post(appUrl(`/api/brightpearl/webhooks/${a.id}?k=${encodeURIComponent(webhookSecretOf(tenantA))}`), { data: body });
    expect(toAWithBsAccount.status()).toBe(403);
  },
  "app/api/brightpearl/app-off/route.ts": async () => {
    const response = await a.context.request.post(appUrl("/api/brightpearl/app-off"), { form: { accountCode: b.code } });
    expect(response.status()).toBe(202);
    // The report is checked with Brightpearl, which still honours B's installation; the check
    // then waits to look again, and B stays connected throughout.
    const engine = inject("engineUrl");
    const verdict = await waitUntil("the app-off verification", async () => {
      const events = (await (await fetch(`${engine}/v1/events?name=brightpearl/app.off.reported`)).json()) as { data: { id: string; data: { accountCode?: string } }[] };
      const event = events.data.find((e) => e.data.accountCode === b.code);
      if (!event) return undefined;
      const runs = (await (await fetch(`${engine}/v1/events/${event.id}/runs`)).json()) as { data: { run_id: string }[] };
      if (!runs.data[0]) return undefined;
      const run = (await (await fetch(`${engine}/v1/runs/${runs.data[0].run_id}`)).json()) as { data: { steps: { name: string; status: string; output: unknown }[] } };
      return run.data.steps.find((step) => step.name === "verify" && step.status === "completed")?.output as string | undefined;
    });
    expect(verdict).toBe("still-installed");
    expect(await statusOf(b.code)).toBe("ACTIVE");
  },
  "app/(app)/actions.ts": async () => {
    // signing out ends only the caller's session
    const other = await signedIn(accountCode("signout"));
    const page = await other.context.newPage();
    await page.goto(appUrl("/onboarding"));
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(appUrl("/"));
    await page.close();
    expect(((await (await a.context.request.get(appUrl("/api/auth/session"))).json()) as { tenantId?: string }).tenantId).toBe(a.id);
    expect(((await (await b.context.request.get(appUrl("/api/auth/session"))).json()) as { tenantId?: string }).tenantId).toBe(b.id);
  },
  "app/(app)/dashboard/actions.ts": async () => {
    // Retry names a record by id: A's form, re-pointed at B's record, retries nothing of B's.
    const before = await db().syncRecord.findFirstOrThrow({ where: { tenantId: b.id, sourceId: "999999" } });
    const retryPage = await a.context.newPage();
    await retryPage.goto(appUrl("/dashboard"));
    const retry = retryPage.getByTestId("order-Magento order 888888").getByRole("button", { name: "Retry" });
    await retry.waitFor();
    await retryPage.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('input[name="sourceId"][value="888888"]');
      if (input) input.value = "999999";
    });
    await retry.click();
    await retryPage.waitForLoadState("networkidle");
    await retryPage.close();
    const events = (await (await fetch(`${inject("engineUrl")}/v1/events?name=magento/order.detected`)).json()) as { data: { data: { tenantId?: string } }[] };
    expect(events.data.filter((e) => e.data.tenantId === b.id)).toEqual([]);
    expect((await db().syncRecord.findFirstOrThrow({ where: { tenantId: b.id, sourceId: "999999" } })).updatedAt).toEqual(before.updatedAt);

    // the autopilot A switches on runs for A's Brightpearl account only
    const page = await a.context.newPage();
    await page.goto(appUrl("/dashboard"));
    await page.getByRole("button", { name: "Start the autopilot" }).click();
    await page.getByRole("button", { name: "Stop the autopilot" }).waitFor();
    const running = ((await (await fetch(`${inject("brightpearlUrl")}/__sandbox/autopilot`)).json()) as { key: string }[]).map((s) => s.key);
    expect(running).toContain(a.code);
    expect(running).not.toContain(b.code);
    await page.getByRole("button", { name: "Stop the autopilot" }).click();
    await page.getByRole("button", { name: "Start the autopilot" }).waitFor();
    await page.close();
  },
  "app/(app)/dashboard/catalog-actions.ts": async () => {
    // "Check stock now" queues a check for the session's tenant only, whatever the form names.
    const flowsOf = async (tenantId: string) => (await db().tenantSettings.findUnique({ where: { tenantId } }))?.flows ?? {};
    const saved = { [a.id]: await flowsOf(a.id), [b.id]: await flowsOf(b.id) };
    const on = { orders: false, inventory: true, prices: false, products: false, shipments: false, refunds: false };
    for (const tenantId of [a.id, b.id]) await db().tenantSettings.upsert({ where: { tenantId }, create: { tenantId, flows: on }, update: { flows: on } });
    try {
      const page = await a.context.newPage();
      await page.goto(appUrl("/dashboard"));
      const check = page.getByRole("button", { name: "Check stock now" });
      await check.waitFor();
      await page.evaluate((tenantId) => {
        for (const form of document.querySelectorAll("form")) form.append(Object.assign(document.createElement("input"), { type: "hidden", name: "tenantId", value: tenantId }));
      }, b.id);
      await check.click();
      await page.getByTestId("check-stock").waitFor();
      await page.close();
      const events = (await (await fetch(`${inject("engineUrl")}/v1/events?name=inventory/audit.requested`)).json()) as { data: { data: { tenantId?: string } }[] };
      expect(events.data.filter((e) => e.data.tenantId === b.id)).toEqual([]);
      expect(events.data.filter((e) => e.data.tenantId === a.id)).toHaveLength(1);
      expect(await db().catalogAuditRequest.count({ where: { tenantId: b.id } })).toBe(0);
    } finally {
      for (const tenantId of [a.id, b.id]) await db().tenantSettings.update({ where: { tenantId }, data: { flows: saved[tenantId]! } });
    }
  },
  "app/(app)/settings/actions.ts": async () => {
    // a third tenant disconnects; nobody else is touched
    const other = await signedIn(accountCode("disconnect"));
    const page = await other.context.newPage();
    await page.goto(appUrl("/settings"));
    await page.getByRole("button", { name: "Disconnect Brightpearl" }).click();
    await page.getByRole("button", { name: "Reconnect Brightpearl" }).waitFor();
    await page.close();
    expect(await statusOf(other.code)).toBe("DISCONNECTED");
    expect(await statusOf(a.code)).toBe("ACTIVE");
    expect(await statusOf(b.code)).toBe("ACTIVE");
  },
};

describe("tenant isolation", () => {
  it("has a case for every route, page and server action", () => {
    expect(appFiles.sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [file, run] of Object.entries(cases)) {
    it(`${file}: tenant A's session cannot reach tenant B`, run);
  }
});
