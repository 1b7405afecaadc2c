import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { saveMagentoConnection } from "@/lib/tenants/magento";
import { saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { saveFlowSwitches, setGoLive } from "@/lib/tenants/settings";
import { launchBrowser, type TestBrowser } from "../helpers/browser";
import { accountCode, brightpearl, connectThroughBrightpearl, magento, seedBrightpearlProducts, sendEvent, tenantByAccount } from "./helpers/stack";

let browser: TestBrowser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await db().$disconnect();
});

describe("orders on the dashboard", () => {
  it("lists imported orders as they arrive, names a blocking mapping once, and retries after the fix", async () => {
    const code = accountCode("orders");
    await brightpearl.createAccount(code);
    await seedBrightpearlProducts(code, 30);
    const page = await browser.context.newPage();
    await connectThroughBrightpearl(page, code);
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    const tenant = (await tenantByAccount(code))!;
    const scoped = tenantDb(tenant.id);

    const store = await magento.createStore({ catalogue: { count: 30 }, orders: { count: 3, seed: 4, composite: false, outcomes: {} } });
    await saveMagentoConnection(scoped, tenant.id, { baseUrl: store.baseUrl, storeCode: "default", credentials: store.credentials, verifiedAt: new Date() });
    await setGoLive(scoped, tenant.id, new Date(Date.now() - 30 * 86_400_000));
    await saveMapping(scoped, tenant.id, "store-view", "default", { channelId: 2, priceListId: 2 });
    await saveMapping(scoped, tenant.id, "order-status-in", "*", { statusId: 2 });
    await saveMapping(scoped, tenant.id, "payment-method", "*", { paymentMethodCode: "PAYPAL" });
    await saveMapping(scoped, tenant.id, "tax-rate", "*", { taxCode: "T" });
    // no shipping-method mapping yet
    await saveFlowSwitches(scoped, tenant.id, { orders: true, inventory: false, prices: false, products: false, shipments: false, refunds: false });

    await page.goto(`${inject("appUrl")}/dashboard`);
    await expect(page.getByTestId("no-problems").isVisible()).resolves.toBe(true);
    await sendEvent("orders/poll.requested", { tenantId: tenant.id });

    // the page refreshes itself: each unmapped shipping method is one item, however many orders it holds up
    await page.getByRole("button", { name: "Retry" }).nth(2).waitFor({ timeout: 30_000 });
    const items = page.getByTestId("problems").getByRole("listitem");
    const texts = await items.allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => /Magento shipping method ".+" has no Brightpearl shipping method/.test(t))).toBe(true);
    const held = texts.map((t) => Number(/holds up (\d+) item/.exec(t)?.[1]));
    expect(held.reduce((a, b) => a + b, 0)).toBe(3);
    expect(new Set(texts).size).toBe(texts.length);
    await expect(items.first().getByRole("link", { name: "Fix it" }).getAttribute("href")).resolves.toBe("/onboarding/mappings");

    // the merchant fixes it; Retry on one order imports it
    await saveMapping(scoped, tenant.id, "shipping-method", "*", { shippingMethodId: 1 });
    await page.getByRole("button", { name: "Retry" }).first().click();
    await page.getByText("In Brightpearl").first().waitFor({ timeout: 30_000 });

    // "Import order #…" for another one
    const other = (await scoped.syncRecord.findFirstOrThrow({ where: { flow: "ORDERS", status: "BLOCKED" } })).sourceLabel!.replace("#", "");
    await page.getByLabel("Import order #").fill(other);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect(page.getByRole("status").textContent()).resolves.toContain(`Order #${other} is queued`);
    await page.getByTestId(`order-#${other}`).getByText("In Brightpearl").waitFor({ timeout: 30_000 });

    const imported = await scoped.syncRecord.count({ where: { flow: "ORDERS", status: "SUCCEEDED" } });
    expect(imported).toBe(2);
    await page.close();
  });
});
