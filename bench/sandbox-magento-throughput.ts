// Throughput of the Magento sandbox for simple OAuth-signed GETs (GET /V1/products/{sku}).
//
//   npx tsx bench/sandbox-magento-throughput.ts [--duration 10] [--connections 32] [--clients 1]
//                                               [--url http://localhost:3002]
//
// Without --url it starts the sandbox (sandbox/magento/main.ts) on a free port in its own process.
// Either way it creates a "bench" instance through the control API with known credentials, so the
// target sandbox needs SANDBOX_ADMIN on. Requests are signed before the clock starts (each with its
// own nonce) so the number measures the server, not the signer; --clients spreads the sending over
// several processes when one client process is the bottleneck.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import OAuth from "oauth-1.0a";
import { z } from "zod";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INSTANCE = "bench";
const CREDENTIALS = {
  consumerKey: "benchconsumerkey0000000000000001",
  consumerSecret: "benchconsumersecret0000000000001",
  accessToken: "benchaccesstoken0000000000000001",
  accessTokenSecret: "benchaccesstokensecret0000000001",
};
const PATH = `/m/${INSTANCE}/rest/V1/products/SKU-00001`;

const argsSchema = z.object({
  duration: z.coerce.number().positive().default(10),
  connections: z.coerce.number().int().positive().default(32),
  clients: z.coerce.number().int().positive().default(1),
  url: z.string().url().optional(),
  worker: z.boolean().default(false),
});

function parseArgs(argv: string[]) {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i]!.replace(/^--/, "");
    if (key === "worker") raw.worker = true;
    else raw[key] = argv[++i];
  }
  const parsed = argsSchema.safeParse(raw);
  if (!parsed.success) {
    process.stderr.write(`Invalid arguments: ${parsed.error.issues.map((i) => `--${i.path.join(".")} ${i.message}`).join("; ")}\n`);
    process.exit(1);
  }
  return parsed.data;
}

function sign(base: string, count: number): string[] {
  const oauth = new OAuth({
    consumer: { key: CREDENTIALS.consumerKey, secret: CREDENTIALS.consumerSecret },
    signature_method: "HMAC-SHA256",
    hash_function: (text, key) => createHmac("sha256", key).update(text).digest("base64"),
  });
  const token = { key: CREDENTIALS.accessToken, secret: CREDENTIALS.accessTokenSecret };
  const prefix = randomBytes(6).toString("hex");
  const headers: string[] = [];
  for (let i = 0; i < count; i++) {
    oauth.getNonce = () => `${prefix}${i.toString(36)}`;
    headers.push(oauth.toHeader(oauth.authorize({ url: `${base}${PATH}`, method: "GET" }, token)).Authorization);
  }
  return headers;
}

/** Sends pre-signed GETs over keep-alive connections for `seconds`; returns answered counts by status. */
async function load(base: string, headers: string[], connections: number, seconds: number) {
  const target = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const statuses: Record<number, number> = {};
  let next = 0;
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: PATH, method: "GET", agent, headers: { Authorization: headers[next++ % headers.length]! } },
        (res) => {
          res.resume();
          res.on("end", () => {
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline && next < headers.length) await one();
    }),
  );
  agent.destroy();
  return { statuses, errors, exhausted: next >= headers.length };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function startSandbox(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "sandbox/magento/main.ts")], {
    env: { ...process.env, PORT: String(port), SANDBOX_ADMIN: "on", SANDBOX_DATA_DIR: "", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening on")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the sandbox exited (${code})`)));
  });
  return { url: `http://localhost:${port}`, child };
}

async function prepareInstance(base: string): Promise<void> {
  await fetch(`${base}/__sandbox/instances/${INSTANCE}`, { method: "DELETE" });
  const res = await fetch(`${base}/__sandbox/instances`, {
    method: "POST",
    body: JSON.stringify({ id: INSTANCE, integrations: [{ name: "bench", resources: "all", ...CREDENTIALS }], catalogue: { count: 20 } }),
  });
  if (res.status !== 201) throw new Error(`could not create the bench instance: ${res.status} ${await res.text()}`);
}

async function worker(): Promise<void> {
  const { base, count, connections, duration } = await new Promise<{ base: string; count: number; connections: number; duration: number }>((resolve) =>
    process.once("message", (m) => resolve(m as never)),
  );
  const headers = sign(base, count);
  process.send!({ ready: true });
  await new Promise<void>((resolve) => process.once("message", () => resolve()));
  process.send!(await load(base, headers, connections, duration));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.worker) return worker();

  const started = args.url ? undefined : await startSandbox();
  const base = (args.url ?? started!.url).replace(/\/$/, "");
  try {
    await prepareInstance(base);
    // Enough signed requests for 10 000/s per client process over the run.
    const perClient = Math.ceil(((args.duration + 1) * 10_000) / args.clients);
    const perClientConnections = Math.max(1, Math.round(args.connections / args.clients));
    const children = Array.from({ length: args.clients }, () => fork(fileURLToPath(import.meta.url), ["--worker"], { execArgv: process.execArgv }));
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            child.once("message", () => resolve());
            child.send({ base, count: perClient, connections: perClientConnections, duration: args.duration });
          }),
      ),
    );
    const startedAt = performance.now();
    const results = await Promise.all(
      children.map(
        (child) =>
          new Promise<{ statuses: Record<number, number>; errors: number; exhausted: boolean }>((resolve) => {
            child.once("message", (m) => resolve(m as never));
            child.send({ go: true });
          }),
      ),
    );
    const seconds = (performance.now() - startedAt) / 1000;
    const statuses: Record<string, number> = {};
    for (const r of results) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
    const ok = statuses["200"] ?? 0;
    const total = Object.values(statuses).reduce((a, b) => a + b, 0);
    const errors = results.reduce((s, r) => s + r.errors, 0);
    const command = `npx tsx bench/sandbox-magento-throughput.ts --duration ${args.duration} --connections ${args.connections} --clients ${args.clients}${args.url ? ` --url ${args.url}` : ""}`;
    console.log(
      `sandbox-magento-throughput: ${Math.round(ok / seconds)} signed GET ${PATH.replace(`/m/${INSTANCE}`, "")} per second ` +
        `(${ok} answered 200 of ${total} in ${seconds.toFixed(1)} s; other statuses ${JSON.stringify(Object.fromEntries(Object.entries(statuses).filter(([s]) => s !== "200")))}; ` +
        `${errors} connection errors; ${args.connections} keep-alive connections from ${args.clients} client process(es); target >= 1000/s) — ${command}`,
    );
    if (results.some((r) => r.exhausted)) console.log("note: a client ran out of pre-signed requests; raise --clients or lower --duration");
    for (const child of children) child.kill();
  } finally {
    started?.child.kill("SIGTERM");
  }
}

await main();
