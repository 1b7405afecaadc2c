import { describe, expect, inject, it } from "vitest";
import { activeTenantIds } from "@/lib/tenants/tenants";
import { db } from "@/lib/db";
import { useBrowser } from "./helpers/signed-in";
import { accountCode, brightpearl, connectThroughBrightpearl, sendEvent, tenantByAccount, waitUntil } from "./helpers/stack";

const browser = useBrowser();

describe("connecting Brightpearl", () => {
  it("landing page → authorize page → Approve → onboarding, signed in", async () => {
    const code = accountCode("approve");
    await brightpearl.createAccount(code);
    const page = await browser().context.newPage();
    await connectThroughBrightpearl(page, code);
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    await expect(page.getByTestId("account-name").textContent()).resolves.toBe(code);
    await expect(page.getByText("Brightpearl connected").isVisible()).resolves.toBe(true);
    await expect(page.getByRole("heading", { name: "Set up your connector" }).isVisible()).resolves.toBe(true);
    const tenant = await tenantByAccount(code);
    expect(tenant?.status).toBe("ACTIVE");
    // the session sticks: the other signed-in pages open without signing in again
    await page.getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(`${inject("appUrl")}/settings`);
    await expect(page.getByTestId("brightpearl-status").textContent()).resolves.toBe("Connected");
    await page.close();
  });

  it("refreshes an expired access token transparently while the merchant uses the app", async () => {
    const code = accountCode("refresh");
    await brightpearl.createAccount(code);
    const page = await browser().context.newPage();
    await connectThroughBrightpearl(page, code);
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    await brightpearl.expireTokens(code);
    const before = await brightpearl.requestCount(code, "POST /token/:account");
    await page.goto(`${inject("appUrl")}/settings`);
    await expect(page.getByTestId("brightpearl-warehouses").textContent()).resolves.toContain("Main Warehouse");
    expect(await brightpearl.requestCount(code, "POST /token/:account")).toBe(before + 1);
    await page.close();
  });

  it("sends one token request for ten concurrent page loads with an expired token", async () => {
    const code = accountCode("concurrent");
    await brightpearl.createAccount(code);
    const first = await browser().context.newPage();
    await connectThroughBrightpearl(first, code);
    await first.waitForURL(`${inject("appUrl")}/onboarding`);
    await brightpearl.expireTokens(code);
    const before = await brightpearl.requestCount(code, "POST /token/:account");
    const pages = await Promise.all(Array.from({ length: 10 }, () => browser().context.newPage()));
    await Promise.all(pages.map((p) => p.goto(`${inject("appUrl")}/settings`)));
    for (const p of pages) await expect(p.getByTestId("brightpearl-warehouses").textContent()).resolves.toContain("Main Warehouse");
    expect(await brightpearl.requestCount(code, "POST /token/:account")).toBe(before + 1);
    await Promise.all([first, ...pages].map((p) => p.close()));
  });

  it("Deny → a friendly page, and nothing stored", async () => {
    const code = accountCode("deny");
    await brightpearl.createAccount(code);
    const page = await browser().context.newPage();
    await connectThroughBrightpearl(page, code, "Deny");
    await page.waitForURL((url) => url.pathname === "/connect/problem");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("You did not approve the connector");
    await expect(page.getByLabel("Brightpearl account code").inputValue()).resolves.toBe(code);
    expect(await tenantByAccount(code)).toBeNull();
    await page.close();
  });

  it("refuses a replayed callback", async () => {
    const code = accountCode("replay");
    await brightpearl.createAccount(code);
    const page = await browser().context.newPage();
    let callbackUrl = "";
    page.on("request", (request) => {
      if (request.url().includes("/api/brightpearl/callback")) callbackUrl = request.url();
    });
    await connectThroughBrightpearl(page, code);
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    expect(callbackUrl).toContain("code=");
    const before = await tenantByAccount(code);
    await page.goto(callbackUrl);
    await page.waitForURL((url) => url.pathname === "/connect/problem");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toMatch(/already been used|not one of ours/);
    expect((await tenantByAccount(code))?.updatedAt).toEqual(before?.updatedAt);
    await page.close();
  });

  it("an unknown account code gets Brightpearl's own error, a malformed one a clear message", async () => {
    const page = await browser().context.newPage();
    await page.goto(inject("appUrl"));
    await page.getByLabel("Brightpearl account code").fill(accountCode("nosuch"));
    await page.getByRole("button", { name: "Connect Brightpearl" }).click();
    await page.waitForURL((url) => url.pathname.startsWith("/authorize/"));
    await expect(page.locator("body").textContent()).resolves.toMatch(/no Brightpearl account/i);
    await page.goto(inject("appUrl"));
    await page.getByLabel("Brightpearl account code").fill("not a code!");
    await page.getByRole("button", { name: "Connect Brightpearl" }).click();
    await page.waitForURL((url) => url.searchParams.get("error") === "account-code");
    await expect(page.getByText("does not look like a Brightpearl account code").isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("shows the reconnect banner once Brightpearl refuses to renew the authorization (invalid_grant)", async () => {
    const code = accountCode("grant");
    await brightpearl.createAccount(code);
    const page = await browser().context.newPage();
    await connectThroughBrightpearl(page, code);
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    const tenant = (await tenantByAccount(code))!;
    // The installation is revoked and the stored token is due: the hourly renewal finds out.
    await brightpearl.revoke(code);
    await db().tenant.update({ where: { id: tenant.id }, data: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });
    await sendEvent("brightpearl/token.refresh.requested", { tenantId: tenant.id });
    await waitUntil("the tenant to be disconnected", async () => (await tenantByAccount(code))?.status === "DISCONNECTED");
    await page.reload();
    await expect(page.getByRole("button", { name: "Reconnect Brightpearl" }).isVisible()).resolves.toBe(true);
    await expect(page.getByText("Brightpearl is disconnected.").isVisible()).resolves.toBe(true);
    // reconnecting resumes the same tenant
    await page.getByRole("button", { name: "Reconnect Brightpearl" }).click();
    await page.waitForURL((url) => url.pathname === `/authorize/${code}`);
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    const again = await tenantByAccount(code);
    expect(again?.id).toBe(tenant.id);
    expect(again?.status).toBe("ACTIVE");
    await expect(page.getByRole("button", { name: "Reconnect Brightpearl" }).count()).resolves.toBe(0);
    await page.close();
  });

  it("app turned off in Brightpearl → schedules stopped and tokens gone, history kept", async () => {
    const code = accountCode("off");
    await brightpearl.createAccount(code);
    const page = await browser().context.newPage();
    await connectThroughBrightpearl(page, code);
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    const tenant = (await tenantByAccount(code))!;
    await db().syncRecord.create({ data: { tenantId: tenant.id, flow: "ORDERS", sourceId: "1" } });
    expect(await activeTenantIds(db())).toContain(tenant.id);

    const off = await brightpearl.turnAppOff(code);
    expect(off.offUrlStatus).toBe(202);

    const gone = await waitUntil("the tenant to be uninstalled", async () => {
      const t = await tenantByAccount(code);
      return t?.status === "UNINSTALLED" ? t : undefined;
    });
    expect([gone.accessTokenEnc, gone.refreshTokenEnc]).toEqual([null, null]);
    expect(await activeTenantIds(db())).not.toContain(tenant.id);
    expect(await db().syncRecord.count({ where: { tenantId: tenant.id } })).toBe(1);
    await page.reload();
    await expect(page.getByRole("button", { name: "Reconnect Brightpearl" }).isVisible()).resolves.toBe(true);
    await page.close();
  });

  it("Disconnect in Settings deletes the tokens and keeps the history", async () => {
    const code = accountCode("disc");
    await brightpearl.createAccount(code);
    const page = await browser().context.newPage();
    await connectThroughBrightpearl(page, code);
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    await page.goto(`${inject("appUrl")}/settings`);
    await page.getByRole("button", { name: "Disconnect Brightpearl" }).click();
    await expect(page.getByRole("button", { name: "Reconnect Brightpearl" }).waitFor()).resolves.toBeUndefined();
    const tenant = await tenantByAccount(code);
    expect(tenant?.status).toBe("DISCONNECTED");
    expect(tenant?.accessTokenEnc).toBeNull();
    await page.close();
  });

  it("signs out", async () => {
    const code = accountCode("signout");
    await brightpearl.createAccount(code);
    const page = await browser().context.newPage();
    await connectThroughBrightpearl(page, code);
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${inject("appUrl")}/`);
    await page.goto(`${inject("appUrl")}/dashboard`);
    await page.waitForURL((url) => url.pathname === "/" && url.searchParams.get("signed-out") === "1");
    await page.close();
  });
});
