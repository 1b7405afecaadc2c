// The engine's decisions, as pure functions: given a run and what just happened (the app answered
// a call, a sleep ended, an event matched a wait, a timeout fired), the next state of the run and
// the work it schedules. The engine applies the result atomically and only then acts on it.
import { type CallOutcome, type EventPayload, type Op, type SerializedError, toSerializedError } from "./protocol/call";
import type { HistoryEntry, HistoryStatus, Job, NewRun, ParentRef, PendingKind, Run, RunStatus, StoredEvent, Transition, Wait } from "./store/rows";
import { delayFrom, parseDuration } from "./time/durations";

export type ChildRun = { child: NewRun; event: StoredEvent; throttles: [string, number][] };

export type PlanContext = {
  now: number;
  /** Multiplies every delay the engine computes (sleeps, backoff, timeouts): 1 = real time. */
  timeScale: number;
  newId: () => string;
  maxAttempts: number;
  /** Starts a run of another function for step.invoke; undefined when it is not registered. */
  createChild?: (functionId: string, data: Record<string, unknown>, parent: ParentRef) => ChildRun | undefined;
};

/** What happened, in words, for the engine's one-line logs. */
export type PlanNote =
  | { kind: "started" }
  | { kind: "step"; name: string; status: "completed" | "failed" }
  | { kind: "retry"; name: string; attempt: number; delayMs: number; error: SerializedError }
  | { kind: "sleeping"; name: string; delayMs: number }
  | { kind: "waiting"; name: string; event: string }
  | { kind: "invoking"; name: string; functionId: string; childRunId?: string }
  | { kind: "unsupported"; op: string };

export type Plan = { transition: Transition; notes: PlanNote[] };

/** Retry delay before scaling: 1s, 2s, 4s, ... capped at 1 minute. */
// UNVERIFIED: Inngest Cloud's backoff schedule is longer and jittered; a local engine favours
// short, predictable retries. Retry-After from the app always wins.
export function backoffMs(failures: number): number {
  return Math.min(1_000 * 2 ** failures, 60_000);
}

const INVOKE_TIMEOUT_ERROR: SerializedError = {
  name: "InngestInvokeTimeoutError",
  message: "Timed out waiting for the invoked function to complete",
};

function begin(run: Run, now: number): { next: Run; tr: Transition } {
  const next: Run = {
    ...run,
    steps: { ...run.steps },
    stack: [...run.stack],
    pending: { ...run.pending },
    updatedAt: now,
  };
  const tr: Transition = { run: next, expectedVersion: run.version, jobs: [], waits: [], history: [], historyUpdates: [], children: [], events: [], throttles: [] };
  return { next, tr };
}

function statusFor(pending: Record<string, PendingKind>, callQueued: boolean): RunStatus {
  const kinds = Object.values(pending);
  if (callQueued || kinds.includes("step")) return "running";
  if (kinds.includes("wait") || kinds.includes("invoke")) return "waiting";
  if (kinds.includes("sleep")) return "sleeping";
  return "running";
}

function memoize(next: Run, stepId: string, value: unknown): void {
  next.steps[stepId] = value;
  if (!next.stack.includes(stepId)) next.stack.push(stepId);
  delete next.pending[stepId];
}

function discoveryJob(next: Run, ctx: PlanContext, attempt = 0, dueAt = ctx.now): Job {
  return { id: ctx.newId(), runId: next.id, kind: "call", stepId: "step", attempt, dueAt, payload: {} };
}

/**
 * After results were memoized: call the app again once nothing is outstanding (Promise.all
 * semantics), or right away in race mode, where any one result may let the function move on.
 */
function settle(next: Run, tr: Transition, ctx: PlanContext, completedAny: boolean): void {
  const outstanding = Object.keys(next.pending).length;
  let queued = false;
  if (outstanding === 0 || (next.race && completedAny)) {
    tr.jobs!.push(discoveryJob(next, ctx));
    queued = true;
  }
  if (outstanding === 0) next.race = false;
  next.status = statusFor(next.pending, queued);
}

function finish(next: Run, tr: Transition, ctx: PlanContext, status: "completed" | "failed" | "cancelled", result: { output?: unknown; error?: SerializedError }): void {
  next.status = status;
  next.endedAt = ctx.now;
  next.pending = {};
  next.race = false;
  next.output = status === "completed" ? (result.output ?? null) : null;
  next.error = result.error ?? null;
  tr.clearWork = true;
  tr.jobs = [];
  tr.waits = [];
  tr.children = [];
}

function history(ctx: PlanContext, run: Run, entry: Omit<HistoryEntry, "id" | "runId">): HistoryEntry {
  return { id: ctx.newId(), runId: run.id, ...entry };
}

function stepName(op: Op): string {
  const userland = (op as { userland?: { id?: unknown } }).userland;
  return op.displayName ?? (typeof userland?.id === "string" ? userland.id : undefined) ?? op.name ?? op.id;
}

function timeSpec(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}

/** The app answered a call (job) for this run. */
export function planCallResult(run: Run, job: Job, outcome: CallOutcome, callStartedAt: number, ctx: PlanContext): Plan {
  const { next, tr } = begin(run, ctx.now);
  tr.consumeJob = job.id;
  const notes: PlanNote[] = [];
  if (next.startedAt === null) {
    next.startedAt = callStartedAt;
    notes.push({ kind: "started" });
  }
  const targeted = job.stepId !== "step";

  if (outcome.kind === "complete") {
    finish(next, tr, ctx, "completed", { output: outcome.output });
    return { transition: tr, notes };
  }

  if (outcome.kind === "error") {
    const final = outcome.noRetry || job.attempt + 1 >= ctx.maxAttempts;
    tr.history!.push(
      history(ctx, next, {
        stepId: targeted ? job.stepId : null,
        name: targeted ? null : "function",
        op: targeted ? "StepRun" : "Function",
        status: final ? "failed" : "errored",
        attempt: job.attempt,
        startedAt: callStartedAt,
        endedAt: ctx.now,
        error: outcome.error,
        ...(outcome.status ? { detail: { httpStatus: outcome.status } } : {}),
      }),
    );
    if (final) {
      finish(next, tr, ctx, "failed", { error: outcome.error });
      return { transition: tr, notes };
    }
    const delayMs = (outcome.retryAfterMs ?? backoffMs(job.attempt)) * ctx.timeScale;
    tr.jobs!.push({ id: ctx.newId(), runId: next.id, kind: "call", stepId: job.stepId, attempt: job.attempt + 1, dueAt: ctx.now + delayMs, payload: {} });
    notes.push({ kind: "retry", name: targeted ? job.stepId : "function", attempt: job.attempt + 1, delayMs, error: outcome.error });
    next.status = "running";
    return { transition: tr, notes };
  }

  const ops = outcome.ops;
  if (ops.length > 1) next.disableImmediate = true;
  if (ops.some((op) => op.opts?.parallelMode === "race")) next.race = true;
  let completedAny = false;
  const isKnown = (id: string) => id in next.pending || id in next.steps;

  for (const op of ops) {
    const name = stepName(op);
    switch (op.op) {
      case "StepRun":
      case "Step": {
        memoize(next, op.id, { data: op.data ?? null });
        completedAny = true;
        tr.history!.push(
          history(ctx, next, { stepId: op.id, name, op: "StepRun", status: "completed", attempt: job.attempt, startedAt: callStartedAt, endedAt: ctx.now, output: op.data ?? null }),
        );
        notes.push({ kind: "step", name, status: "completed" });
        break;
      }
      case "StepError":
      case "StepFailed": {
        const error = toSerializedError(op.error, `step "${name}" failed`);
        const final = op.op === "StepFailed" || job.attempt + 1 >= ctx.maxAttempts;
        tr.history!.push(
          history(ctx, next, {
            stepId: op.id,
            name,
            op: "StepRun",
            status: final ? "failed" : "errored",
            attempt: job.attempt,
            startedAt: callStartedAt,
            endedAt: ctx.now,
            error,
          }),
        );
        if (final) {
          memoize(next, op.id, { error });
          completedAny = true;
          notes.push({ kind: "step", name, status: "failed" });
        } else {
          const delayMs = (outcome.retryAfterMs ?? backoffMs(job.attempt)) * ctx.timeScale;
          next.pending[op.id] = "step";
          tr.jobs!.push({ id: ctx.newId(), runId: next.id, kind: "call", stepId: op.id, attempt: job.attempt + 1, dueAt: ctx.now + delayMs, payload: {} });
          notes.push({ kind: "retry", name, attempt: job.attempt + 1, delayMs, error });
        }
        break;
      }
      case "StepPlanned": {
        if (isKnown(op.id)) break;
        next.pending[op.id] = "step";
        tr.jobs!.push({ id: ctx.newId(), runId: next.id, kind: "call", stepId: op.id, attempt: 0, dueAt: ctx.now, payload: {} });
        break;
      }
      case "Sleep": {
        if (isKnown(op.id)) break;
        // inngest 4.24.0 puts the duration (or the sleepUntil date) in `name`; the spec says opts.duration.
        const spec = timeSpec(op.opts?.duration) ?? timeSpec(op.name);
        const delay = spec === undefined ? undefined : delayFrom(spec, ctx.now);
        if (delay === undefined) {
          finish(next, tr, ctx, "failed", { error: { name: "Error", message: `step "${name}": cannot sleep for "${spec ?? ""}"` } });
          return { transition: tr, notes };
        }
        const delayMs = delay * ctx.timeScale;
        const historyId = ctx.newId();
        next.pending[op.id] = "sleep";
        tr.jobs!.push({ id: ctx.newId(), runId: next.id, kind: "wake", stepId: op.id, attempt: 0, dueAt: ctx.now + delayMs, payload: { historyId } });
        tr.history!.push({
          id: historyId,
          runId: next.id,
          stepId: op.id,
          name,
          op: "Sleep",
          status: "sleeping",
          attempt: 0,
          startedAt: ctx.now,
          endedAt: null,
          detail: { duration: spec, until: ctx.now + delayMs },
        });
        notes.push({ kind: "sleeping", name, delayMs });
        break;
      }
      case "WaitForEvent": {
        if (isKnown(op.id)) break;
        // inngest 4.24.0 puts the event name in `name`; the spec says opts.event.
        const eventName = timeSpec(op.opts?.event) ?? op.name ?? "";
        const expression = timeSpec(op.opts?.if) ?? null;
        const timeout = timeSpec(op.opts?.timeout);
        const timeoutMs = timeout === undefined ? undefined : (parseDuration(timeout) ?? delayFrom(timeout, ctx.now));
        const historyId = ctx.newId();
        const waitId = ctx.newId();
        const expiresAt = timeoutMs === undefined ? null : ctx.now + timeoutMs * ctx.timeScale;
        let timeoutJobId: string | null = null;
        if (expiresAt !== null) {
          timeoutJobId = ctx.newId();
          tr.jobs!.push({ id: timeoutJobId, runId: next.id, kind: "timeout", stepId: op.id, attempt: 0, dueAt: expiresAt, payload: { waitId, historyId } });
        }
        const wait: Wait = { id: waitId, runId: next.id, stepId: op.id, kind: "event", eventName, expression, childRunId: null, expiresAt, historyId, timeoutJobId };
        tr.waits!.push(wait);
        next.pending[op.id] = "wait";
        tr.history!.push({
          id: historyId,
          runId: next.id,
          stepId: op.id,
          name,
          op: "WaitForEvent",
          status: "waiting",
          attempt: 0,
          startedAt: ctx.now,
          endedAt: null,
          detail: { event: eventName, if: expression, timeout: timeout ?? null, expiresAt },
        });
        notes.push({ kind: "waiting", name, event: eventName });
        break;
      }
      case "InvokeFunction": {
        if (isKnown(op.id)) break;
        const functionId = String(op.opts?.function_id ?? "");
        const payload = (op.opts?.payload ?? {}) as { data?: Record<string, unknown> };
        const timeout = timeSpec(op.opts?.timeout);
        const historyId = ctx.newId();
        const waitId = ctx.newId();
        const created = ctx.createChild?.(functionId, payload.data ?? {}, { runId: next.id, stepId: op.id, waitId });
        if (!created) {
          const error: SerializedError = { name: "Error", message: `could not invoke "${functionId}": no such function is registered` };
          memoize(next, op.id, { error });
          completedAny = true;
          tr.history!.push(history(ctx, next, { stepId: op.id, name, op: "InvokeFunction", status: "failed", attempt: 0, startedAt: ctx.now, endedAt: ctx.now, error }));
          notes.push({ kind: "invoking", name, functionId });
          break;
        }
        const timeoutMs = timeout === undefined ? undefined : parseDuration(timeout);
        const expiresAt = timeoutMs === undefined ? null : ctx.now + timeoutMs * ctx.timeScale;
        let timeoutJobId: string | null = null;
        if (expiresAt !== null) {
          timeoutJobId = ctx.newId();
          tr.jobs!.push({ id: timeoutJobId, runId: next.id, kind: "timeout", stepId: op.id, attempt: 0, dueAt: expiresAt, payload: { waitId, historyId } });
        }
        tr.children!.push(created.child);
        tr.events!.push(created.event);
        tr.throttles!.push(...created.throttles);
        tr.waits!.push({ id: waitId, runId: next.id, stepId: op.id, kind: "invoke", eventName: null, expression: null, childRunId: created.child.run.id, expiresAt, historyId, timeoutJobId });
        next.pending[op.id] = "invoke";
        tr.history!.push({
          id: historyId,
          runId: next.id,
          stepId: op.id,
          name,
          op: "InvokeFunction",
          status: "invoking",
          attempt: 0,
          startedAt: ctx.now,
          endedAt: null,
          detail: { functionId, runId: created.child.run.id },
        });
        notes.push({ kind: "invoking", name, functionId, childRunId: created.child.run.id });
        break;
      }
      case "DeferAdd":
      case "DeferAbort":
        // Deferred functions (experimental in inngest 4.x) are not supported; the ops are dropped.
        notes.push({ kind: "unsupported", op: op.op });
        break;
      default: {
        finish(next, tr, ctx, "failed", {
          error: { name: "Error", message: `step "${name}" uses "${op.op}", which the local Inngest engine does not support` },
        });
        notes.push({ kind: "unsupported", op: op.op });
        return { transition: tr, notes };
      }
    }
  }
  settle(next, tr, ctx, completedAny);
  return { transition: tr, notes };
}

/** A sleep's time is up. */
export function planWake(run: Run, job: Job, ctx: PlanContext): Plan {
  const { next, tr } = begin(run, ctx.now);
  tr.consumeJob = job.id;
  if (next.pending[job.stepId] !== "sleep") return { transition: tr, notes: [] };
  memoize(next, job.stepId, null);
  if (job.payload.historyId) tr.historyUpdates!.push({ id: job.payload.historyId, status: "completed", endedAt: ctx.now });
  settle(next, tr, ctx, true);
  return { transition: tr, notes: [] };
}

export type WaitResolution =
  | { kind: "event"; event: EventPayload }
  | { kind: "timeout"; jobId: string }
  | { kind: "child"; status: "completed" | "failed" | "cancelled"; output: unknown; error: SerializedError | null };

/** A wait ends: its event arrived, its timeout fired, or the invoked run finished. */
export function planWaitResolved(run: Run, wait: Wait, resolution: WaitResolution, ctx: PlanContext): Plan {
  const { next, tr } = begin(run, ctx.now);
  tr.consumeWait = wait.id;
  if (resolution.kind === "timeout") tr.consumeJob = resolution.jobId;
  else if (wait.timeoutJobId) tr.deleteJobs = [wait.timeoutJobId];
  if (!(wait.stepId in next.pending)) return { transition: tr, notes: [] };

  let value: unknown;
  let status: HistoryStatus;
  let error: SerializedError | undefined;
  if (wait.kind === "event") {
    value = resolution.kind === "event" ? resolution.event : null;
    status = resolution.kind === "event" ? "completed" : "timed_out";
  } else if (resolution.kind === "child") {
    if (resolution.status === "completed") {
      value = { data: resolution.output ?? null };
      status = "completed";
    } else {
      error = resolution.error ?? { name: "Error", message: `the invoked run was ${resolution.status}` };
      value = { error };
      status = "failed";
    }
  } else {
    error = INVOKE_TIMEOUT_ERROR;
    value = { error };
    status = "timed_out";
  }
  memoize(next, wait.stepId, value);
  tr.historyUpdates!.push({
    id: wait.historyId,
    status,
    endedAt: ctx.now,
    ...(wait.kind === "event" ? { output: value } : status === "completed" ? { output: (value as { data: unknown }).data } : { error }),
  });
  settle(next, tr, ctx, true);
  return { transition: tr, notes: [] };
}

/** The run is cancelled (a cancelOn event, or the API). */
export function planCancel(run: Run, reason: { eventId?: string; by: string }, ctx: PlanContext): Plan {
  const { next, tr } = begin(run, ctx.now);
  finish(next, tr, ctx, "cancelled", {});
  tr.history!.push(
    history(ctx, next, { stepId: null, name: "cancel", op: "Cancel", status: "cancelled", attempt: 0, startedAt: ctx.now, endedAt: ctx.now, detail: { ...reason } }),
  );
  return { transition: tr, notes: [] };
}

/** The run cannot go on (its function is no longer registered, ...). */
export function planFail(run: Run, error: SerializedError, ctx: PlanContext, consumeJob?: string): Plan {
  const { next, tr } = begin(run, ctx.now);
  if (consumeJob) tr.consumeJob = consumeJob;
  finish(next, tr, ctx, "failed", { error });
  return { transition: tr, notes: [] };
}
