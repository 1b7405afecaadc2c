// The engine as `npm run dev` starts it: `tsx sandbox/inngest/main.ts` with its environment,
// talking to the app over loopback HTTP.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { databaseUrl, dropSchema, eventually, randomSchema } from "@/tests/fixtures/inngest/engine-harness";
import { createFixtureApp } from "@/tests/fixtures/inngest/fixture-app";

const ROOT = path.resolve(__dirname, "../../../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const MAIN = path.join(ROOT, "sandbox/inngest/main.ts");

type Started = { child: ChildProcess; stdout: string[]; stderr: string[]; exited: Promise<number | null> };

function startMain(env: Record<string, string | undefined>): Started {
  const clean = { ...process.env };
  for (const key of ["PORT", "APP_SERVE_URL", "INNGEST_ENGINE_SCHEMA", "INNGEST_SIGNING_KEY", "INNGEST_ENGINE_TIME_SCALE"]) delete clean[key];
  const child = spawn(TSX, [MAIN], { cwd: ROOT, env: { ...clean, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on("data", (chunk: Buffer) => stdout.push(...chunk.toString().split("\n").filter(Boolean)));
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(...chunk.toString().split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, stdout, stderr, exited };
}

describe("sandbox/inngest/main.ts", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("stops with one clear line when its configuration is invalid", async () => {
    const badPort = startMain({ PORT: "eighty", APP_SERVE_URL: "http://localhost:3000/api/inngest", DATABASE_URL: databaseUrl() });
    expect(await badPort.exited).toBe(1);
    expect(badPort.stderr).toEqual([expect.stringMatching(/^Configuration error: PORT is invalid; expected a TCP port number\.$/)]);

    const noApp = startMain({ PORT: "0", APP_SERVE_URL: undefined, DATABASE_URL: databaseUrl() });
    expect(await noApp.exited).toBe(1);
    expect(noApp.stderr).toEqual([expect.stringMatching(/^Configuration error: APP_SERVE_URL is missing; expected the app's serve URL/)]);
  }, 30_000);

  it("serves its API at once, syncs the app when it comes up, runs its functions and stops on SIGTERM", async () => {
    const schema = randomSchema("main");
    cleanups.push(() => dropSchema(schema));
    // The app is not listening yet: the engine must keep retrying the sync.
    let app: ReturnType<typeof createFixtureApp> | undefined;
    const appServer = await new Promise<ServerType & { port: number }>((resolve) => {
      const server = serve({ fetch: (request) => (app ? app.transport(request) : new Response("starting", { status: 503 })), port: 0, hostname: "127.0.0.1" }, (info) =>
        resolve(Object.assign(server, { port: info.port })),
      );
    });
    cleanups.push(() => new Promise<void>((r) => appServer.close(() => r())));

    const main = startMain({
      PORT: "0",
      APP_SERVE_URL: `http://127.0.0.1:${appServer.port}/api/inngest`,
      DATABASE_URL: databaseUrl(),
      INNGEST_ENGINE_SCHEMA: schema,
      INNGEST_ENGINE_SYNC_INTERVAL_MS: "1000",
    });
    cleanups.push(async () => {
      if (main.child.exitCode === null) main.child.kill("SIGKILL");
    });
    const listening = await eventually(() => main.stdout.find((l) => l.startsWith("listening on ")), 20_000, "the engine to listen");
    const engineUrl = /listening on (\S+)/.exec(listening)![1]!;
    expect((await fetch(`${engineUrl}/health`)).status).toBe(200);
    await eventually(() => main.stderr.some((l) => l.includes("sync with") && l.includes("retrying")), 10_000, "a failed first sync");

    app = createFixtureApp({ engineUrl });
    await eventually(() => main.stdout.some((l) => l.startsWith("app synced from")), 15_000, "the sync");
    const [eventId] = (await app.inngest.send({ name: "test/quick", data: { n: 10 } })).ids;
    const run = await eventually(async () => {
      const body = (await (await fetch(`${engineUrl}/v1/events/${eventId}/runs`)).json()) as { data: { status: string; output: unknown }[] };
      return body.data[0]?.status === "Completed" ? body.data[0] : undefined;
    }, 15_000, "the run");
    expect(run.output).toBe(22);
    expect(main.stdout.some((l) => /^quick \S+ completed in /.test(l))).toBe(true);

    main.child.kill("SIGTERM");
    expect(await main.exited).toBe(0);
  }, 60_000);
});
