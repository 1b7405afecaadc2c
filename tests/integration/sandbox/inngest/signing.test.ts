// The app in cloud mode (a signing key, no INNGEST_DEV) verifies every call; the engine must sign
// exactly as Inngest does for the app to accept it, and the app must refuse anything else.
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, startEngineWithApp, startTestEngine } from "@/tests/fixtures/inngest/engine-harness";
import { createFixtureApp, SERVE_URL } from "@/tests/fixtures/inngest/fixture-app";
import { callBody, readOutcome } from "@/sandbox/inngest/protocol/call";
import { canonicalJson, signatureHeader } from "@/sandbox/inngest/signing";
import { AppClient, callUrl, type Transport } from "@/sandbox/inngest/transport";

const KEY = `signkey-test-${"5eed".repeat(16)}`;
const WRONG_KEY = `signkey-test-${"bad0".repeat(16)}`;
const APP_URL = "http://connector.local/api/inngest";
const ENV_KEYS = ["INNGEST_DEV", "INNGEST_SIGNING_KEY", "INNGEST_EVENT_KEY", "INNGEST_BASE_URL"] as const;

const stepHash = (id: string) => createHash("sha1").update(id).digest("hex");

describe("the app's serve route in cloud mode and the engine's signatures", () => {
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};
  let engine: Awaited<ReturnType<typeof startTestEngine>>;
  let transport: Transport;
  let route: typeof import("@/app/api/inngest/route");
  let fnId: string;

  beforeAll(async () => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    delete process.env.INNGEST_DEV;
    process.env.INNGEST_SIGNING_KEY = KEY;
    process.env.INNGEST_EVENT_KEY = "connector-event-key";
    // Imported only now, so the client never saw INNGEST_DEV.
    transport = (request) => (route as unknown as Record<string, (r: Request) => Promise<Response>>)[request.method]!(request);
    engine = await startTestEngine({ signingKey: KEY, transport, appUrl: APP_URL, timeScale: 0 });
    // The SDK fixes its registration URL when serve() is created: set it, then import the route.
    process.env.INNGEST_BASE_URL = engine.url;
    route = await import("@/app/api/inngest/route");
    const { inngest } = await import("@/inngest/client");
    fnId = `${inngest.id}-maintenance-prune-history`;
  });

  afterAll(async () => {
    await engine?.cleanup();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  /** A call whose only step is already memoized, so the function returns without touching data. */
  function memoizedCall(client: AppClient) {
    const event = { id: "evt-1", name: "system/history.prune.requested", data: {}, ts: Date.now() };
    const body = callBody({
      runId: "run-signing-test",
      event,
      events: [event],
      steps: { [stepHash("prune")]: { data: { payloadsCleared: 0, runsDeleted: 0 } } },
      stack: [stepHash("prune")],
      attempt: 0,
      maxAttempts: 1,
      disableImmediateExecution: false,
    });
    return client.call(callUrl(`${APP_URL}?fnId=${fnId}&stepId=step`, fnId, "step"), body);
  }

  it("registers the app through a sync it authenticates with its key", async () => {
    const { inngest } = await import("@/inngest/client");
    expect(inngest.mode).toBe("cloud");

    await engine.engine.sync();

    expect(engine.engine.function(fnId)).toBeDefined();
  });

  it("accepts a call the engine signed with the app's key", async () => {
    const response = await memoizedCall(new AppClient(transport, KEY));

    expect(response.status).toBe(200);
    expect(await readOutcome(response, Date.now())).toEqual({ kind: "complete", output: { payloadsCleared: 0, runsDeleted: 0 } });
  });

  it("refuses unsigned calls, calls signed with another key, and a signed body changed afterwards", async () => {
    expect((await memoizedCall(new AppClient(transport, undefined))).status).toBe(401);
    expect((await memoizedCall(new AppClient(transport, WRONG_KEY))).status).toBe(401);

    const body = canonicalJson({ event: { name: "system/history.prune.requested", data: {} }, events: [], steps: {}, ctx: { run_id: "r", attempt: 0 } });
    const signature = signatureHeader(body, KEY, Math.floor(Date.now() / 1000));
    const tampered = body.replace('"attempt":0', '"attempt":1');
    const response = await transport(
      new Request(`${APP_URL}?fnId=${fnId}&stepId=step`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-inngest-signature": signature },
        body: tampered,
      }),
    );
    expect(response.status).toBe(401);
  });
});

describe("the engine against a cloud-mode app, end to end", () => {
  let h: Awaited<ReturnType<typeof startEngineWithApp>> | undefined;
  let other: Awaited<ReturnType<typeof startTestEngine>> | undefined;
  afterEach(async () => {
    await h?.cleanup();
    await other?.cleanup();
    h = undefined;
    other = undefined;
  });

  it("runs functions with signed calls when engine and app share the key", async () => {
    h = await startEngineWithApp({ engine: { signingKey: KEY, timeScale: 0 } });
    const [eventId] = (await h.app.inngest.send({ name: "test/quick", data: { n: 4 } })).ids;
    const [run] = await h.engine.reads.runsForEvent(eventId!);

    expect((await h.engine.waitForRun(run!.id)).output).toBe(10);
  });

  it("fails the runs of an engine that does not sign: the app answers 401 to every call", async () => {
    let app: ReturnType<typeof createFixtureApp> | undefined;
    other = await startTestEngine({ transport: (request) => app!.transport(request), appUrl: SERVE_URL, timeScale: 0 });
    app = createFixtureApp({ engineUrl: other.url, signingKey: KEY });
    await other.engine.sync();
    const [eventId] = await other.engine.send({ name: "test/quick", data: { n: 1 } });
    const [run] = await other.engine.reads.runsForEvent(eventId!);

    const done = await other.engine.waitForRun(run!.id);

    expect(done.status).toBe("failed");
    expect(done.error?.message).toMatch(/HTTP 401/);
    const attempts = (await other.engine.reads.history(run!.id)).filter((e) => e.op === "Function");
    expect(attempts).toHaveLength(5);
  });

  it("refuses to register an app that authenticates with a different key", async () => {
    h = await startEngineWithApp({ engine: { signingKey: KEY, timeScale: 0 } });
    const app = h.app;
    other = await startTestEngine({ signingKey: WRONG_KEY, transport: app.transport, appUrl: SERVE_URL });
    // The app still registers with h's engine (its baseUrl); point a raw registration at `other`.
    const response = await fetch(`${other.url}/fn/register`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ url: "http://fixture.local/api/inngest", appName: "x", functions: [] }),
    });
    expect(response.status).toBe(401);
    await eventually(() => other!.engine.functions().length === 0, 1_000, "no functions");
  });
});
