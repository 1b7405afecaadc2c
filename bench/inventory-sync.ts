// Stock benchmark. (1) A full stock reconcile of N SKUs (default 10,000): Brightpearl calls
// against the floor ceil(N/200) availability calls + ceil(N/500) product-search pages (target
// ≤ 1.1 × floor), and its duration against the time the rate limit allows for those calls.
// (2) p95 from a stock change in the Brightpearl sandbox to the new quantity in the Magento
// sandbox, through webhooks, the receiver route, the engine (real time) and the flush (target ≤ 10 s).
//
//   npx tsx --conditions=react-server bench/inventory-sync.ts [--skus 10000] [--per-minute 200] [--changes 40] [--latency-seconds 120]
import { startWebhookReceiver } from "../tests/helpers/webhook-receiver";
import { arg, percentile, startBench, stockBenchTenant } from "./lib/harness";

const SKUS = arg("skus", 10_000);
const PER_MINUTE = arg("per-minute", 200);
const CHANGES = arg("changes", 40);
const LATENCY_SECONDS = arg("latency-seconds", 120);

// The app's public URL in the harness (APP_URL): Brightpearl's webhook deliveries arrive here and
// go to the real receiver route.
const receiver = await startWebhookReceiver(3999);

const bench = await startBench({ perMinute: PER_MINUTE });
const { bp, engine } = bench;
const { saveFlowSwitches } = await import("../lib/tenants/settings");
const { catalogDeps } = await import("../lib/sync/catalog/deps");
const { stockContext } = await import("../lib/sync/inventory/context");
const { auditStock } = await import("../lib/sync/inventory/reconcile");

const account = `benchstock${Date.now().toString(36)}`;
const control = bp.sandbox.control;
console.log(`seeding ${SKUS} products on both sides`);
const { tenant, scoped, instance, products } = await stockBenchTenant(bench, account, SKUS);
await saveFlowSwitches(scoped, tenant.id, { orders: false, inventory: true, prices: false, products: false, shipments: false, refunds: false });

// (1) the reconcile
const log = control.requests;
const mark = log.list({ account }).length;
const deps = await catalogDeps(tenant.id);
const started = Date.now();
const audit = await auditStock(deps, await stockContext(deps), "bench");
const seconds = (Date.now() - started) / 1000;
const calls = log.list({ account }).slice(mark).filter((e) => e.path.startsWith("/public-api/"));
const floor = Math.ceil(SKUS / 200) + Math.ceil(SKUS / 500);
// Calls within one minute's budget need no wait; beyond it, each further budget's worth costs a minute.
const minimumSeconds = Math.max(0, Math.ceil(calls.length / PER_MINUTE) - 1) * 60;
const wrong = instance.state.sourceItems.filter((s) => s.source_code === "default" && s.quantity !== 25).length;

// (2) latency: register the webhooks, then stock changes at random moments
await engine.send({ name: "brightpearl/webhooks.sync.requested", data: { tenantId: tenant.id, reason: "bench" } });
for (let i = 0; (await scoped.webhookSubscription.count()) < 3 && i < 200; i++) await new Promise((r) => setTimeout(r, 100));
console.log(`latency: ${CHANGES} stock changes over ${LATENCY_SECONDS} s`);
const latencies: number[] = [];
await Promise.all(
  Array.from({ length: CHANGES }, (_, n) => {
    const delay = Math.random() * LATENCY_SECONDS * 1000;
    return new Promise<void>((resolve) =>
      setTimeout(async () => {
        const p = products[Math.floor(Math.random() * products.length)]!;
        const quantity = 100 + n;
        const at = Date.now();
        control.setStock(account, { productId: p.productId, warehouseId: 2, inStock: quantity });
        for (;;) {
          const item = instance.state.sourceItems.find((s) => s.sku === p.sku && s.source_code === "default");
          if (item?.quantity === quantity) break;
          if (Date.now() - at > 120_000) throw new Error(`${p.sku} never reached Magento`);
          await new Promise((r) => setTimeout(r, 50));
        }
        latencies.push((Date.now() - at) / 1000);
        resolve();
      }, delay),
    );
  }),
);

console.log("");
console.log(`reconcile of ${SKUS} SKUs: ${calls.length} Brightpearl calls (floor ${floor}: ${Math.ceil(SKUS / 200)} availability + ${Math.ceil(SKUS / 500)} product pages) → ${(calls.length / floor).toFixed(3)} × floor (target ≤ 1.1)`);
console.log(`  ${seconds.toFixed(1)} s (the rate limit of ${PER_MINUTE}/min needs at least ${minimumSeconds} s of waiting for ${calls.length} calls); ${audit.counts.compared} compared, ${audit.counts.fixed} fixed, ${wrong} source items still wrong`);
console.log(`stock change → Magento: p50 ${percentile(latencies, 50).toFixed(1)} s, p95 ${percentile(latencies, 95).toFixed(1)} s, max ${Math.max(...latencies).toFixed(1)} s over ${latencies.length} changes (target p95 ≤ 10 s)`);
await bench.stop();
await receiver.close();
process.exit(0);
