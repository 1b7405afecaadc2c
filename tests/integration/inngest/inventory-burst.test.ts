import { afterAll, describe, expect, it } from "vitest";
import { peakPerMinute } from "@/bench/lib/request-rate";
import { db } from "@/lib/db";
import { saveMapping } from "@/lib/tenants/mappings";
import { setGoLive } from "@/lib/tenants/settings";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { startStack } from "@/tests/helpers/inventory-stack";

// A small request budget, shared by the stock flow and the orders flow of one account.
const PER_MINUTE = 100;
const stack = await startStack({ perMinute: PER_MINUTE });
const { control, engine } = stack;

afterAll(async () => {
  await db().$disconnect();
});

describe("a burst of stock changes", () => {
  it("1,000 changes in a minute are coalesced into a few reads and stay inside the budget the orders flow shares", async () => {
    const t = await stack.tenant({ count: 1000, flows: { inventory: true, orders: true }, magento: { catalogue: { count: 1000 }, orders: { count: 6, seed: 9, composite: false } } });
    await setGoLive(t.scoped, t.tenantId, new Date(Date.now() - 10 * 86_400_000));
    await saveMapping(t.scoped, t.tenantId, "order-status-in", "*", { statusId: 2 });
    await saveMapping(t.scoped, t.tenantId, "order-status-in", "canceled", { skip: true });
    await saveMapping(t.scoped, t.tenantId, "shipping-method", "*", { shippingMethodId: 1 });
    await saveMapping(t.scoped, t.tenantId, "payment-method", "*", { paymentMethodCode: "PAYPAL" });
    await saveMapping(t.scoped, t.tenantId, "tax-rate", "*", { taxCode: "T" });
    const since = new Date();
    await engine.engine.send({ name: "inventory/audit.requested", data: { tenantId: t.tenantId, trigger: "test" } });
    await stack.reportAfter(t.tenantId, "INVENTORY", since);

    const log = control.requests;
    const mark = log.list({ account: t.accountCode }).length;
    await engine.engine.tickCron(stack.fnId("orders-schedule-poll"));
    const started = Date.now();
    const expected = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const p = t.products[i]!;
      const inStock = 100 + ((i * 7) % 13);
      control.setStock(t.accountCode, { productId: p.productId, warehouseId: 2, inStock });
      expected.set(p.sku, inStock);
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 1000));
    }
    expect(Date.now() - started).toBeLessThan(60_000);
    await stack.settled(t.tenantId);
    const eligible = t.instance.state.orders.filter((o) => o.data.status !== "canceled").length;
    await eventually(async () => (await t.scoped.syncRecord.count({ where: { flow: "ORDERS", status: "SUCCEEDED" } })) === eligible, 60_000, "orders imported");
    await stack.settled(t.tenantId);

    // Every SKU on no order holds exactly Brightpearl's stock; SKUs on orders are checked by the unit tests of the quantity.
    const onOrders = new Set(t.instance.state.orders.flatMap((o) => o.items.map((i) => String(i.data.sku))));
    const shared = new Set(t.instance.state.products.map((p) => p.sku));
    let checked = 0;
    for (const [sku, inStock] of expected) {
      if (onOrders.has(sku) || !shared.has(sku)) continue;
      const item = t.instance.state.sourceItems.find((s) => s.sku === sku && s.source_code === "default");
      expect(item?.quantity, sku).toBe(inStock);
      checked++;
    }
    expect(checked).toBeGreaterThan(900);

    const entries = log.list({ account: t.accountCode }).slice(mark).filter((e) => e.path.startsWith("/public-api/"));
    const availability = entries.filter((e) => e.path.includes("/product-availability/"));
    // 1,000 changes, 5 calls at the floor; a flush every few seconds reads what gathered meanwhile.
    expect(availability.length).toBeLessThanOrEqual(40);
    const all = log.list({ account: t.accountCode }).filter((e) => e.path.startsWith("/public-api/"));
    expect(peakPerMinute(all.map((e) => e.at))).toBeLessThanOrEqual(PER_MINUTE);
    expect(all.filter((e) => e.status === 503)).toEqual([]);
  });
});
