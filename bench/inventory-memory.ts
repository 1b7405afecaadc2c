// Memory of a full stock reconcile: N SKUs (default 50,000) on both sides, the reconcile run in a
// process of its own (bench/inventory-memory-child.ts) so the sandboxes' memory is not counted;
// its peak resident set is reported (target < 300 MB). The request budget is raised so the run is
// not paced by the rate limit, which does not change what it holds in memory.
//
//   npx tsx --conditions=react-server bench/inventory-memory.ts [--skus 50000] [--live]
import { spawn } from "node:child_process";
import { arg, startBench, stockBenchTenant } from "./lib/harness";

const SKUS = arg("skus", 50_000);
const bench = await startBench({ perMinute: 100_000 });
const { bp } = bench;

const account = `benchmem${Date.now().toString(36)}`;
console.log(`seeding ${SKUS} products on both sides`);
const { tenant, instance } = await stockBenchTenant(bench, account, SKUS);

console.log("reconciling in a separate process");
// Brightpearl calls are counted from the sandbox's own request log, not from what the reconcile reports.
const mark = bp.sandbox.control.requests.list({ account }).length;
const nodeOptions = process.argv.includes("--live") ? "--expose-gc" : "";
const child = spawn("npx", ["tsx", "--conditions=react-server", "bench/inventory-memory-child.ts", tenant.id], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_OPTIONS: nodeOptions } });
let out = "";
child.stdout.on("data", (d: Buffer) => (out += d.toString()));
const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
const result = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { maxRssMb: number; baselineRssMb: number; peakHeapMb: number; peakLiveHeapMb?: number; seconds: number; compared: number; fixed: number };
const calls = bp.sandbox.control.requests.list({ account }).slice(mark).filter((e) => e.path.startsWith("/public-api/")).length;
const floor = Math.ceil(SKUS / 200) + Math.ceil(SKUS / 500);
const wrong = instance.state.sourceItems.filter((s) => s.source_code === "default" && s.quantity !== 25).length;
const live = result.peakLiveHeapMb === undefined ? "" : `, live heap at most ${result.peakLiveHeapMb} MB`;
console.log(`reconcile of ${SKUS} SKUs: peak resident memory ${result.maxRssMb} MB (${result.baselineRssMb} MB before it started; peak JS heap ${result.peakHeapMb} MB${live}) in ${result.seconds} s; ${result.compared} compared, ${result.fixed} fixed, ${calls} Brightpearl calls (${(calls / floor).toFixed(3)} × floor ${floor}), ${wrong} source items still wrong (target < 300 MB); exit ${code}`);
await bench.stop();
process.exit(0);
