import { describe, expect, inject, it } from "vitest";
import { MagentoClient } from "@/lib/magento/client";
import { magentoOrder } from "@/lib/sync/orders/magento-order";
import { saveMagentoConnection } from "@/lib/tenants/magento";
import { saveMapping } from "@/lib/tenants/mappings";
import { setGoLive } from "@/lib/tenants/settings";
import { signedInAccount, useBrowser } from "./helpers/signed-in";
import { magento } from "./helpers/stack";

const browser = useBrowser();

const writes = async (account: string) => {
  const counts = (await (await fetch(`${inject("brightpearlUrl")}/__sandbox/requests?account=${account}`)).json()) as { byRoute: Record<string, number> };
  return Object.entries(counts.byRoute).filter(([route]) => !route.startsWith("GET ") && !route.includes("/token/")).reduce((n, [, c]) => n + c, 0);
};

describe("dry run", () => {
  it("shows what recent Magento orders would become in Brightpearl, and writes nothing", async () => {
    const { code, page, tenantId, scoped } = await signedInAccount(browser(), "dryrun", 30);
    const tenant = { id: tenantId };
    const store = await magento.createStore({ catalogue: { count: 30 }, orders: { count: 4, seed: 8, composite: false, outcomes: {} } });
    await saveMagentoConnection(scoped, tenant.id, { baseUrl: store.baseUrl, storeCode: "default", credentials: store.credentials, verifiedAt: new Date() });
    await setGoLive(scoped, tenant.id, new Date(Date.now() - 30 * 86_400_000));
    await saveMapping(scoped, tenant.id, "store-view", "default", { channelId: 2, priceListId: 2 });
    await saveMapping(scoped, tenant.id, "order-status-in", "*", { statusId: 2 });
    await saveMapping(scoped, tenant.id, "shipping-method", "*", { shippingMethodId: 1 });
    await saveMapping(scoped, tenant.id, "tax-rate", "*", { taxCode: "T" });
    // no payment-method mapping: paid orders say so, unpaid ones are ready

    const before = await writes(code);
    await page.goto(`${inject("appUrl")}/onboarding/dry-run`);
    await page.getByLabel("Orders").fill("4");
    await page.getByRole("button", { name: "Run the dry run" }).click();
    await page.getByText(/ready to import\./).waitFor();

    const entries = page.locator("article");
    await expect(entries.count()).resolves.toBe(4);
    // paid orders need the missing payment mapping; unpaid ones are ready
    const listed = await new MagentoClient({ baseUrl: store.baseUrl, storeCode: "default", credentials: store.credentials }).search("/V1/orders", { pageSize: 10 }, magentoOrder);
    const paid = listed.items.filter((o) => (o.payment?.amount_paid ?? 0) > 0 || (o.payment?.amount_authorized ?? 0) > 0).length;
    expect(paid).toBeGreaterThan(0);
    expect(paid).toBeLessThan(4);
    const ready = page.locator("article", { hasText: "Ready to import" });
    const blocked = page.locator("article", { hasText: "Needs your set-up" });
    await expect(ready.count()).resolves.toBe(4 - paid);
    await expect(blocked.count()).resolves.toBe(paid);
    {
      const first = ready.first();
      await expect(first.getByTestId("dry-run-customer").textContent()).resolves.toMatch(/^New contact: .+ <.+@.+>$/);
      const total = (await first.getByTestId("dry-run-total").textContent())!;
      const [, ours, theirs] = /^([\d.]+) [A-Z]{3} \(Magento: ([\d.]+)\)$/.exec(total) ?? [];
      expect(ours).toBe(theirs);
      await expect(first.locator("tbody tr").first().textContent()).resolves.toMatch(/product #\d+, SKU-\d+/);
      await expect(first.getByText(/Shipping:/).count()).resolves.toBeGreaterThan(0);
    }
    {
      await expect(blocked.first().textContent()).resolves.toMatch(/Payment method ".+" has no Brightpearl payment method/);
      await expect(blocked.first().getByRole("link", { name: "Fix it" }).getAttribute("href")).resolves.toBe("/onboarding/mappings");
    }
    expect(await writes(code)).toBe(before);
    expect(await scoped.syncRecord.count()).toBe(0);
    await page.close();
  });
});
