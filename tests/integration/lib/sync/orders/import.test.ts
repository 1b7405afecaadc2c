import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importOrder } from "@/lib/sync/orders/import";
import { TransientSyncError } from "@/lib/sync/failure";
import { rememberContact } from "@/lib/sync/orders/customers";
import { magentoOrder } from "@/lib/sync/orders/magento-order";
import { sweepProducts } from "@/lib/sync/products/product-cache";
import { magentoFor } from "@/lib/tenants/magento";
import { saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { setGoLive } from "@/lib/tenants/settings";
import { startBrightpearl } from "../../../../helpers/brightpearl";
import { startMagento } from "../../../../helpers/magento";

const bp = await startBrightpearl();
const mg = await startMagento();
const control = bp.started.sandbox.control;

afterAll(async () => {
  await db().$disconnect();
});

async function setUp(orders = { count: 8, seed: 21 }) {
  const { tenantId, accountCode } = await bp.connect();
  control.seedProducts(accountCode, { count: 30 });
  const { instance } = await mg.connect(tenantId, { catalogue: { count: 30 }, orders: { ...orders, composite: true, from: "2026-11-20 00:00:00", to: "2026-11-28 00:00:00" } });
  const scoped = tenantDb(tenantId);
  await setGoLive(scoped, tenantId, new Date("2026-11-01T00:00:00Z"));
  await saveMapping(scoped, tenantId, "store-view", "default", { channelId: 2, priceListId: 2 });
  await saveMapping(scoped, tenantId, "order-status-in", "*", { statusId: 2 });
  await saveMapping(scoped, tenantId, "shipping-method", "*", { shippingMethodId: 1 });
  await saveMapping(scoped, tenantId, "payment-method", "*", { paymentMethodCode: "PAYPAL" });
  await saveMapping(scoped, tenantId, "tax-rate", "*", { taxCode: "T" });
  const client = bp.client(tenantId, accountCode);
  await sweepProducts(client, scoped, tenantId);
  const row = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const deps = { scoped, tenant: { id: tenantId, installationInstanceId: row.installationInstanceId }, magento: (await magentoFor(scoped, tenantId))!, brightpearl: client };
  const calls = () => control.requests.list({ account: accountCode }).filter((e) => e.path.startsWith("/public-api/")).length;
  const ordersIn = () => Object.values(control.account(accountCode).orders).filter((o) => o.orderTypeCode === "SO");
  const listed = await deps.magento.search("/V1/orders", { pageSize: 100, sortOrders: [{ field: "entity_id", direction: "ASC" }] }, magentoOrder);
  const paid = listed.items.filter((o) => (o.payment?.amount_paid ?? 0) > 0);
  return { tenantId, accountCode, instance, scoped, deps, calls, ordersIn, paid };
}

describe("importing a Magento order into Brightpearl", () => {
  it("creates the customer, the order and its payment in five calls, then two for a returning customer", async () => {
    const s = await setUp();
    const first = s.paid.find((o) => o.items.every((i) => i.sku.startsWith("SKU-")))!;
    const before = s.calls();
    const outcome = await importOrder(s.deps, Number(first.entity_id));
    expect(outcome.status).toBe("imported");
    expect(s.calls() - before).toBe(5); // contact search, address, contact, sales order, payment
    const order = s.ordersIn()[0]!;
    expect(order.externalRef).toBe(String(first.entity_id));
    expect(order.reference).toBe(first.increment_id);
    const record = await s.scoped.syncRecord.findFirstOrThrow({ where: { flow: "ORDERS", sourceId: String(first.entity_id) } });
    expect(record).toMatchObject({ status: "SUCCEEDED", targetId: String(order.id), attempts: 1 });
    expect(Object.values(control.account(s.accountCode).payments)).toHaveLength(1);

    // a customer the connector already knows: no lookup, only the order and its payment
    const again = s.paid.find((o) => o.entity_id !== first.entity_id && o.items.every((i) => i.sku.startsWith("SKU-")))!;
    const contactId = (await s.scoped.customerLink.findFirstOrThrow({ where: { email: first.customer_email!.toLowerCase() } })).contactId;
    await rememberContact(s.scoped, s.tenantId, again.customer_email!.trim().toLowerCase(), contactId);
    const mark = s.calls();
    expect((await importOrder(s.deps, Number(again.entity_id))).status).toBe("imported");
    expect(s.calls() - mark).toBe(2);
  });

  it("does nothing the second time: the link makes it exactly once", async () => {
    const s = await setUp();
    const id = Number(s.paid[0]!.entity_id);
    const first = await importOrder(s.deps, id);
    const mark = s.calls();
    const second = await importOrder(s.deps, id);
    expect(second).toEqual({ status: "already-imported", orderId: (first as { orderId: number }).orderId });
    expect(s.calls()).toBe(mark);
    expect(s.ordersIn()).toHaveLength(1);
  });

  it("does not create a second order when Brightpearl's answer to the POST is lost", async () => {
    const s = await setUp();
    const id = Number(s.paid[0]!.entity_id);
    // Brightpearl creates the order, then the answer never arrives.
    control.faults.add({ route: "/public-api/:account/order-service/sales-order", method: "POST", account: s.accountCode, errorRate: 1, status: 502, phase: "after", count: 1 });
    await expect(importOrder(s.deps, id)).rejects.toBeInstanceOf(TransientSyncError);
    expect(s.ordersIn()).toHaveLength(1);
    expect((await s.scoped.syncRecord.findFirstOrThrow({ where: { sourceId: String(id) } })).status).toBe("RETRYING");
    const retried = await importOrder(s.deps, id);
    expect(retried.status).toBe("imported");
    expect(s.ordersIn()).toHaveLength(1);
    expect((retried as { orderId: number }).orderId).toBe(s.ordersIn()[0]!.id);
    expect(Object.values(control.account(s.accountCode).payments)).toHaveLength(1);
  });

  it("does not record a payment twice when Brightpearl's answer to it is lost", async () => {
    const s = await setUp();
    const id = Number(s.paid[0]!.entity_id);
    control.faults.add({ route: "/public-api/:account/accounting-service/customer-payment", method: "POST", account: s.accountCode, errorRate: 1, status: 500, phase: "after", count: 1 });
    await expect(importOrder(s.deps, id)).rejects.toBeInstanceOf(TransientSyncError);
    expect((await importOrder(s.deps, id)).status).toBe("imported");
    expect(Object.values(control.account(s.accountCode).payments)).toHaveLength(1);
  });

  it("is blocked, naming the missing mapping, and imports once it is set", async () => {
    const s = await setUp();
    await s.scoped.mapping.deleteMany({ where: { kind: "shipping-method" } });
    const id = Number(s.paid[0]!.entity_id);
    const outcome = await importOrder(s.deps, id);
    expect(outcome.status).toBe("blocked");
    const record = await s.scoped.syncRecord.findFirstOrThrow({ where: { sourceId: String(id) } });
    expect(record.status).toBe("BLOCKED");
    expect(record.blockedBy[0]).toMatch(/^shipping-method:/);
    expect(record.lastError).toMatch(/has no Brightpearl shipping method/);
    expect(s.ordersIn()).toHaveLength(0);
    await saveMapping(s.scoped, s.tenantId, "shipping-method", "*", { shippingMethodId: 1 });
    expect((await importOrder(s.deps, id)).status).toBe("imported");
  });

  it("retries when Magento is down, and says so on the record", async () => {
    const s = await setUp();
    mg.started.sandbox.faults.add({ account: s.instance.id, errorRate: 1, status: 503, count: 1 });
    const id = Number(s.paid[0]!.entity_id);
    await expect(importOrder(s.deps, id)).rejects.toBeInstanceOf(TransientSyncError);
    const record = await s.scoped.syncRecord.findFirstOrThrow({ where: { sourceId: String(id) } });
    expect(record).toMatchObject({ status: "RETRYING", lastErrorKind: "unavailable" });
    expect((await importOrder(s.deps, id)).status).toBe("imported");
  });

  it("creates one contact when two orders of a new customer are imported at once", async () => {
    const s = await setUp();
    const [x, y] = s.paid.filter((o) => o.items.every((i) => i.sku.startsWith("SKU-"))) as [typeof s.paid[0], typeof s.paid[0]];
    // the same new customer placed both
    for (const id of [x.entity_id, y.entity_id]) {
      const order = s.instance.state.orders.find((o) => o.data.entity_id === id)!;
      order.data.customer_email = "twins@example.com";
    }
    const outcomes = await Promise.all([importOrder(s.deps, x.entity_id), importOrder(s.deps, y.entity_id)]);
    expect(outcomes.map((o) => o.status)).toEqual(["imported", "imported"]);
    const contacts = Object.values(control.account(s.accountCode).contacts).filter((c) => JSON.stringify(c).includes("twins@example.com"));
    expect(contacts).toHaveLength(1);
    const customers = new Set(s.ordersIn().map((o) => o.customerId));
    expect(customers.size).toBe(1);
  });

  it("imports every generated order with totals equal to Magento's", async () => {
    const s = await setUp({ count: 12, seed: 5 });
    const ids = s.instance.state.orders.map((o) => Number(o.data.entity_id));
    const outcomes = [];
    for (const id of ids) outcomes.push(await importOrder(s.deps, id));
    expect(outcomes.filter((o) => o.status === "failed")).toEqual([]);
    const imported = s.ordersIn();
    expect(imported.length).toBe(outcomes.filter((o) => o.status === "imported").length);
    for (const o of imported) {
      const magento = s.instance.state.orders.find((m) => String(m.data.entity_id) === o.externalRef)!.data;
      const total = o.rows.reduce((sum, r) => sum + Number(r.net) + Number(r.tax), 0);
      expect(total.toFixed(2)).toBe(Number(magento.grand_total).toFixed(2));
    }
  });
});
