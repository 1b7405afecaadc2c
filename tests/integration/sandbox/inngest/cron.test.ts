import { afterEach, describe, expect, it } from "vitest";
import { eventually, startEngineWithApp } from "@/tests/fixtures/inngest/engine-harness";
import { ManualClock } from "@/sandbox/inngest/time/clock";

type Harness = Awaited<ReturnType<typeof startEngineWithApp>>;

const T0 = Date.parse("2026-03-02T10:01:00Z");

describe("local Inngest engine: cron triggers", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it("fires a cron-triggered function at each scheduled time as the clock moves", async () => {
    const clock = new ManualClock(T0);
    h = await startEngineWithApp({ engine: { clock } });
    const fnId = h.app.fnId("scheduled");
    expect(h.engine.cronSchedule().find((c) => c.functionId === fnId)?.nextAt).toBe(Date.parse("2026-03-02T10:05:00Z"));

    await h.engine.advanceTime(3 * 60_000);
    expect(h.app.probes.cronTicks).toBe(0);
    await h.engine.advanceTime(8 * 60_000);

    const runs = await eventually(async () => {
      const list = await h!.engine.reads.listRuns({ functionId: fnId, limit: 10 });
      return list.length === 2 && list.every((r) => r.status === "completed") ? list : undefined;
    }, 10_000, "two cron runs");
    expect(runs.map((r) => r.event.ts).sort()).toEqual([Date.parse("2026-03-02T10:05:00Z"), Date.parse("2026-03-02T10:10:00Z")]);
    expect(runs.every((r) => r.event.name === "inngest/scheduled.timer")).toBe(true);
    expect(runs[0]!.output).toEqual({ cron: "*/5 * * * *" });
    expect(h.app.probes.cronTicks).toBe(2);
    expect(h.engine.cronSchedule().find((c) => c.functionId === fnId)?.nextAt).toBe(Date.parse("2026-03-02T10:15:00Z"));
  });

  it("starts a cron function on demand with a manual tick", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });

    const runId = await h.engine.tickCron(h.app.fnId("scheduled"));

    expect((await h.engine.waitForRun(runId)).output).toEqual({ cron: "*/5 * * * *" });
    expect(h.app.probes.cronTicks).toBe(1);
    await expect(h.engine.tickCron(h.app.fnId("quick"))).rejects.toThrow(/no cron trigger/);
  });

  it("with manual crons, fires nothing as the clock moves, only what is ticked", async () => {
    const clock = new ManualClock(T0);
    h = await startEngineWithApp({ engine: { clock, crons: "manual" } });
    const fnId = h.app.fnId("scheduled");
    expect(h.engine.cronSchedule()).toEqual([]);

    await h.engine.advanceTime(11 * 60_000);
    await h.engine.whenIdle(5_000);
    expect(h.app.probes.cronTicks).toBe(0);

    await h.engine.waitForRun(await h.engine.tickCron(fnId));
    expect(h.app.probes.cronTicks).toBe(1);
  });
});
