// Authenticated GETs per second the Brightpearl sandbox serves (GET /product-service/product/{id})
// from concurrent keep-alive clients, with the throttle limit raised out of the way. Target: at
// least 1,000/s on a 2-core machine, so benchmarks of the product are never bound by the sandbox.
//
//   npx tsx bench/sandbox-brightpearl-throughput.ts [--url http://localhost:3001] [--seconds 10] [--clients 16]
//
// Without --url it starts the sandbox (sandbox/brightpearl/main.ts) in its own process on a free
// port, so client and server do not share an event loop. The count comes from the sandbox's own
// request log, cross-checked with the client's.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { parseArgs } from "node:util";
import { freePort } from "../scripts/lib/free-port";
import { bin, ROOT } from "../scripts/lib/paths";

const { values } = parseArgs({
  options: { url: { type: "string" }, seconds: { type: "string", default: "10" }, clients: { type: "string", default: "16" }, warmup: { type: "string", default: "2" } },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const warmup = Number(values.warmup);
const ACCOUNT = "benchthroughput";
const PRODUCTS = 200;

async function startSandbox(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(bin("tsx"), [`${ROOT}/sandbox/brightpearl/main.ts`], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", SANDBOX_ADMIN: "on", SANDBOX_DEMO: "off", PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${url}/health`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error("the sandbox did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, child };
}

async function admin(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}/__sandbox${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok && res.status !== 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function main() {
  const started = values.url ? undefined : await startSandbox();
  const url = values.url ?? started!.url;
  try {
    const config = await admin(url, "GET", "/config");
    await admin(url, "DELETE", `/accounts/${ACCOUNT}`).catch(() => undefined);
    await admin(url, "POST", "/accounts", { code: ACCOUNT });
    await admin(url, "POST", `/accounts/${ACCOUNT}/products`, { count: PRODUCTS, stock: 10 });
    const { accessToken } = await admin(url, "POST", `/accounts/${ACCOUNT}/tokens`);
    await admin(url, "PATCH", "/config", { throttle: { limit: 100_000_000, windowMs: 60_000 } });

    const target = new URL(url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
    const headers = { authorization: `Bearer ${accessToken}`, "brightpearl-app-ref": config.app.appRef, "brightpearl-dev-ref": config.app.devRef };
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: target.hostname, port: target.port, path, method: "GET", agent, headers }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.end();
      });

    let measuring = false;
    let ok = 0;
    let failed = 0;
    let stop = false;
    const worker = async (n: number) => {
      let i = n;
      while (!stop) {
        const id = 1001 + (i++ % PRODUCTS);
        const status = await get(`/public-api/${ACCOUNT}/product-service/product/${id}`);
        if (!measuring) continue;
        if (status === 200) ok++;
        else failed++;
      }
    };
    const workers = Array.from({ length: clients }, (_, n) => worker(n * 13));
    await new Promise((r) => setTimeout(r, warmup * 1000));
    await admin(url, "DELETE", "/requests");
    const since = Date.now();
    measuring = true;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - t0) / 1000;
    stop = true;
    await Promise.all(workers);
    agent.destroy();

    const counts = await admin(url, "GET", `/requests?account=${ACCOUNT}&since=${since}`);
    const served = counts.byRoute["GET /public-api/:account/product-service/product/:ids"] ?? 0;
    await admin(url, "PATCH", "/config", { throttle: config.throttle });
    await admin(url, "DELETE", `/accounts/${ACCOUNT}`);

    const rate = Math.round(ok / elapsed);
    const verdict = rate >= 1000 ? "meets" : "MISSES";
    const cmd = `npx tsx bench/sandbox-brightpearl-throughput.ts${values.url ? ` --url ${values.url}` : ""} --seconds ${seconds} --clients ${clients}`;
    console.log(
      `sandbox-brightpearl-throughput: ${rate.toLocaleString("en-GB")} authenticated GET/s (GET /product-service/product/{id}, ${clients} keep-alive clients, ${elapsed.toFixed(1)} s, ${failed} non-200, sandbox logged ${served.toLocaleString("en-GB")}) — ${verdict} the ≥ 1,000/s target — ${cmd}`,
    );
    if (failed > 0) process.exitCode = 1;
  } finally {
    if (started) {
      started.child.kill("SIGTERM");
      await new Promise((r) => started.child.once("exit", r));
    }
  }
}

main().catch((e: unknown) => {
  console.error(`sandbox-brightpearl-throughput failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
