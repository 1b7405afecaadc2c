import { afterEach, describe, expect, it } from "vitest";
import { eventually, startEngineWithApp } from "@/tests/fixtures/inngest/engine-harness";
import { hashedSigningKey } from "@/sandbox/inngest/signing";

type Harness = Awaited<ReturnType<typeof startEngineWithApp>>;

type ApiRun = { run_id: string; function_id: string; status: string; state: string; event_id: string; output: unknown; error: { message: string } | null; ended_at: string | null };

describe("local Inngest engine: read API", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  async function get<T>(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const response = await fetch(`${h!.url}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as T };
  }

  it("reports health with the number of registered functions", async () => {
    h = await startEngineWithApp();
    const health = await get<{ status: string; functions: number; schema: string }>("/health");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: "ok", schema: h.schema, functions: h.engine.functions().length });
    expect(health.body.functions).toBeGreaterThan(10);
  });

  it("lists an event's runs and a run's status, output, error and step history in Inngest's shapes", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const [quickEvent] = (await h.app.inngest.send({ name: "test/quick", data: { n: 2 } })).ids;
    const [fatalEvent] = (await h.app.inngest.send({ name: "test/fatal", data: {} })).ids;
    const runs = [...(await h.engine.reads.runsForEvent(quickEvent!)), ...(await h.engine.reads.runsForEvent(fatalEvent!))];
    for (const run of runs) await h.engine.waitForRun(run.id);

    const byEvent = await get<{ data: ApiRun[] }>(`/v1/events/${quickEvent}/runs`);
    expect(byEvent.body.data).toEqual([
      expect.objectContaining({ run_id: runs[0]!.id, function_id: h.app.fnId("quick"), event_id: quickEvent, status: "Completed", output: 6 }),
    ]);
    expect(byEvent.body.data[0]!.ended_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const failed = await get<{ data: ApiRun & { steps: { name: string; status: string; error: { message: string } | null }[] } }>(`/v1/runs/${runs[1]!.id}`);
    expect(failed.body.data).toMatchObject({ status: "Failed", state: "failed", output: null, error: { message: "the order is invalid" } });
    // The step fails for good, then the function rethrows it and fails without a retry.
    expect(failed.body.data.steps.map((s) => [s.name, s.status, s.error?.message])).toEqual([
      ["boom", "failed", "the order is invalid"],
      ["function", "failed", "the order is invalid"],
    ]);

    expect((await get(`/v1/runs/01NOSUCHRUN0000000000000000`)).status).toBe(404);
  });

  it("lists recent runs filtered by function and by status, newest first, with a cursor", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const { ids } = await h.app.inngest.send([1, 2, 3].map((n) => ({ name: "test/quick", data: { n } })));
    const [fatalEvent] = (await h.app.inngest.send({ name: "test/fatal", data: {} })).ids;
    for (const id of [...ids, fatalEvent!]) for (const run of await h.engine.reads.runsForEvent(id)) await h.engine.waitForRun(run.id);

    const quick = await get<{ data: ApiRun[]; metadata: { next_cursor: string | null } }>(`/v1/runs?function_id=${h.app.fnId("quick")}&limit=2`);
    expect(quick.body.data.map((r) => r.output)).toEqual([8, 6]);
    const rest = await get<{ data: ApiRun[] }>(`/v1/runs?function_id=${h.app.fnId("quick")}&limit=2&cursor=${quick.body.metadata.next_cursor}`);
    expect(rest.body.data.map((r) => r.output)).toEqual([4]);

    const failed = await get<{ data: ApiRun[] }>("/v1/runs?status=Failed");
    expect(failed.body.data.map((r) => r.function_id)).toEqual([h.app.fnId("fatal")]);
    const completed = await get<{ data: ApiRun[] }>("/v1/runs?status=completed&limit=50");
    expect(completed.body.data.every((r) => r.status === "Completed")).toBe(true);
    expect((await get("/v1/runs?status=Sideways")).status).toBe(400);
  });

  it("cancels a running run through DELETE /v1/runs/:id, and refuses to cancel a finished one", async () => {
    h = await startEngineWithApp();
    const [eventId] = (await h.app.inngest.send({ name: "test/sleep", data: {} })).ids;
    const [run] = await h.engine.reads.runsForEvent(eventId!);
    await eventually(async () => (await h!.engine.reads.getRun(run!.id))?.status === "sleeping", 10_000, "the sleep");

    const cancelled = await fetch(`${h.url}/v1/runs/${run!.id}`, { method: "DELETE" });
    expect(cancelled.status).toBe(200);
    expect((await h.engine.reads.getRun(run!.id))?.status).toBe("cancelled");
    expect(h.engine.fastForward()).toBe(0);
    expect((await fetch(`${h.url}/v1/runs/${run!.id}`, { method: "DELETE" })).status).toBe(409);
  });

  it("requires the signing key as a bearer token when the engine has one", async () => {
    const key = `signkey-test-${"1234".repeat(16)}`;
    h = await startEngineWithApp({ engine: { signingKey: key } });

    expect((await get("/v1/runs")).status).toBe(401);
    expect((await get("/v1/runs", { authorization: `Bearer ${key}` })).status).toBe(200);
    expect((await get("/v1/runs", { authorization: `Bearer ${hashedSigningKey(key)}` })).status).toBe(200);
    expect((await get("/health")).status).toBe(200);
  });
});
