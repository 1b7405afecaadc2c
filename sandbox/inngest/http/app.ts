// The engine's HTTP API: what the SDK calls (event ingestion, function registration, the run-data
// fallback), the read API for the dashboard, and /health.
import { Hono } from "hono";
import { z } from "zod";
import { listen } from "../../shared/serve";
import type { InngestEngine } from "../engine";
import { bearerMatches } from "../signing";
import { eventJson, eventListQuery, metadata, runJson, runListQuery, stepJson } from "./read-api";

export type HttpServer = { url: string; close: () => Promise<void> };

const eventSchema = z.looseObject({
  name: z.string().min(1, "an event needs a name"),
  data: z.record(z.string(), z.unknown()).nullish(),
  id: z.string().min(1).optional(),
  ts: z.number().int().nonnegative().optional(),
  user: z.record(z.string(), z.unknown()).nullish(),
  v: z.string().optional(),
});

const eventsBodySchema = z.union([eventSchema, z.array(eventSchema)]);

function issues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
}

export function createHttpApp(engine: InngestEngine): Hono {
  const app = new Hono();

  app.onError((error, c) => c.json({ error: error.message, status: 500 }, 500));

  app.get("/health", (c) => c.json({ status: "ok", service: "inngest", schema: engine.schema, ...engine.stats() }));

  // Any event key is accepted: the local engine has no key management.
  const ingest = async (raw: string) => {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return { status: 400 as const, body: { error: "the body is not JSON", status: 400 } };
    }
    const parsed = eventsBodySchema.safeParse(body);
    if (!parsed.success) return { status: 400 as const, body: { error: `invalid event: ${issues(parsed.error)}`, status: 400 } };
    const events = (Array.isArray(parsed.data) ? parsed.data : [parsed.data]).map((e) => ({
      name: e.name,
      data: e.data ?? {},
      ...(e.id ? { id: e.id } : {}),
      ...(e.ts ? { ts: e.ts } : {}),
      ...(e.user ? { user: e.user } : {}),
      ...(e.v ? { v: e.v } : {}),
    }));
    const ids = await engine.send(events);
    return { status: 200 as const, body: { ids, status: 200 } };
  };
  app.post("/e/:eventKey", async (c) => {
    const result = await ingest(await c.req.text());
    return c.json(result.body, result.status);
  });
  app.post("/e", async (c) => {
    const result = await ingest(await c.req.text());
    return c.json(result.body, result.status);
  });

  app.post("/fn/register", async (c) => {
    const key = engine.signingKey;
    if (key && !bearerMatches(c.req.header("authorization"), key)) {
      return c.json({ ok: false, error: "this engine requires the app to authenticate with its signing key" }, 401);
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ ok: false, error: "the body is not JSON" }, 400);
    }
    const result = await engine.register(body);
    return c.json(result.body, result.status as 200);
  });

  // With a signing key the API is private, as Inngest's REST API is (Bearer <signing key>).
  const authorized = (authorization: string | undefined) => !engine.signingKey || bearerMatches(authorization, engine.signingKey);
  app.use("/v0/*", async (c, next) => (authorized(c.req.header("authorization")) ? next() : c.json({ error: "unauthorized" }, 401)));
  app.use("/v1/*", async (c, next) => (authorized(c.req.header("authorization")) ? next() : c.json({ error: "unauthorized" }, 401)));

  // What the SDK fetches when a call says use_api (this engine never does, but SDKs may ask).
  app.get("/v0/runs/:runId/batch", async (c) => {
    const run = await engine.reads.getRun(c.req.param("runId"));
    return run ? c.json(run.events) : c.json({ error: "run not found" }, 404);
  });
  app.get("/v0/runs/:runId/actions", async (c) => {
    const run = await engine.reads.getRun(c.req.param("runId"));
    return run ? c.json(run.steps) : c.json({ error: "run not found" }, 404);
  });

  app.get("/v1/events", async (c) => {
    const query = eventListQuery.safeParse(c.req.query());
    if (!query.success) return c.json({ error: issues(query.error) }, 400);
    const events = await engine.reads.listEvents({ name: query.data.name, before: query.data.cursor, limit: query.data.limit });
    const next = events.length === query.data.limit ? events.at(-1)?.id : undefined;
    return c.json({ data: events.map(eventJson), metadata: metadata(next) });
  });
  app.get("/v1/events/:eventId", async (c) => {
    const event = await engine.reads.getEvent(c.req.param("eventId"));
    return event ? c.json({ data: eventJson(event), metadata: metadata(undefined) }) : c.json({ error: "event not found" }, 404);
  });
  app.get("/v1/events/:eventId/runs", async (c) => {
    const runs = await engine.reads.runsForEvent(c.req.param("eventId"));
    return c.json({ data: runs.map(runJson), metadata: metadata(undefined) });
  });

  app.get("/v1/runs", async (c) => {
    const query = runListQuery.safeParse(c.req.query());
    if (!query.success) return c.json({ error: issues(query.error) }, 400);
    const runs = await engine.reads.listRuns({ functionId: query.data.function_id, statuses: query.data.status, before: query.data.cursor, limit: query.data.limit });
    const next = runs.length === query.data.limit ? runs.at(-1)?.id : undefined;
    return c.json({ data: runs.map(runJson), metadata: metadata(next) });
  });
  app.get("/v1/runs/:runId", async (c) => {
    const run = await engine.reads.getRun(c.req.param("runId"));
    if (!run) return c.json({ error: "run not found" }, 404);
    const steps = await engine.reads.history(run.id);
    return c.json({ data: { ...runJson(run), steps: steps.map(stepJson) }, metadata: metadata(undefined) });
  });
  app.delete("/v1/runs/:runId", async (c) => {
    const run = await engine.reads.getRun(c.req.param("runId"));
    if (!run) return c.json({ error: "run not found" }, 404);
    const cancelled = await engine.cancel(run.id, { by: "api" });
    return cancelled ? c.json({ data: { run_id: run.id, status: "Cancelled" } }) : c.json({ error: "the run has already finished" }, 409);
  });

  app.get("/v1/functions", async (c) => {
    const apps = await engine.reads.listApps();
    return c.json({
      data: engine.functions().map((fn) => ({ id: fn.id, app_id: fn.appId, name: fn.name, url: fn.url, config: fn.config })),
      apps: apps.map((a) => ({ app_id: a.appId, url: a.url, sdk: a.sdk, framework: a.framework, synced_at: new Date(a.syncedAt).toISOString() })),
    });
  });

  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  return app;
}

export async function startHttpServer(engine: InngestEngine, port: number, host = "127.0.0.1"): Promise<HttpServer> {
  const app = createHttpApp(engine);
  const server = await listen(app, port, host);
  return { url: `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${server.port}`, close: server.close };
}
