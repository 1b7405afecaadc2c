import { describe, expect, it } from "vitest";
import { backoffMs, type PlanContext, planCallResult, planWaitResolved, planWake } from "@/sandbox/inngest/planner";
import type { CallOutcome, Op } from "@/sandbox/inngest/protocol/call";
import type { Job, Run, Wait } from "@/sandbox/inngest/store/rows";

const NOW = 1_000_000;

function context(overrides: Partial<PlanContext> = {}): PlanContext {
  let n = 0;
  return { now: NOW, timeScale: 1, newId: () => `id${++n}`, maxAttempts: 5, ...overrides };
}

function run(overrides: Partial<Run> = {}): Run {
  const event = { id: "e1", name: "app/go", data: { tenantId: "t1" }, ts: 0 };
  return {
    id: "run1",
    functionId: "app-fn",
    status: "running",
    eventId: "e1",
    event,
    events: [event],
    steps: {},
    stack: [],
    pending: {},
    race: false,
    disableImmediate: false,
    concurrency: [],
    cancel: [],
    parent: null,
    output: null,
    error: null,
    createdAt: 0,
    startedAt: 10,
    endedAt: null,
    updatedAt: 0,
    version: 3,
    ...overrides,
  };
}

const job = (overrides: Partial<Job> = {}): Job => ({ id: "job1", runId: "run1", kind: "call", stepId: "step", attempt: 0, dueAt: 0, payload: {}, ...overrides });
const ops = (...list: Op[]): CallOutcome => ({ kind: "ops", ops: list });

describe("the engine's decisions", () => {
  it("memoizes a step that ran and calls the app again for the next one", () => {
    const { transition } = planCallResult(run(), job(), ops({ id: "s1", op: "StepRun", data: { n: 1 }, displayName: "fetch" }), NOW - 5, context());

    expect(transition.run.steps).toEqual({ s1: { data: { n: 1 } } });
    expect(transition.run.stack).toEqual(["s1"]);
    expect(transition.jobs).toEqual([expect.objectContaining({ kind: "call", stepId: "step", attempt: 0, dueAt: NOW })]);
    expect(transition.consumeJob).toBe("job1");
    expect(transition.expectedVersion).toBe(3);
    expect(transition.history).toEqual([expect.objectContaining({ name: "fetch", status: "completed", startedAt: NOW - 5, endedAt: NOW, output: { n: 1 } })]);
  });

  it("retries a step error on that step with the next attempt, after scaled backoff or Retry-After", () => {
    const failing = ops({ id: "s1", op: "StepError", error: { name: "Error", message: "flaky" } });
    const backoff = planCallResult(run(), job({ attempt: 1 }), failing, NOW, context({ timeScale: 0.5 })).transition;
    expect(backoff.jobs).toEqual([expect.objectContaining({ stepId: "s1", attempt: 2, dueAt: NOW + backoffMs(1) * 0.5 })]);
    expect(backoff.run.steps).toEqual({});

    const told = planCallResult(run(), job(), { ...failing, retryAfterMs: 30_000 } as CallOutcome, NOW, context()).transition;
    expect(told.jobs![0]!.dueAt).toBe(NOW + 30_000);
  });

  it("memoizes a final step failure as an error the function can catch", () => {
    const { transition } = planCallResult(run(), job({ stepId: "s1", attempt: 4 }), ops({ id: "s1", op: "StepFailed", error: { name: "Error", message: "gone" } }), NOW, context());
    expect(transition.run.steps.s1).toEqual({ error: { name: "Error", message: "gone" } });
    expect(transition.jobs).toEqual([expect.objectContaining({ stepId: "step" })]);
  });

  it("plans several steps found at once as targeted calls, turns immediate execution off, and waits for all", () => {
    const found = planCallResult(run(), job(), ops({ id: "a", op: "StepPlanned" }, { id: "b", op: "StepPlanned" }), NOW, context()).transition;
    expect(found.run.disableImmediate).toBe(true);
    expect(found.run.pending).toEqual({ a: "step", b: "step" });
    expect(found.jobs!.map((j) => j.stepId)).toEqual(["a", "b"]);

    const afterA = planCallResult({ ...found.run, version: 4 }, job({ id: "ja", stepId: "a" }), ops({ id: "a", op: "StepRun", data: 1 }), NOW, context()).transition;
    expect(afterA.run.pending).toEqual({ b: "step" });
    expect(afterA.jobs).toEqual([]);

    const afterB = planCallResult({ ...afterA.run, version: 5 }, job({ id: "jb", stepId: "b" }), ops({ id: "b", op: "StepRun", data: 2 }), NOW, context()).transition;
    expect(afterB.run.stack).toEqual(["a", "b"]);
    expect(afterB.jobs).toEqual([expect.objectContaining({ stepId: "step" })]);
  });

  it("calls again after each result in race mode (group.parallel)", () => {
    const found = planCallResult(run(), job(), ops({ id: "a", op: "StepPlanned", opts: { parallelMode: "race" } }, { id: "b", op: "StepPlanned", opts: { parallelMode: "race" } }), NOW, context()).transition;
    const afterA = planCallResult({ ...found.run, version: 4 }, job({ id: "ja", stepId: "a" }), ops({ id: "a", op: "StepRun", data: 1 }), NOW, context()).transition;
    expect(afterA.jobs).toEqual([expect.objectContaining({ stepId: "step" })]);
    const rediscovered = planCallResult({ ...afterA.run, version: 5 }, job({ id: "j2" }), ops({ id: "b", op: "StepPlanned", opts: { parallelMode: "race" } }), NOW, context()).transition;
    expect(rediscovered.jobs).toEqual([]);
  });

  it("reads a sleep's duration or date from `name` as inngest 4.24.0 sends it, and scales it", () => {
    const slept = planCallResult(run(), job(), ops({ id: "z", op: "Sleep", name: "1h", displayName: "nap" }), NOW, context({ timeScale: 0.001 })).transition;
    expect(slept.run.status).toBe("sleeping");
    expect(slept.jobs).toEqual([expect.objectContaining({ kind: "wake", stepId: "z", dueAt: NOW + 3_600 })]);

    const until = new Date(NOW + 60_000).toISOString();
    const untilPlan = planCallResult(run(), job(), ops({ id: "u", op: "Sleep", name: until }), NOW, context()).transition;
    expect(untilPlan.jobs![0]!.dueAt).toBe(NOW + 60_000);

    const woke = planWake({ ...slept.run, version: 4 }, slept.jobs![0]!, context()).transition;
    expect(woke.run.steps).toEqual({ z: null });
    expect(woke.jobs).toEqual([expect.objectContaining({ kind: "call", stepId: "step" })]);
  });

  it("waits for the event named in `name`, with its `if` and a timeout, and memoizes the matching event", () => {
    const waiting = planCallResult(run(), job(), ops({ id: "w", op: "WaitForEvent", name: "app/approved", opts: { timeout: "1d", if: "async.data.ok" } }), NOW, context()).transition;
    expect(waiting.run.status).toBe("waiting");
    const wait = waiting.waits![0]!;
    expect(wait).toMatchObject({ eventName: "app/approved", expression: "async.data.ok", expiresAt: NOW + 86_400_000 });
    expect(waiting.jobs).toEqual([expect.objectContaining({ kind: "timeout", id: wait.timeoutJobId, dueAt: NOW + 86_400_000 })]);

    const approved = { id: "e2", name: "app/approved", data: { ok: true }, ts: 5 };
    const matched = planWaitResolved({ ...waiting.run, version: 4 }, wait as Wait, { kind: "event", event: approved }, context()).transition;
    expect(matched.run.steps.w).toEqual(approved);
    expect(matched.consumeWait).toBe(wait.id);
    expect(matched.deleteJobs).toEqual([wait.timeoutJobId]);

    const timedOut = planWaitResolved({ ...waiting.run, version: 4 }, wait as Wait, { kind: "timeout", jobId: wait.timeoutJobId! }, context()).transition;
    expect(timedOut.run.steps.w).toBeNull();
  });

  it("fails the run on a final function error and retries a retriable one", () => {
    const final = planCallResult(run(), job(), { kind: "error", error: { name: "Error", message: "bad" }, noRetry: true }, NOW, context()).transition;
    expect(final.run).toMatchObject({ status: "failed", error: { message: "bad" }, endedAt: NOW });
    expect(final.clearWork).toBe(true);

    const exhausted = planCallResult(run(), job({ attempt: 4 }), { kind: "error", error: { name: "Error", message: "x" }, noRetry: false }, NOW, context()).transition;
    expect(exhausted.run.status).toBe("failed");

    const retried = planCallResult(run(), job({ attempt: 1 }), { kind: "error", error: { name: "Error", message: "x" }, noRetry: false }, NOW, context()).transition;
    expect(retried.run.status).toBe("running");
    expect(retried.jobs).toEqual([expect.objectContaining({ stepId: "step", attempt: 2 })]);
  });

  it("completes the run with the function's output", () => {
    const { transition } = planCallResult(run({ pending: {} }), job(), { kind: "complete", output: { total: 3 } }, NOW, context());
    expect(transition.run).toMatchObject({ status: "completed", output: { total: 3 }, endedAt: NOW });
  });

  it("fails the run when the app asks for a step type the engine does not support", () => {
    const { transition } = planCallResult(run(), job(), ops({ id: "g", op: "AIGateway", displayName: "ask" }), NOW, context());
    expect(transition.run.status).toBe("failed");
    expect(transition.run.error?.message).toMatch(/"ask" uses "AIGateway"/);
  });

  it("starts an invoked run, waits for it (with its timeout) and memoizes its output or an error", () => {
    const childRun = run({ id: "child1", functionId: "app-child", status: "queued", version: 0 });
    const childEvent = { id: "ce", externalId: null, name: "inngest/function.invoked", data: { n: 2 }, user: null, ts: NOW, receivedAt: NOW };
    let asked: unknown;
    const ctx = context({
      createChild: (functionId, data, parent) => {
        asked = { functionId, data, parent };
        return { child: { run: childRun, jobs: [job({ id: "cj", runId: "child1" })] }, event: childEvent, throttles: [] };
      },
    });
    const invoking = planCallResult(run(), job(), ops({ id: "i", op: "InvokeFunction", opts: { function_id: "app-child", payload: { data: { n: 2 } }, timeout: "1m" } }), NOW, ctx).transition;
    const wait = invoking.waits![0]!;
    expect(asked).toEqual({ functionId: "app-child", data: { n: 2 }, parent: { runId: "run1", stepId: "i", waitId: wait.id } });
    expect(invoking.children!.map((c) => c.run.id)).toEqual(["child1"]);
    expect(invoking.events).toEqual([childEvent]);
    expect(wait).toMatchObject({ kind: "invoke", childRunId: "child1", expiresAt: NOW + 60_000 });
    expect(invoking.run.status).toBe("waiting");

    const waiting = { ...invoking.run, version: 4 };
    const done = planWaitResolved(waiting, wait, { kind: "child", status: "completed", output: { doubled: 4 }, error: null }, context()).transition;
    expect(done.run.steps.i).toEqual({ data: { doubled: 4 } });
    const timedOut = planWaitResolved(waiting, wait, { kind: "timeout", jobId: wait.timeoutJobId! }, context()).transition;
    expect(timedOut.run.steps.i).toEqual({ error: expect.objectContaining({ name: "InngestInvokeTimeoutError" }) });

    const missing = planCallResult(run(), job(), ops({ id: "i", op: "InvokeFunction", opts: { function_id: "app-nope", payload: {} } }), NOW, context({ createChild: () => undefined })).transition;
    expect(missing.run.steps.i).toEqual({ error: { name: "Error", message: 'could not invoke "app-nope": no such function is registered' } });
    expect(missing.jobs).toEqual([expect.objectContaining({ stepId: "step" })]);
  });
});
