// The reconcile of bench/inventory-memory.ts, alone in its process: its configuration comes from
// the parent's environment; it prints one JSON line with its peak memory. Run with --expose-gc,
// it also samples the live heap (after a collection) every two seconds.
const tenantId = process.argv[2]!;
let peakHeap = 0;
let peakLive = 0;
const gc = (globalThis as { gc?: () => void }).gc;
const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
const liveSampler = gc
  ? setInterval(() => {
      gc();
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
    }, 2000)
  : undefined;
const { catalogDeps } = await import("../lib/sync/catalog/deps");
const { stockContext } = await import("../lib/sync/inventory/context");
const { auditStock } = await import("../lib/sync/inventory/reconcile");
const { db } = await import("../lib/db");
const started = Date.now();
const deps = await catalogDeps(tenantId);
const baselineRssMb = Math.round(process.memoryUsage().rss / 1048576);
const audit = await auditStock(deps, await stockContext(deps), "bench");
clearInterval(sampler);
if (liveSampler) clearInterval(liveSampler);
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
await db().$disconnect();
console.log(
  JSON.stringify({
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineRssMb,
    peakHeapMb: Math.round(peakHeap / 1048576),
    peakLiveHeapMb: gc ? Math.round(peakLive / 1048576) : undefined,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    compared: audit.counts.compared,
    fixed: audit.counts.fixed,
  }),
);
process.exit(0);
export {};
