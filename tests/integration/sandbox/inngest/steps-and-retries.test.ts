import { afterEach, describe, expect, it } from "vitest";
import { eventually, startEngineWithApp } from "@/tests/fixtures/inngest/engine-harness";

type Harness = Awaited<ReturnType<typeof startEngineWithApp>>;

describe("local Inngest engine: steps and retries", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  async function onlyRun(eventId: string) {
    const runs = await h!.engine.reads.runsForEvent(eventId);
    expect(runs).toHaveLength(1);
    return h!.engine.waitForRun(runs[0]!.id);
  }

  it("retries a failing step with the attempt count the function sees, then memoizes its result", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const [eventId] = await h.app.inngest.send({ name: "test/flaky", data: {} }).then((r) => r.ids);

    const run = await onlyRun(eventId!);

    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ succeededOnAttempt: 2 });
    expect(h.app.probes.flakyAttempts).toEqual([0, 1, 2]);
    const history = await h.engine.reads.history(run.id);
    expect(history.filter((e) => e.name === "flaky").map((e) => [e.status, e.attempt])).toEqual([
      ["errored", 0],
      ["errored", 1],
      ["completed", 2],
    ]);
  });

  it("gives up on a step after retries + 1 attempts, when the SDK reports the failure as final", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const [eventId] = (await h.app.inngest.send({ name: "test/hopeless", data: {} })).ids;

    const run = await onlyRun(eventId!);

    expect(run.status).toBe("failed");
    expect(run.error?.message).toBe("still broken on attempt 1");
    expect(h.app.probes.hopelessAttempts).toEqual([0, 1]);
    const attempts = (await h.engine.reads.history(run.id)).filter((e) => e.name === "never");
    expect(attempts.map((e) => [e.status, e.attempt])).toEqual([
      ["errored", 0],
      ["failed", 1],
    ]);
  });

  it("does not retry a NonRetriableError, fails the run and runs its onFailure handler", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const [eventId] = (await h.app.inngest.send({ name: "test/fatal", data: { orderId: 7 } })).ids;

    const run = await onlyRun(eventId!);

    expect(run.status).toBe("failed");
    expect(run.error?.message).toBe("the order is invalid");
    const stepAttempts = (await h.engine.reads.history(run.id)).filter((e) => e.name === "boom");
    expect(stepAttempts.map((e) => e.status)).toEqual(["failed"]);
    await eventually(() => h!.app.probes.failures.length === 1, 10_000, "the onFailure handler");
    expect(h.app.probes.failures).toEqual([{ functionId: h.app.fnId("fatal"), message: "the order is invalid" }]);
    const failureRuns = await h.engine.reads.listRuns({ functionId: h.app.fnId("fatal-failure"), limit: 5 });
    await eventually(async () => (await h!.engine.reads.getRun(failureRuns[0]!.id))?.status === "completed", 10_000, "the failure run");
  });

  it("waits for the Retry-After the app asks for before retrying", async () => {
    // Scaled 1:10, the app's "10s" is one second; an ordinary first retry would come after 100ms.
    h = await startEngineWithApp({ engine: { timeScale: 0.1 } });
    const [eventId] = (await h.app.inngest.send({ name: "test/retry-after", data: {} })).ids;

    const run = await onlyRun(eventId!);

    expect(run.status).toBe("completed");
    const [first, second] = h.app.probes.retryAfterAttempts;
    expect(second! - first!).toBeGreaterThanOrEqual(950);
  });

  it("retries an error thrown outside any step the same way, up to retries + 1 attempts", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const [eventId] = (await h.app.inngest.send({ name: "test/function-error", data: {} })).ids;

    const run = await onlyRun(eventId!);

    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ attempt: 2 });
    expect(h.app.probes.functionErrorAttempts).toEqual([0, 1, 2]);
    const errors = (await h.engine.reads.history(run.id)).filter((e) => e.op === "Function");
    expect(errors.map((e) => e.status)).toEqual(["errored", "errored"]);
  });

  it("runs parallel steps as separate targeted calls and continues once all of them are done", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const [eventId] = (await h.app.inngest.send({ name: "test/parallel", data: {} })).ids;

    const run = await onlyRun(eventId!);

    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ sum: 3, z: null });
    expect(run.disableImmediate).toBe(true);
    expect(h.app.probes.maxActive.parallel).toBe(2);
    const history = await h.engine.reads.history(run.id);
    expect(history.filter((e) => e.op === "StepRun" && e.status === "completed").map((e) => e.name).sort()).toEqual(["p1", "p2", "sum"]);
    expect(history.find((e) => e.op === "Sleep")?.status).toBe("completed");
  });
});
