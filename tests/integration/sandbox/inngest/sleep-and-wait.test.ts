import { afterEach, describe, expect, it } from "vitest";
import { eventually, startEngineWithApp } from "@/tests/fixtures/inngest/engine-harness";

type Harness = Awaited<ReturnType<typeof startEngineWithApp>>;

describe("local Inngest engine: sleeps and waits", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  async function runOf(eventId: string) {
    return eventually(async () => (await h!.engine.reads.runsForEvent(eventId))[0], 5_000, "the run");
  }

  async function state(runId: string) {
    return (await h!.engine.reads.getRun(runId))?.status;
  }

  it("holds a run in step.sleep until the sleep is fast-forwarded, then resumes after it", async () => {
    h = await startEngineWithApp();
    const [eventId] = (await h.app.inngest.send({ name: "test/sleep", data: {} })).ids;
    const run = await runOf(eventId!);
    await eventually(async () => (await state(run.id)) === "sleeping", 5_000, "the run to sleep");
    await new Promise((r) => setTimeout(r, 200));
    expect(await state(run.id)).toBe("sleeping");

    expect(h.engine.fastForward({ kinds: ["sleep"] })).toBe(1);
    const done = await h.engine.waitForRun(run.id, 10_000);

    expect(done.status).toBe("completed");
    const { before, after } = done.output as { before: number; after: number };
    expect(after - before).toBeLessThan(60_000);
    const sleep = (await h.engine.reads.history(run.id)).find((e) => e.op === "Sleep");
    expect(sleep).toMatchObject({ name: "nap", status: "completed", detail: { duration: "1h" } });
  });

  it("wakes a step.sleepUntil at the given time", async () => {
    h = await startEngineWithApp();
    const until = Date.now() + 1_200;
    const [eventId] = (await h.app.inngest.send({ name: "test/sleep-until", data: { until: new Date(until).toISOString() } })).ids;
    const run = await runOf(eventId!);

    const done = await h.engine.waitForRun(run.id, 10_000);

    expect(done.status).toBe("completed");
    expect(done.output as number).toBeGreaterThanOrEqual(until - 5);
    const sleep = (await h.engine.reads.history(run.id)).find((e) => e.op === "Sleep");
    expect(sleep?.detail?.until).toBeGreaterThanOrEqual(until - 5);
  });

  it("resumes step.waitForEvent only with an event its `if` expression accepts (event and async)", async () => {
    h = await startEngineWithApp();
    const [eventId] = (await h.app.inngest.send({ name: "test/approval.requested", data: { requestId: "r1" } })).ids;
    const run = await runOf(eventId!);
    await eventually(async () => (await state(run.id)) === "waiting", 5_000, "the run to wait");

    await h.app.inngest.send([
      { name: "test/approval.granted", data: { requestId: "r2", level: 3, by: "mallory" } },
      { name: "test/approval.granted", data: { requestId: "r1", level: 1, by: "trainee" } },
    ]);
    await new Promise((r) => setTimeout(r, 150));
    expect(await state(run.id)).toBe("waiting");
    await h.app.inngest.send({ name: "test/approval.granted", data: { requestId: "r1", level: 2, by: "alice" } });

    const done = await h.engine.waitForRun(run.id, 10_000);
    expect(done.output).toEqual({ approvedBy: "alice" });
    const wait = (await h.engine.reads.history(run.id)).find((e) => e.op === "WaitForEvent");
    expect(wait).toMatchObject({ status: "completed", output: { name: "test/approval.granted", data: { by: "alice" } } });
  });

  it("gives step.waitForEvent null when its timeout passes without a matching event", async () => {
    // 10 minutes at 1:1000 is 600ms of real time.
    h = await startEngineWithApp({ engine: { timeScale: 0.001 } });
    const [eventId] = (await h.app.inngest.send({ name: "test/approval.requested", data: { requestId: "r7", timeout: "10m" } })).ids;
    const run = await runOf(eventId!);

    const done = await h.engine.waitForRun(run.id, 10_000);

    expect(done.output).toEqual({ approvedBy: null });
    const wait = (await h.engine.reads.history(run.id)).find((e) => e.op === "WaitForEvent");
    expect(wait?.status).toBe("timed_out");
  });

  it("times a wait out at once when its timeout is fast-forwarded", async () => {
    h = await startEngineWithApp();
    const [eventId] = (await h.app.inngest.send({ name: "test/approval.requested", data: { requestId: "r8", timeout: "2d" } })).ids;
    const run = await runOf(eventId!);
    await eventually(async () => (await state(run.id)) === "waiting", 5_000, "the run to wait");

    expect(h.engine.fastForward({ kinds: ["timeout"], runId: run.id })).toBe(1);

    const done = await h.engine.waitForRun(run.id, 10_000);
    expect(done.output).toEqual({ approvedBy: null });
  });
});
