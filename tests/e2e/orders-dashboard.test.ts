import { describe, expect, inject, it } from "vitest";
import { saveMagentoConnection } from "@/lib/tenants/magento";
import { saveMapping } from "@/lib/tenants/mappings";
import { saveFlowSwitches, setGoLive } from "@/lib/tenants/settings";
import { brightpearlWarehouse, magentoAdmin } from "./helpers/lifecycle";
import { signedInAccount, useBrowser } from "./helpers/signed-in";
import { magento, sendEvent, waitUntil } from "./helpers/stack";

const browser = useBrowser();

describe("orders on the dashboard", () => {
  it("lists imported orders as they arrive, names a blocking mapping once, and retries after the fix", async () => {
    const { page, tenantId, scoped } = await signedInAccount(browser(), "orders", 30);
    const tenant = { id: tenantId };

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

  it("shows a shipment Magento refused, in plain words, and its Retry ships it", async () => {
    const { code, page, tenantId, scoped } = await signedInAccount(browser(), "shipfail", 30);
    const store = await magento.createStore({ catalogue: { count: 30 }, orders: { count: 1, seed: 8, composite: false, outcomes: {} } });
    await saveMagentoConnection(scoped, tenantId, { baseUrl: store.baseUrl, storeCode: "default", credentials: store.credentials, verifiedAt: new Date() });
    await setGoLive(scoped, tenantId, new Date(Date.now() - 30 * 86_400_000));
    await saveMapping(scoped, tenantId, "store-view", "default", { channelId: 2, priceListId: 2 });
    await saveMapping(scoped, tenantId, "order-status-in", "*", { statusId: 2 });
    await saveMapping(scoped, tenantId, "shipping-method", "*", { shippingMethodId: 1 });
    await saveMapping(scoped, tenantId, "payment-method", "*", { paymentMethodCode: "PAYPAL" });
    await saveMapping(scoped, tenantId, "tax-rate", "*", { taxCode: "T" });
    await saveFlowSwitches(scoped, tenantId, { orders: true, inventory: false, prices: false, products: false, shipments: true, refunds: false });
    await sendEvent("brightpearl/webhooks.sync.requested", { tenantId, reason: "flows switched on" });
    await waitUntil("the shipment webhooks registered", async () => (await scoped.webhookSubscription.count()) >= 3);
    await sendEvent("orders/poll.requested", { tenantId });
    const imported = await waitUntil("the order imported", async () => (await scoped.syncRecord.findFirst({ where: { flow: "ORDERS", status: "SUCCEEDED" } })) ?? undefined, 30_000);

    // Magento refuses the first ship call
    const fault = await fetch(`${inject("magentoUrl")}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ route: "/m/:instance/rest/:store/V1/order/:orderId/ship", account: store.id, errorRate: 1, status: 400, count: 1 }),
    });
    expect(fault.status).toBe(201);
    const { goodsOutNoteIds } = await brightpearlWarehouse.ship(code, Number(imported.targetId), "RM-RETRY-0001GB");
    const sourceId = `gon:${goodsOutNoteIds[0]}`;
    await waitUntil("the shipment failed", async () => (await scoped.syncRecord.findFirst({ where: { flow: "SHIPMENTS", sourceId, status: "FAILED" } })) ?? undefined, 30_000);

    await page.goto(`${inject("appUrl")}/dashboard`);
    const row = page.getByTestId(`fulfilment-SHIPMENTS-${sourceId}`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.textContent()).resolves.toMatch(/Shipment.*Goods-out note \d+ → Magento #\d+.*Failed.*Magento:/);
    await row.getByRole("button", { name: "Retry" }).click();
    await row.getByText("Shipped in Magento").waitFor({ timeout: 30_000 });
    const docs = await magentoAdmin.order(store.id, Number(imported.sourceId));
    expect(docs.shipments.map((s) => s.tracks.map((t) => t.track_number))).toEqual([["RM-RETRY-0001GB"]]);
    await page.close();
  });
});
