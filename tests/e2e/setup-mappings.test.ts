// Mappings and go-live in Chromium against both sandboxes: discovery's suggestions on the page,
// confirming them, a flow refused while a mapping it needs is missing (and the page naming it),
// allowed once fixed, and a go-live date that only moves forward.
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { ALL_RESOURCES } from "@/sandbox/magento/http/acl";
import { connectMagento, createMagentoStore, discover } from "./helpers/setup";
import { useBrowser } from "./helpers/signed-in";
import { accountCode, brightpearl, connectThroughBrightpearl, tenantByAccount, waitUntil } from "./helpers/stack";

const browser = useBrowser();

const url = (path: string) => `${inject("appUrl")}${path}`;

async function signIn(prefix: string): Promise<{ page: Page; tenantId: string }> {
  const code = accountCode(prefix);
  await brightpearl.createAccount(code);
  const page = await (await browser().newContext()).newPage();
  await connectThroughBrightpearl(page, code);
  await page.waitForURL(url("/onboarding"));
  return { page, tenantId: (await tenantByAccount(code))!.id };
}

const selected = (page: Page, label: string) => page.getByLabel(label, { exact: true }).evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? "");

describe("mappings and go-live", () => {
  it("shows discovery's suggestions, confirms them, refuses the orders flow while a store view has no channel, and allows it once fixed", async () => {
    const { page, tenantId } = await signIn("mappings");
    const store = await createMagentoStore({
      orders: { count: 25, seed: 21, currencies: ["GBP"], paymentMethods: ["checkmo", "paypal_express"], shippingMethods: ["flatrate_flatrate", "tablerate_bestway"] },
    });
    await connectMagento(tenantId, store);
    await discover(tenantId);

    await page.goto(url("/onboarding/mappings"));
    await expect(page.getByTestId("read-magento").textContent()).resolves.toMatch(/^read \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    await expect(page.getByTestId("read-brightpearl").textContent()).resolves.toMatch(/^read /);

    // The demo-like store's only store view goes to the channel named for Magento, at its default price list.
    const storeView = page.getByTestId("mapping-store-view-default");
    await expect(storeView.getByText("Suggested").count()).resolves.toBe(1);
    expect(await selected(page, "Channel for Default Store View (default)")).toBe("Magento Store");
    expect(await selected(page, "Price list for Default Store View (default)")).toBe("Retail (GBP)");
    expect(await selected(page, "Warehouses for Default Source (default)")).toBe("Main Warehouse");
    expect(await selected(page, "Brightpearl tax code for 20%")).toMatch(/^T · Standard rate · 20%$/);
    expect(await selected(page, "Brightpearl payment method for PayPal Express Checkout (paypal_express)")).toBe("PayPal (PAYPAL)");
    expect(await selected(page, "Bank nominal code for PayPal Express Checkout (paypal_express)")).toBe("1210 PayPal account");
    expect(await selected(page, "Brightpearl status for Pending (pending)")).toBe("New web order");
    expect(await selected(page, "Brightpearl status for Canceled (canceled)")).toBe("Skip: never import");
    // shipping codes Brightpearl has no match for are covered by the default
    await expect(page.getByTestId("mapping-shipping-method-flatrate_flatrate").getByText("Uses the default").count()).resolves.toBe(1);
    expect(await selected(page, "Brightpearl shipping method for Anything else")).toBe("Standard Delivery (STD)");

    // Confirm them all.
    const suggestedBefore = await db().mapping.count({ where: { tenantId, suggested: true } });
    expect(suggestedBefore).toBeGreaterThan(10);
    await page.getByRole("button", { name: "Confirm all suggestions" }).click();
    await page.getByTestId("suggested-count").waitFor({ state: "detached" });
    await expect(storeView.getByText("Suggested").count()).resolves.toBe(0);
    expect(await db().mapping.count({ where: { tenantId, suggested: true } })).toBe(0);
    expect(await db().mapping.count({ where: { tenantId } })).toBe(suggestedBefore);

    // A pattern row covers the table-rate codes.
    await page.getByLabel("Magento codes matching").fill("tablerate_*");
    await page.getByLabel("Brightpearl shipping method for the pattern").selectOption({ label: "Next Day Delivery (NXD)" });
    await page.getByRole("button", { name: "Add pattern" }).click();
    await page.getByTestId("mapping-shipping-method-tablerate_bestway").getByText("Uses pattern tablerate_*").waitFor();

    // The go-live date, so the store view is the only thing the orders flow lacks.
    await page.goto(url("/onboarding/go-live"));
    await page.getByLabel("Go-live date and time (UTC)").fill("2030-01-02T10:00");
    await page.getByRole("button", { name: "Save go-live date" }).click();
    await page.getByText("Currently 2030-01-02 10:00 UTC.").waitFor();

    // Delete the store view's mapping: the orders flow is refused and the page names it.
    await page.goto(url("/onboarding/mappings"));
    await storeView.getByRole("button", { name: "Delete" }).click();
    await storeView.getByText("Not mapped").waitFor();
    await page.goto(url("/onboarding/go-live"));
    await page.getByRole("button", { name: "Turn on orders" }).click();
    const refusal = page.getByTestId("flow-orders").getByRole("alert");
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/The orders flow cannot be turned on yet\. Missing:\s*Store view 'Default Store View' \(default\) has no Brightpearl channel Fix$/);
    expect(((await db().tenantSettings.findUnique({ where: { tenantId } }))?.flows as { orders?: boolean }).orders ?? false).toBe(false);

    // Fix it from the link, then the flow turns on.
    await refusal.getByRole("link", { name: "Fix" }).click();
    await page.waitForURL(url("/onboarding/mappings#store-view"));
    await page.getByLabel("Channel for Default Store View (default)", { exact: true }).selectOption({ label: "Magento Store" });
    await page.getByLabel("Price list for Default Store View (default)", { exact: true }).selectOption({ label: "Retail (GBP)" });
    await storeView.getByRole("button", { name: "Save" }).click();
    await storeView.getByRole("button", { name: "Delete" }).waitFor();
    await page.goto(url("/onboarding/go-live"));
    await page.getByRole("button", { name: "Turn on orders" }).click();
    await page.getByRole("button", { name: "Turn off orders" }).waitFor();
    expect(((await db().tenantSettings.findUniqueOrThrow({ where: { tenantId } })).flows as { orders: boolean }).orders).toBe(true);
    // and the webhooks are brought in line with the flows that are on
    await waitUntil("a webhook sync request", async () => {
      const events = (await (await fetch(`${inject("engineUrl")}/v1/events?name=brightpearl/webhooks.sync.requested`)).json()) as { data: { data: { tenantId?: string; reason?: string } }[] };
      return events.data.some((e) => e.data.tenantId === tenantId && e.data.reason === "orders flow turned on");
    });
    await page.close();
  });

  it("keeps the go-live date from moving backwards", async () => {
    const { page, tenantId } = await signIn("golive");
    await page.goto(url("/onboarding/go-live"));
    await expect(page.getByTestId("go-live-current").textContent()).resolves.toBe("Not set yet.");
    const field = page.getByLabel("Go-live date and time (UTC)");
    await field.fill("2030-06-01T12:00");
    await page.getByRole("button", { name: "Save go-live date" }).click();
    await page.getByText("Currently 2030-06-01 12:00 UTC.").waitFor();

    await field.fill("2030-05-31T12:00");
    await page.getByRole("button", { name: "Save go-live date" }).click();
    await page.getByRole("alert").filter({ hasText: "The go-live date can only move forward (it is 2030-06-01 12:00 UTC)." }).waitFor();
    expect((await db().tenantSettings.findUniqueOrThrow({ where: { tenantId } })).goLiveAt?.toISOString()).toBe("2030-06-01T12:00:00.000Z");

    await field.fill("2030-06-02T08:30");
    await page.getByRole("button", { name: "Save go-live date" }).click();
    await page.getByText("Currently 2030-06-02 08:30 UTC.").waitFor();
    await page.close();
  });

  it("says when Magento is not connected, and names in plain words what a read could not do", async () => {
    const { page, tenantId } = await signIn("partial");
    await page.goto(url("/onboarding/mappings"));
    await page.getByText("Magento is not connected yet").waitFor();
    await page.goto(url("/onboarding/go-live"));
    await page.getByTestId("flow-orders").getByText("Your Magento store's set-up has not been read yet").waitFor();

    const store = await createMagentoStore({
      integrations: [{ name: "connector", resources: ALL_RESOURCES.filter((r) => r !== "Magento_Tax::manage_tax") }],
      orders: { count: 5, seed: 2 },
    });
    await connectMagento(tenantId, store);
    await discover(tenantId);
    await page.goto(url("/onboarding/mappings"));
    const problems = page.getByRole("alert").filter({ hasText: "Some things could not be read" });
    expect(await problems.innerText()).toContain("The Magento integration may not read tax rates (API resource Magento_Tax::manage_tax)");
    await expect(page.getByText("Magento is not connected yet").count()).resolves.toBe(0);
    await page.close();
  });

  it("refreshes on demand and follows the read until it lands", async () => {
    const { page, tenantId } = await signIn("refresh");
    const store = await createMagentoStore({ orders: { count: 3, seed: 5 } });
    await connectMagento(tenantId, store);
    await page.goto(url("/onboarding/mappings"));
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.waitForURL(/\/onboarding\/mappings\?refresh=\d+$/);
    // the page updates by itself once both sides are read
    await page.getByTestId("mapping-store-view-default").waitFor({ timeout: 30_000 });
    await expect(page.getByTestId("read-magento").textContent()).resolves.toMatch(/^read /);
    await page.close();
  });
});
