// Memory of a full stock reconcile: N SKUs (default 50,000) on both sides, the reconcile run in a
// process of its own (bench/inventory-memory-child.ts) so the sandboxes' memory is not counted;
// its peak resident set is reported (target < 300 MB). The request budget is raised so the run is
// not paced by the rate limit, which does not change what it holds in memory.
//
//   npx tsx --conditions=react-server bench/inventory-memory.ts [--skus 50000] [--live]
import { spawn } from "node:child_process";
import { arg, connectTenant, startBench } from "./lib/harness";

const SKUS = arg("skus", 50_000);
const bench = await startBench({ perMinute: 100_000 });
const { bp, mg } = bench;
const { tenantDb } = await import("../lib/tenants/scope");
const { saveMagentoConnection } = await import("../lib/tenants/magento");
const { saveMapping } = await import("../lib/tenants/mappings");

const account = `benchmem${Date.now().toString(36)}`;
const tenant = await connectTenant(bp, account);
const scoped = tenantDb(tenant.id);
console.log(`seeding ${SKUS} products on both sides`);
for (let start = 1; start <= SKUS; start += 10_000) bp.sandbox.control.seedProducts(account, { count: Math.min(10_000, SKUS - start + 1), startIndex: start, stock: { 2: 25 } });
const instance = mg.sandbox.createInstance({ integrations: [{ name: "bench", resources: "all" }], catalogue: { count: SKUS, missing: [], extra: 0, configurables: 0, bundles: 0 } });
const integration = instance.state.integrations[0]!;
await saveMagentoConnection(scoped, tenant.id, {
  baseUrl: mg.sandbox.baseUrlOf(instance.id),
  storeCode: "default",
  credentials: { consumerKey: integration.consumerKey, consumerSecret: integration.consumerSecret, accessToken: integration.accessToken, accessTokenSecret: integration.accessTokenSecret },
  verifiedAt: new Date(),
});
await saveMapping(scoped, tenant.id, "source-warehouses", "default", { warehouseIds: [2] });

console.log("reconciling in a separate process");
const nodeOptions = process.argv.includes("--live") ? "--expose-gc" : "";
const child = spawn("npx", ["tsx", "--conditions=react-server", "bench/inventory-memory-child.ts", tenant.id], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_OPTIONS: nodeOptions } });
let out = "";
child.stdout.on("data", (d: Buffer) => (out += d.toString()));
const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
const result = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { maxRssMb: number; baselineRssMb: number; peakHeapMb: number; peakLiveHeapMb?: number; seconds: number; compared: number; fixed: number; calls: number };
const wrong = instance.state.sourceItems.filter((s) => s.source_code === "default" && s.quantity !== 25).length;
const live = result.peakLiveHeapMb === undefined ? "" : `, live heap at most ${result.peakLiveHeapMb} MB`;
console.log(`reconcile of ${SKUS} SKUs: peak resident memory ${result.maxRssMb} MB (${result.baselineRssMb} MB before it started; peak JS heap ${result.peakHeapMb} MB${live}) in ${result.seconds} s; ${result.compared} compared, ${result.fixed} fixed, ${result.calls} Brightpearl calls, ${wrong} source items still wrong (target < 300 MB); exit ${code}`);
await bench.stop();
process.exit(0);
