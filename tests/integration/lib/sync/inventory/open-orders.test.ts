import { afterAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
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

    const open = (await openOrderQuantities(client, scoped)).quantities;
    expect(Object.fromEntries([...open].map(([sku, q]) => [sku, q.imported + q.notImported]))).toEqual(Object.fromEntries(reserved));
    expect([...open.values()].every((q) => q.imported === 0)).toBe(true);

    // One order imported by the orders flow: its units now count as imported.
    const order = instance.state.orders.find((o) => ["new", "processing"].includes(String(o.data.state)))!;
    await scoped.syncRecord.create({ data: { tenantId: tenant.id, flow: "ORDERS", sourceId: String(order.data.entity_id), targetId: "501", status: "SUCCEEDED" } });
    const after = (await openOrderQuantities(client, scoped)).quantities;
    const imported = [...after.values()].reduce((n, q) => n + q.imported, 0);
    expect(imported).toBeGreaterThan(0);
    const total = (m: typeof open) => [...m.values()].reduce((n, q) => n + q.imported + q.notImported, 0);
    expect(total(after)).toBe(total(open));
  });

  it("count an imported order's units as allocated only when Brightpearl says the whole order is allocated and unshipped, in its warehouse", async () => {
    const tenant = await installTenant(db(), { accountCode: `alloc${Date.now().toString(36)}`, installationInstanceId: "3", apiDomain: "x.brightpearlconnect.com", accessToken: "a", refreshToken: "r", expiresInSeconds: 3600, now: new Date() });
    const { instance, client } = await mg.connect(tenant.id, { catalogue: { count: 30 }, orders: { count: 12, seed: 4, composite: false } });
    const scoped = tenantDb(tenant.id);
    const open = instance.state.orders.filter((o) => ["new", "processing"].includes(String(o.data.state))).slice(0, 3);
    expect(open).toHaveLength(3);
    // Brightpearl orders 601 (all allocated in warehouse 3), 602 (part allocated), 603 (all allocated but shipped)
    const answers: Record<number, { allocationStatusCode: string; shippingStatusCode: string; warehouseId: number }> = {
      601: { allocationStatusCode: "AAA", shippingStatusCode: "NST", warehouseId: 3 },
      602: { allocationStatusCode: "APA", shippingStatusCode: "NST", warehouseId: 3 },
      603: { allocationStatusCode: "AAA", shippingStatusCode: "ASS", warehouseId: 3 },
    };
    for (const [i, o] of open.entries()) await scoped.syncRecord.create({ data: { tenantId: tenant.id, flow: "ORDERS", sourceId: String(o.data.entity_id), targetId: String(601 + i), status: "SUCCEEDED" } });
    const asked: string[] = [];
    const brightpearl = {
      get: async (path: string, schema: z.ZodType) => {
        asked.push(path);
        return schema.parse(Object.entries(answers).map(([id, a]) => ({ id: Number(id), ...a })));
      },
    } as unknown as BrightpearlClient;

    const result = await openOrderQuantities(client, scoped, brightpearl);
    expect(asked).toEqual(["/order-service/order/601-603"]);
    expect(result.brightpearlCalls).toBe(1);
    const units = (o: (typeof open)[number]) => {
      const out = new Map<string, number>();
      for (const i of o.items) {
        const q = Number(i.data.qty_ordered ?? 0) - Number(i.data.qty_shipped ?? 0) - Number(i.data.qty_canceled ?? 0) - Number(i.data.qty_refunded ?? 0);
        if (q > 0) out.set(String(i.data.sku).toLowerCase(), (out.get(String(i.data.sku).toLowerCase()) ?? 0) + q);
      }
      return out;
    };
    const allocated = [...result.quantities.values()].reduce((n, q) => n + [...(q.allocated ?? new Map()).values()].reduce((a, b) => a + b, 0), 0);
    expect(allocated).toBe([...units(open[0]!).values()].reduce((a, b) => a + b, 0));
    for (const [sku, q] of units(open[0]!)) expect(result.quantities.get(sku)!.allocated!.get(3)).toBeGreaterThanOrEqual(q);
  });
});
