import { afterEach, describe, expect, it } from "vitest";
import { startEngineWithApp } from "@/tests/fixtures/inngest/engine-harness";

type Harness = Awaited<ReturnType<typeof startEngineWithApp>>;

describe("local Inngest engine: throughput", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it("completes hundreds of two-step runs per minute", async () => {
    h = await startEngineWithApp({ engine: { timeScale: 0, poolSize: 4 } });
    const total = 300;
    const finished = new Set<string>();
    let resolveAll!: () => void;
    const all = new Promise<void>((r) => (resolveAll = r));
    h.engine.onRunFinished((run) => {
      if (run.functionId !== h!.app.fnId("quick")) return;
      finished.add(run.id);
      if (finished.size === total) resolveAll();
    });

    const started = performance.now();
    for (let i = 0; i < total; i += 50) {
      await h.app.inngest.send(Array.from({ length: 50 }, (_, k) => ({ name: "test/quick", data: { n: i + k } })));
    }
    await all;
    const minutes = (performance.now() - started) / 60_000;
    const perMinute = Math.round(total / minutes);
    console.info(`[throughput] ${total} runs (3 calls each) in ${(minutes * 60).toFixed(1)}s = ${perMinute} runs/minute`);

    expect(perMinute).toBeGreaterThanOrEqual(300);
    const completed = await h.engine.reads.listRuns({ functionId: h.app.fnId("quick"), statuses: ["completed"], limit: 500 });
    expect(completed).toHaveLength(total);
  }, 120_000);
});
