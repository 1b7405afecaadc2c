import { eventually, type TestEngine } from "@/tests/fixtures/inngest/engine-harness";

type Engine = TestEngine["engine"];

/**
 * Sends one event and waits until the runs it started have finished: the engine's idle check alone
 * can answer before a run has even been scheduled.
 */
export async function sendAndSettle(engine: Engine, event: Parameters<Engine["send"]>[0] & { name: string }, timeoutMs = 20_000): Promise<void> {
  const [id] = await engine.send(event);
  const runs = await eventually(async () => {
    const found = await engine.reads.runsForEvent(id!);
    return found.length ? found : undefined;
  }, timeoutMs, `a run for ${event.name}`);
  for (const run of runs) await engine.waitForRun(run.id, timeoutMs);
}
