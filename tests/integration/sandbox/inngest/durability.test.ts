import { afterEach, describe, expect, it } from "vitest";
import { eventually, startEngineWithApp } from "@/tests/fixtures/inngest/engine-harness";

type Harness = Awaited<ReturnType<typeof startEngineWithApp>>;

describe("local Inngest engine: durability across restarts", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it("finishes a run interrupted by a crash mid-step on the next engine, without re-running completed steps", async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    h = await startEngineWithApp({ engine: { timeScale: 0 }, app: { gate } });
    const [eventId] = (await h.app.inngest.send({ name: "test/durable", data: {} })).ids;
    const [run] = await h.engine.reads.runsForEvent(eventId!);
    await eventually(() => h!.app.probes.executions.b === 1, 10_000, "step b to be executing");

    // Crash: the engine goes away while step b is in flight; its answer is lost.
    const next = await h.restart({ abandon: true });
    openGate();

    const done = await next.waitForRun(run!.id, 15_000);
    expect(done.status).toBe("completed");
    expect(done.output).toBe("ABC");
    expect(h.app.probes.executions).toEqual({ a: 1, b: 2, c: 1 });
    const completed = (await next.reads.history(run!.id)).filter((e) => e.status === "completed").map((e) => e.name);
    expect(completed).toEqual(["a", "b", "c"]);
  });

  it("keeps sleeping and waiting runs across a restart and serves their history from the new engine", async () => {
    h = await startEngineWithApp();
    const [sleepEvent] = (await h.app.inngest.send({ name: "test/sleep", data: {} })).ids;
    const [waitEvent] = (await h.app.inngest.send({ name: "test/approval.requested", data: { requestId: "q1" } })).ids;
    const [sleeper] = await h.engine.reads.runsForEvent(sleepEvent!);
    const [waiter] = await h.engine.reads.runsForEvent(waitEvent!);
    await eventually(async () => (await h!.engine.reads.getRun(sleeper!.id))?.status === "sleeping", 10_000, "the sleep");
    await eventually(async () => (await h!.engine.reads.getRun(waiter!.id))?.status === "waiting", 10_000, "the wait");

    const next = await h.restart();
    expect(h.logger.lines.some((l) => l.startsWith("resuming "))).toBe(true);
    expect(next.fastForward({ kinds: ["sleep"] })).toBe(1);
    await h.app.inngest.send({ name: "test/approval.granted", data: { requestId: "q1", level: 5, by: "after-restart" } });

    expect((await next.waitForRun(sleeper!.id)).status).toBe("completed");
    expect((await next.waitForRun(waiter!.id)).output).toEqual({ approvedBy: "after-restart" });

    const runs = (await (await fetch(`${h.url}/v1/events/${sleepEvent}/runs`)).json()) as { data: { run_id: string; status: string }[] };
    expect(runs.data).toEqual([expect.objectContaining({ run_id: sleeper!.id, status: "Completed" })]);
    const detail = (await (await fetch(`${h.url}/v1/runs/${sleeper!.id}`)).json()) as { data: { steps: { name: string; status: string }[] } };
    expect(detail.data.steps.map((s) => [s.name, s.status])).toEqual([
      ["before", "completed"],
      ["nap", "completed"],
      ["after", "completed"],
    ]);
  });
});
