// 500 orders through the real route and engine while both sandboxes fail, time out and lose
// answers, and the engine crashes once mid-run. Afterwards every eligible order is in Brightpearl
// exactly once with Magento's total, and every record says what happened to its order.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { saveFlowSwitches, setGoLive } from "@/lib/tenants/settings";
import type { InngestEngine } from "@/sandbox/inngest/engine";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { startAppEngine } from "../../helpers/app-engine";
import { startBrightpearl } from "../../helpers/brightpearl";
import { startMagento } from "../../helpers/magento";

const ORDERS = 500;
const bp = await startBrightpearl({ throttle: { limit: 20_000 } });
const mg = await startMagento();
const engine = await startAppEngine(bp, { BRIGHTPEARL_REQUESTS_PER_MINUTE: "20000", BRIGHTPEARL_TIMEOUT_MS: "1500", MAGENTO_TIMEOUT_MS: "1500" });
const control = bp.started.sandbox.control;

afterAll(async () => {
  await db().$disconnect();
});

/** Finished runs per function and outcome, with the last failure of each function. */
function watchRuns(first: InngestEngine) {
  const counts = new Map<string, number>();
  const lastError = new Map<string, string>();
  const attach = (engine: InngestEngine) =>
    engine.onRunFinished((run) => {
      const key = `${run.functionId.replace(/^brightpearl-magento-connector-/, "")} ${run.status}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (run.error) lastError.set(run.functionId, run.error.message);
    });
  attach(first);
  return { attach, summary: () => ({ counts: Object.fromEntries(counts), lastError: Object.fromEntries(lastError) }) };
}

describe("orders soak", () => {
  it(`imports ${ORDERS} orders exactly once through faults, timeouts and an engine crash`, { timeout: 600_000 }, async () => {
    const { tenantId, accountCode } = await bp.connect();
    control.seedProducts(accountCode, { count: 40 });
    const { instance } = await mg.connect(tenantId, { catalogue: { count: 40, configurables: 3, bundles: 2 }, orders: { count: ORDERS, seed: 77 } });
    const scoped = tenantDb(tenantId);
    await setGoLive(scoped, tenantId, new Date(Date.now() - 30 * 86_400_000));
    await saveMapping(scoped, tenantId, "store-view", "default", { channelId: 2, priceListId: 2 });
    await saveMapping(scoped, tenantId, "order-status-in", "*", { statusId: 2 });
    for (const status of ["canceled", "closed"]) await saveMapping(scoped, tenantId, "order-status-in", status, { skip: true });
    await saveMapping(scoped, tenantId, "shipping-method", "*", { shippingMethodId: 1 });
    await saveMapping(scoped, tenantId, "payment-method", "*", { paymentMethodCode: "PAYPAL" });
    await saveMapping(scoped, tenantId, "tax-rate", "*", { taxCode: "T" });
    await saveFlowSwitches(scoped, tenantId, { orders: true, inventory: false, prices: false, products: false, shipments: false, refunds: false });

    // 10% 5xx, 5% 503 and timeouts on both sides; some writes reach Brightpearl and lose their answer.
    for (const faults of [control.faults, mg.started.sandbox.faults]) {
      const account = faults === control.faults ? accountCode : instance.id;
      faults.add({ account, errorRate: 0.1, status: 500 });
      faults.add({ account, errorRate: 0.05, status: 503 });
      faults.add({ account, timeoutRate: 0.01 });
    }
    control.faults.add({ account: accountCode, route: "/public-api/:account/order-service/sales-order", method: "POST", errorRate: 0.05, status: 502, phase: "after" });
    control.faults.add({ account: accountCode, route: "/public-api/:account/accounting-service/customer-payment", method: "POST", errorRate: 0.05, status: 502, phase: "after" });

    const settled = async () => scoped.syncRecord.count({ where: { flow: "ORDERS", status: { in: ["SUCCEEDED", "SKIPPED"] } } });
    const runs = watchRuns(engine.engine);
    // what the records and the engine were doing, for a wait that runs out
    const explain = async (wait: Promise<unknown>) => {
      try {
        await wait;
      } catch (error) {
        const byStatus = await scoped.syncRecord.groupBy({ by: ["status"], where: { flow: "ORDERS" }, _count: true });
        const errors = await scoped.syncRecord.groupBy({ by: ["lastError"], where: { flow: "ORDERS", lastError: { not: null } }, _count: true, orderBy: { _count: { lastError: "desc" } }, take: 5 });
        throw new Error(
          [(error as Error).message, `records: ${JSON.stringify(byStatus)}`, `errors: ${JSON.stringify(errors)}`, `runs: ${JSON.stringify(runs.summary())}`, `engine: ${JSON.stringify(engine.engine.stats())}`].join("\n"),
        );
      }
    };
    // The every-minute schedule, compressed: a look that fails for good is followed by the next one.
    const tick = () => engine.engine.tickCron(engine.fnId("orders-schedule-poll"));
    await tick();
    const every10s = () => setInterval(() => void tick().catch(() => undefined), 10_000);
    let schedule = every10s();
    try {
      await explain(eventually(async () => (await settled()) >= ORDERS / 3, 300_000, "a third of the orders"));

      // the engine dies mid-run and a new one takes over its schema
      clearInterval(schedule);
      await engine.restart({ abandon: true });
      runs.attach(engine.engine);
      await engine.engine.sync();
      schedule = every10s();
      await explain(eventually(async () => (await settled()) >= ORDERS * 0.8, 300_000, "most of the orders"));
    } finally {
      clearInterval(schedule);
    }

    // the faults stop; the hourly reconciliation picks up whatever ran out of retries
    control.faults.clear();
    mg.started.sandbox.faults.clear();
    for (let round = 0; round < 5 && (await settled()) < ORDERS; round++) {
      await engine.engine.send({ name: "orders/reconcile.requested", data: { tenantId, mode: "missing" } });
      await eventually(async () => (await settled()) === ORDERS || (await engine.engine.whenIdle(5_000), true), 60_000, "reconciliation");
      await engine.engine.whenIdle(30_000);
    }

    const records = await scoped.syncRecord.findMany({ where: { flow: "ORDERS" } });
    expect(records).toHaveLength(ORDERS);
    expect(records.filter((r) => r.status !== "SUCCEEDED" && r.status !== "SKIPPED").map((r) => `${r.sourceId} ${r.status} ${r.lastError}`)).toEqual([]);
    for (const r of records.filter((r) => r.status === "SKIPPED")) expect(r.lastError).toMatch(/^Not imported: /);

    const magento = new Map(instance.state.orders.map((o) => [String(o.data.entity_id), o.data]));
    const imported = Object.values(control.account(accountCode).orders).filter((o) => o.orderTypeCode === "SO");
    const byRef = new Map<string, number>();
    for (const o of imported) byRef.set(String(o.externalRef), (byRef.get(String(o.externalRef)) ?? 0) + 1);
    expect([...byRef.values()].filter((n) => n > 1)).toEqual([]);
    const eligible = [...magento.values()].filter((o) => !["canceled", "closed"].includes(String(o.status)));
    expect(imported).toHaveLength(eligible.length);
    for (const o of imported) {
      const total = o.rows.reduce((sum, row) => sum + Number(row.net) + Number(row.tax), 0);
      expect(total.toFixed(2), `order ${o.externalRef}`).toBe(Number(magento.get(String(o.externalRef))!.grand_total).toFixed(2));
    }
    // payments: one per paid order, never two
    const payments = Object.values(control.account(accountCode).payments);
    const perOrder = new Map<number, number>();
    for (const p of payments) perOrder.set(p.orderId, (perOrder.get(p.orderId) ?? 0) + 1);
    expect([...perOrder.values()].filter((n) => n > 1)).toEqual([]);
  });
});
