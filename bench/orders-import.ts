// Orders benchmark: Brightpearl calls per imported order on the standard mix (70% returning
// customers, 30% new, one payment each) against the floor of 2.9; sustained import rate with a
// backlog against the ceiling the rate limit allows (requests per minute ÷ calls per order); and
// p95 from an order placed in Magento to its Brightpearl order with the default every-minute schedule.
//
//   npx tsx --conditions=react-server bench/orders-import.ts [--orders 1000] [--per-minute 200] [--latency-minutes 5]
import { generateOrders } from "../sandbox/magento/domain/order-generator";
import { arg, benchTenant, peakPerMinute, percentile, startBench } from "./lib/harness";

const ORDERS = arg("orders", 1000);
const PER_MINUTE = arg("per-minute", 200);
const LATENCY_MINUTES = arg("latency-minutes", 5);
const RETURNING_CUSTOMERS = 100;

const bench = await startBench({ perMinute: PER_MINUTE });
const { bp, engine, fnId } = bench;
const { db } = await import("../lib/db");
const { saveMapping } = await import("../lib/tenants/mappings");
const { saveFlowSwitches, setGoLive } = await import("../lib/tenants/settings");
const { sweepProducts } = await import("../lib/sync/products/product-cache");
const { brightpearlFor } = await import("../lib/brightpearl/connect");

const account = `benchorders${Date.now().toString(36)}`;
const { tenant, scoped, instance } = await benchTenant(bench, account, { count: 60 });
bp.sandbox.control.seedProducts(account, { count: 60, stock: 100_000 });
await setGoLive(scoped, tenant.id, new Date(Date.now() - 2 * 86_400_000));
await saveMapping(scoped, tenant.id, "store-view", "default", { channelId: 2, priceListId: 2 });
await saveMapping(scoped, tenant.id, "order-status-in", "*", { statusId: 2 });
await saveMapping(scoped, tenant.id, "shipping-method", "*", { shippingMethodId: 1 });
await saveMapping(scoped, tenant.id, "payment-method", "*", { paymentMethodCode: "PAYPAL" });
await saveMapping(scoped, tenant.id, "tax-rate", "*", { taxCode: "T" });
await saveFlowSwitches(scoped, tenant.id, { orders: true, inventory: false, prices: false, products: false, shipments: false, refunds: false });
await sweepProducts(await brightpearlFor(tenant.id), scoped, tenant.id);

/** Places orders now, one payment each (captured PayPal), for the given emails. */
function place(emails: string[]): number[] {
  const now = instance.now();
  const { orderIds } = generateOrders(instance, { count: emails.length, seed: now % 100_000, from: now - 1000, to: now, paymentMethods: ["paypal_express"], composite: false, guestShare: 0 });
  orderIds.forEach((id, i) => {
    const order = instance.state.orders.find((o) => o.data.entity_id === id)!;
    order.data.customer_email = emails[i]!;
  });
  return orderIds;
}

const succeeded = () => scoped.syncRecord.count({ where: { flow: "ORDERS", status: "SUCCEEDED" } });
async function waitFor(count: number, label: string) {
  for (let last = -1; ; ) {
    const done = await succeeded();
    if (done >= count) return;
    if (done !== last) process.stdout.write(`\r  ${label}: ${done}/${count}   `);
    last = done;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// Warm-up: the returning customers' first orders, not measured.
console.log(`warm-up: ${RETURNING_CUSTOMERS} customers' first orders`);
place(Array.from({ length: RETURNING_CUSTOMERS }, (_, i) => `returning-${i}@bench.example`));
await engine.tickCron(fnId("orders-schedule-poll"));
await waitFor(RETURNING_CUSTOMERS, "warm-up");

// The backlog: 70% returning customers, 30% new ones.
console.log(`\nbacklog: ${ORDERS} orders, ${PER_MINUTE} requests/minute`);
const emails = Array.from({ length: ORDERS }, (_, i) => (i % 10 < 7 ? `returning-${(i * 37) % RETURNING_CUSTOMERS}@bench.example` : `new-${i}@bench.example`));
const log = bp.sandbox.control.requests;
const mark = log.list({ account }).length;
place(emails);
const started = Date.now();
await engine.tickCron(fnId("orders-schedule-poll"));
await waitFor(RETURNING_CUSTOMERS + ORDERS, "backlog");
const minutes = (Date.now() - started) / 60_000;
const entries = log.list({ account }).slice(mark).filter((e) => e.path.startsWith("/public-api/"));
const callsPerOrder = entries.length / ORDERS;
const ceiling = PER_MINUTE / callsPerOrder;
const rate = ORDERS / minutes;
const allApi = log.list({ account }).filter((e) => e.path.startsWith("/public-api/"));
const peak = peakPerMinute(allApi.map((e) => e.at));
const throttled = allApi.filter((e) => e.status === 503).length;

// Latency with the default schedule: orders placed at random moments over a few minutes.
console.log(`\nlatency: ${LATENCY_MINUTES} minutes of orders at random moments`);
const placedAt = new Map<number, number>();
const count = LATENCY_MINUTES * 8;
await Promise.all(
  Array.from({ length: count }, () => {
    const delay = Math.random() * LATENCY_MINUTES * 60_000;
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        for (const id of place([`latency-${Math.random().toString(36).slice(2)}@bench.example`])) placedAt.set(id, Date.now());
        resolve();
      }, delay),
    );
  }),
);
await waitFor(RETURNING_CUSTOMERS + ORDERS + count, "latency");
const records = await scoped.syncRecord.findMany({ where: { flow: "ORDERS", sourceId: { in: [...placedAt.keys()].map(String) } } });
const latencies = records.map((r) => (r.completedAt!.getTime() - placedAt.get(Number(r.sourceId))!) / 1000);

console.log("\n");
console.log(`calls per imported order: ${callsPerOrder.toFixed(3)} (floor 2.9, target ≤ ${(2.9 * 1.1).toFixed(2)})`);
console.log(`sustained import: ${rate.toFixed(1)} orders/min over ${minutes.toFixed(1)} min; ceiling ${ceiling.toFixed(1)} (${PER_MINUTE} ÷ ${callsPerOrder.toFixed(2)}) → ${((rate / ceiling) * 100).toFixed(1)}% (target ≥ 90%)`);
console.log(`peak requests in any rolling minute: ${peak} of ${PER_MINUTE}; throttled (503) answers: ${throttled}`);
console.log(`order placed → Brightpearl order: p50 ${percentile(latencies, 50).toFixed(1)} s, p95 ${percentile(latencies, 95).toFixed(1)} s, max ${Math.max(...latencies).toFixed(1)} s over ${latencies.length} orders (target p95 ≤ 90 s)`);
await bench.stop();
process.exit(0);
