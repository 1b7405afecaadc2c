import { afterEach, describe, expect, it } from "vitest";
import { eventually, startEngineWithApp } from "@/tests/fixtures/inngest/engine-harness";

type Harness = Awaited<ReturnType<typeof startEngineWithApp>>;

describe("local Inngest engine: flow control", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  async function runsOf(eventIds: string[]) {
    return (await Promise.all(eventIds.map((id) => h!.engine.reads.runsForEvent(id)))).flat();
  }

  it("never overlaps two runs of one tenant under a per-tenant limit of 1, while tenants run in parallel", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const { ids } = await h.app.inngest.send(["a", "b", "a", "b", "a", "b"].map((tenantId) => ({ name: "test/tenant.sync", data: { tenantId } })));

    for (const run of await runsOf(ids)) expect((await h.engine.waitForRun(run.id)).status).toBe("completed");

    expect(h.app.probes.maxActive.a).toBe(1);
    expect(h.app.probes.maxActive.b).toBe(1);
    expect(h.app.probes.maxActive.all).toBe(2);
  });

  it("honours several limits at once: one per tenant and two for the whole function", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0 } });
    const tenants = ["x", "y", "z", "x", "y", "z"];
    const { ids } = await h.app.inngest.send(tenants.map((tenantId) => ({ name: "test/shared.sync", data: { tenantId } })));

    for (const run of await runsOf(ids)) expect((await h.engine.waitForRun(run.id)).status).toBe("completed");

    for (const t of ["x", "y", "z"]) expect(h.app.probes.maxActive[`shared:${t}`]).toBe(1);
    expect(h.app.probes.maxActive.all).toBe(2);
  });

  it("does not count a sleeping run against its concurrency limit", async () => {
    h = await startEngineWithApp();
    const { ids } = await h.app.inngest.send([
      { name: "test/nap", data: { tenantId: "same" } },
      { name: "test/nap", data: { tenantId: "same" } },
    ]);
    const runs = await runsOf(ids);

    await eventually(async () => {
      const states = await Promise.all(runs.map(async (r) => (await h!.engine.reads.getRun(r.id))?.status));
      return states.every((s) => s === "sleeping");
    }, 10_000, "both runs to be asleep at once");

    expect(h.engine.fastForward({ kinds: ["sleep"] })).toBe(2);
    for (const run of runs) expect((await h.engine.waitForRun(run.id)).output).toBe("woke same");
  });

  it("spaces run starts to the throttle's rate instead of starting them all at once", async () => {
    h = await startEngineWithApp();
    const { ids } = await h.app.inngest.send([1, 2, 3, 4].map((n) => ({ name: "test/throttled", data: { n } })));

    for (const run of await runsOf(ids)) await h.engine.waitForRun(run.id);

    // limit 2 per second: one start every 500ms, each run no earlier than its slot.
    const starts = [...h.app.probes.throttledStarts].sort((a, b) => a - b);
    expect(starts).toHaveLength(4);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[0]!).toBeGreaterThanOrEqual(i * 500 - 60);
    expect(h.logger.lines.some((l) => l.includes("queued: starts in") && l.includes("(throttle)"))).toBe(true);
  });

  it("cancels a sleeping run when a matching cancelOn event arrives, and only that run", async () => {
    h = await startEngineWithApp();
    const { ids } = await h.app.inngest.send([
      { name: "test/cancellable", data: { orderId: "o1" } },
      { name: "test/cancellable", data: { orderId: "o2" } },
    ]);
    const [first, second] = await runsOf(ids);
    await eventually(async () => (await h!.engine.reads.getRun(first!.id))?.status === "sleeping" && (await h!.engine.reads.getRun(second!.id))?.status === "sleeping", 10_000, "both runs to sleep");

    await h.app.inngest.send({ name: "test/cancel", data: { orderId: "o1" } });

    expect((await h.engine.waitForRun(first!.id, 5_000)).status).toBe("cancelled");
    expect((await h.engine.reads.getRun(second!.id))?.status).toBe("sleeping");
    h.engine.fastForward({ kinds: ["sleep"] });
    expect((await h.engine.waitForRun(second!.id)).status).toBe("completed");
    expect(h.app.probes.reachedAfterSleep).toEqual(["o2"]);
    const cancelled = await h.engine.reads.listEvents({ name: "inngest/function.cancelled", limit: 5 });
    expect(cancelled.map((e) => e.data.run_id)).toEqual([first!.id]);
  });
});
