import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { saveFlowSwitches, setGoLive } from "@/lib/tenants/settings";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { startAppEngine } from "../../helpers/app-engine";
import { startBrightpearl } from "../../helpers/brightpearl";
import { startMagento } from "../../helpers/magento";
import { mapEverythingForOrders } from "../../helpers/order-mappings";

const bp = await startBrightpearl();
const mg = await startMagento();
const engine = await startAppEngine(bp);
const control = bp.started.sandbox.control;

afterAll(async () => {
  await db().$disconnect();
});

const FLOWS_ON = { orders: true, inventory: false, prices: false, products: false, shipments: false, refunds: false };

async function tenantWithOrders(orders = 4) {
  const { tenantId, accountCode } = await bp.connect();
  control.seedProducts(accountCode, { count: 30 });
  const { instance } = await mg.connect(tenantId, { catalogue: { count: 30 }, orders: { count: orders, seed: 9, composite: false } });
  const scoped = tenantDb(tenantId);
  await setGoLive(scoped, tenantId, new Date(Date.now() - 10 * 86_400_000));
  await saveFlowSwitches(scoped, tenantId, FLOWS_ON);
  await mapEverythingForOrders(scoped, tenantId);
  const brightpearlOrders = () => Object.values(control.account(accountCode).orders).filter((o) => o.orderTypeCode === "SO");
  return { tenantId, accountCode, instance, scoped, brightpearlOrders };
}

const records = (tenantId: string) => tenantDb(tenantId).syncRecord.findMany({ where: { flow: "ORDERS" } });

/** Runs the schedule and waits until every eligible order is imported. */
async function importEverything(t: Awaited<ReturnType<typeof tenantWithOrders>>) {
  const eligible = t.instance.state.orders.filter((o) => o.data.status !== "canceled").length;
  await engine.engine.tickCron(engine.fnId("orders-schedule-poll"));
  await eventually(async () => (await records(t.tenantId)).filter((r) => r.status === "SUCCEEDED").length === eligible, 20_000, "all orders imported");
  return eligible;
}

describe("the orders flow through the engine and the app's real serve route", () => {
  it("the every-minute schedule imports each eligible Magento order once, and a second pass changes nothing", async () => {
    const t = await tenantWithOrders(4);
    const eligible = await importEverything(t);
    expect(t.brightpearlOrders()).toHaveLength(eligible);
    const cursor = await t.scoped.syncCursor.findFirst({ where: { flow: "ORDERS" } });
    expect(cursor?.value).toBeTruthy();

    await engine.engine.tickCron(engine.fnId("orders-schedule-poll"));
    await engine.engine.whenIdle(20_000);
    expect(t.brightpearlOrders()).toHaveLength(eligible);
  });

  it("imports an order asked for by its number, and re-queues blocked orders when the setup changes", async () => {
    const t = await tenantWithOrders(2);
    await t.scoped.mapping.deleteMany({ where: { kind: "shipping-method" } });
    const order = t.instance.state.orders.find((o) => o.data.status !== "canceled")!.data;
    await engine.engine.send({ name: "sync/order.import.requested", data: { tenantId: t.tenantId, incrementId: String(order.increment_id) } });
    const blocked = await eventually(async () => (await records(t.tenantId)).find((r) => r.status === "BLOCKED"), 20_000, "the order blocked");
    expect(blocked.blockedBy[0]).toMatch(/^shipping-method:/);

    await saveMapping(t.scoped, t.tenantId, "shipping-method", "*", { shippingMethodId: 1 });
    await engine.engine.send({ name: "setup/changed", data: { tenantId: t.tenantId, reason: "mapping saved" } });
    await eventually(async () => (await records(t.tenantId)).find((r) => r.sourceId === String(order.entity_id))?.status === "SUCCEEDED", 20_000, "the order imported");
    expect(t.brightpearlOrders()).toHaveLength(1);
  });

  it("leaves blocked orders alone when the setup changes while the merchant has the flow off", async () => {
    const t = await tenantWithOrders(2);
    await t.scoped.mapping.deleteMany({ where: { kind: "shipping-method" } });
    const order = t.instance.state.orders.find((o) => o.data.status !== "canceled")!.data;
    await engine.engine.send({ name: "sync/order.import.requested", data: { tenantId: t.tenantId, incrementId: String(order.increment_id) } });
    await eventually(async () => (await records(t.tenantId)).some((r) => r.status === "BLOCKED"), 20_000, "the order blocked");

    await saveFlowSwitches(t.scoped, t.tenantId, { ...FLOWS_ON, orders: false });
    await saveMapping(t.scoped, t.tenantId, "shipping-method", "*", { shippingMethodId: 1 });
    const runsBefore = (await engine.engine.reads.listRuns({ functionId: engine.fnId("orders-import"), limit: 500 })).length;
    await engine.engine.send({ name: "setup/changed", data: { tenantId: t.tenantId, reason: "mapping saved" } });
    await engine.engine.whenIdle(20_000);
    expect((await engine.engine.reads.listRuns({ functionId: engine.fnId("orders-import"), limit: 500 })).length).toBe(runsBefore);
    expect((await records(t.tenantId)).find((r) => r.sourceId === String(order.entity_id))?.status).toBe("BLOCKED");
    expect(t.brightpearlOrders()).toHaveLength(0);
  });

  it("the hourly reconciliation imports an order the schedule missed", async () => {
    const t = await tenantWithOrders(3);
    // The cursor is already past these orders, as after a missed notification or a lost poll.
    await t.scoped.syncCursor.create({ data: { tenantId: t.tenantId, flow: "ORDERS", name: "updated_at", value: new Date().toISOString() } });
    await engine.engine.tickCron(engine.fnId("orders-schedule-poll"));
    await engine.engine.whenIdle(20_000);
    expect(t.brightpearlOrders()).toHaveLength(0);
    await engine.engine.send({ name: "orders/reconcile.requested", data: { tenantId: t.tenantId, mode: "missing" } });
    const eligible = t.instance.state.orders.filter((o) => o.data.status !== "canceled").length;
    await eventually(async () => t.brightpearlOrders().length === eligible, 20_000, "reconciled orders");
  });

  it("follows a Magento cancellation, and flags it when Brightpearl refuses (the order was shipped there)", async () => {
    const t = await tenantWithOrders(8);
    await importEverything(t);
    // Orders Magento can still cancel are the unpaid ones.
    const cancellable = t.instance.state.orders.filter((o) => ["pending", "processing"].includes(String(o.data.status)) && !Number(o.data.total_paid ?? 0)).map((o) => String(o.data.entity_id));
    const imported = (await records(t.tenantId)).filter((r) => r.status === "SUCCEEDED" && cancellable.includes(r.sourceId));
    expect(imported.length).toBeGreaterThanOrEqual(2);
    const [free, shipped] = imported as [(typeof imported)[0], (typeof imported)[0]];
    control.shipGoodsOut(t.accountCode, { orderId: Number(shipped.targetId) });
    for (const r of [free, shipped]) {
      const response = await fetch(`${mg.started.url}/__sandbox/instances/${t.instance.id}/orders/${r.sourceId}/actions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ action: "cancel" }),
      });
      expect(response.status).toBeLessThan(300);
    }
    await engine.engine.tickCron(engine.fnId("orders-schedule-poll"));
    await eventually(async () => (await t.scoped.syncRecord.count({ where: { flow: "ORDER_STATUS", status: { in: ["SUCCEEDED", "FAILED"] } } })) === 2, 20_000, "both cancellations handled");
    const cancelledId = control.account(t.accountCode).settings.cancelledSalesOrderStatusId;
    const orderOf = (r: { targetId: string | null }) => t.brightpearlOrders().find((o) => String(o.id) === r.targetId)!;
    const status = async (sourceId: string) => t.scoped.syncRecord.findFirstOrThrow({ where: { flow: "ORDER_STATUS", sourceId } });
    expect(orderOf(free).statusId).toBe(cancelledId);
    expect((await status(free.sourceId)).status).toBe("SUCCEEDED");
    expect(orderOf(shipped).statusId).not.toBe(cancelledId);
    const refused = await status(shipped.sourceId);
    expect(refused.status).toBe("FAILED");
    expect(refused.lastError).toMatch(/would not cancel order \d+: it has been shipped, invoiced or paid/);
  });

  it("the nightly look-back links an order that Brightpearl has but our record lost", async () => {
    const t = await tenantWithOrders(3);
    await importEverything(t);
    const before = t.brightpearlOrders().length;
    // as if the database had been restored from a backup taken before the import
    const lost = (await records(t.tenantId))[0]!;
    await t.scoped.syncRecord.update({ where: { id: lost.id }, data: { status: "FAILED", targetId: null, progress: undefined, lastError: "restored" } });
    await engine.engine.send({ name: "orders/reconcile.requested", data: { tenantId: t.tenantId, mode: "lookback" } });
    await eventually(async () => (await t.scoped.syncRecord.findUniqueOrThrow({ where: { id: lost.id } })).status === "SUCCEEDED", 20_000, "the link repaired");
    const repaired = await t.scoped.syncRecord.findUniqueOrThrow({ where: { id: lost.id } });
    expect(repaired.targetId).toBe(lost.targetId);
    expect(t.brightpearlOrders()).toHaveLength(before);
  });

  it("queues a waiting order once however many looks see it, and again when it changes in Magento", async () => {
    // Brightpearl answers slowly (long enough for three looks even on a loaded machine), so while
    // four orders run the fifth waits in the queue with no record yet, and every look in the
    // meantime sees it as not imported.
    const t = await tenantWithOrders(5);
    for (const o of t.instance.state.orders) Object.assign(o.data, { status: "pending", state: "new" });
    const forTenant = <R extends { event: { data: unknown } }>(runs: R[]) => runs.filter((r) => (r.event.data as { tenantId?: string }).tenantId === t.tenantId);
    const importRuns = async () => forTenant(await engine.engine.reads.listRuns({ functionId: engine.fnId("orders-import"), limit: 500 }));
    const looks = async () => forTenant(await engine.engine.reads.listRuns({ functionId: engine.fnId("orders-poll"), statuses: ["completed"], limit: 500 }));
    const slow = control.faults.add({ route: "/public-api/:account/order-service/sales-order", method: "POST", account: t.accountCode, latencyMs: 12_000 });

    for (let look = 1; look <= 3; look++) {
      await engine.engine.tickCron(engine.fnId("orders-schedule-poll"));
      await eventually(async () => (await looks()).length === look, 20_000, `look ${look} done`);
    }
    expect((await records(t.tenantId)).length).toBeLessThan(5);
    control.faults.remove(slow.id);
    await eventually(async () => (await records(t.tenantId)).filter((r) => r.status === "SUCCEEDED").length === 5, 45_000, "all five imported");
    expect(await importRuns()).toHaveLength(5);

    const order = t.instance.state.orders[0]!.data;
    const held = await fetch(`${mg.started.url}/__sandbox/instances/${t.instance.id}/orders/${order.entity_id}/actions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "hold" }),
    });
    expect(held.status).toBeLessThan(300);
    // as if its import were still failing: a new version of the order is worth a new attempt
    await t.scoped.syncRecord.update({ where: { tenantId_flow_sourceId: { tenantId: t.tenantId, flow: "ORDERS", sourceId: String(order.entity_id) } }, data: { status: "RETRYING" } });
    await engine.engine.tickCron(engine.fnId("orders-schedule-poll"));
    await eventually(async () => (await importRuns()).length === 6, 20_000, "the changed order queued again");
    expect(t.brightpearlOrders()).toHaveLength(5);
   }, 120_000);

  it("writes a mapped Magento status change to the Brightpearl order", async () => {
    const t = await tenantWithOrders(4);
    await saveMapping(t.scoped, t.tenantId, "order-status-in", "holded", { statusId: 6 });
    await importEverything(t);
    const record = (await records(t.tenantId)).find((r) => {
      const o = t.instance.state.orders.find((m) => String(m.data.entity_id) === r.sourceId)!;
      return ["pending", "processing"].includes(String(o.data.status));
    })!;
    const response = await fetch(`${mg.started.url}/__sandbox/instances/${t.instance.id}/orders/${record.sourceId}/actions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "hold" }),
    });
    expect(response.status).toBeLessThan(300);
    await engine.engine.tickCron(engine.fnId("orders-schedule-poll"));
    await eventually(() => t.brightpearlOrders().find((o) => String(o.id) === record.targetId)?.statusId === 6, 20_000, "the Brightpearl order on hold");
    // the Brightpearl write lands a moment before the record says so
    await eventually(async () => (await t.scoped.syncRecord.findFirst({ where: { flow: "ORDER_STATUS", sourceId: record.sourceId } }))?.status === "SUCCEEDED", 20_000, "the status record done");
  });
});
