import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { openOrderQuantities } from "@/lib/sync/inventory/open-orders";
import { tenantDb } from "@/lib/tenants/scope";
import { installTenant } from "@/lib/tenants/tenants";
import { startMagento } from "../../../../helpers/magento";

const mg = await startMagento();

afterAll(async () => {
  await db().$disconnect();
});

describe("the units this store's open orders still hold", () => {
  it("match Magento's own reservations per SKU, split by whether the order is in Brightpearl yet", async () => {
    const tenant = await installTenant(db(), { accountCode: `open${Date.now().toString(36)}`, installationInstanceId: "3", apiDomain: "x.brightpearlconnect.com", accessToken: "a", refreshToken: "r", expiresInSeconds: 3600, now: new Date() });
    const { instance, client } = await mg.connect(tenant.id, { catalogue: { count: 30 }, orders: { count: 12, seed: 4, composite: true } });
    const scoped = tenantDb(tenant.id);

    const reserved = new Map<string, number>();
    for (const r of instance.state.reservations) reserved.set(r.sku.toLowerCase(), (reserved.get(r.sku.toLowerCase()) ?? 0) - r.quantity);
    for (const [sku, q] of [...reserved]) if (q <= 0) reserved.delete(sku);
    expect(reserved.size).toBeGreaterThan(0);

    const open = await openOrderQuantities(client, scoped);
    expect(Object.fromEntries([...open].map(([sku, q]) => [sku, q.imported + q.notImported]))).toEqual(Object.fromEntries(reserved));
    expect([...open.values()].every((q) => q.imported === 0)).toBe(true);

    // One order imported by the orders flow: its units now count as imported.
    const order = instance.state.orders.find((o) => ["new", "processing"].includes(String(o.data.state)))!;
    await scoped.syncRecord.create({ data: { tenantId: tenant.id, flow: "ORDERS", sourceId: String(order.data.entity_id), status: "SUCCEEDED" } });
    const after = await openOrderQuantities(client, scoped);
    const imported = [...after.values()].reduce((n, q) => n + q.imported, 0);
    expect(imported).toBeGreaterThan(0);
    const total = (m: typeof open) => [...m.values()].reduce((n, q) => n + q.imported + q.notImported, 0);
    expect(total(after)).toBe(total(open));
  });
});
