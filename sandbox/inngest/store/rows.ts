// The engine's records, as the engine works with them (the database columns are their snake_case).
import type { Slot } from "../flow/concurrency";
import type { EventPayload, SerializedError } from "../protocol/call";

export type RunStatus = "queued" | "running" | "sleeping" | "waiting" | "completed" | "failed" | "cancelled";

export const TERMINAL_STATUSES: readonly RunStatus[] = ["completed", "failed", "cancelled"];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** What a run waits on besides its next call: planned steps, sleeps, event waits, invoked runs. */
export type PendingKind = "step" | "sleep" | "wait" | "invoke";

export type CancelRule = { event: string; if?: string; expiresAt?: number };

/** The invoke step of another run that waits for this run's result. */
export type ParentRef = { runId: string; stepId: string; waitId: string };

export type Run = {
  id: string;
  functionId: string;
  status: RunStatus;
  eventId: string | null;
  event: EventPayload;
  events: EventPayload[];
  /** Memoized step results by hashed step id: {data} | {error} | a raw value (sleep, waitForEvent). */
  steps: Record<string, unknown>;
  /** Step ids in completion order (ctx.stack). */
  stack: string[];
  pending: Record<string, PendingKind>;
  /** Call again after each result rather than after all of them (group.parallel race mode). */
  race: boolean;
  /** Set once a call reported several steps at once; from then on every step is planned first. */
  disableImmediate: boolean;
  concurrency: Slot[];
  cancel: CancelRule[];
  parent: ParentRef | null;
  output: unknown;
  error: SerializedError | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  updatedAt: number;
  version: number;
};

export type JobKind = "call" | "wake" | "timeout";

/** Pending work: call the app (stepId "step" = discover, else run that step), wake a sleep, expire a wait. */
export type Job = {
  id: string;
  runId: string;
  kind: JobKind;
  stepId: string;
  attempt: number;
  dueAt: number;
  payload: { historyId?: string; waitId?: string };
};

export type WaitKind = "event" | "invoke";

export type Wait = {
  id: string;
  runId: string;
  stepId: string;
  kind: WaitKind;
  eventName: string | null;
  expression: string | null;
  childRunId: string | null;
  expiresAt: number | null;
  historyId: string;
  timeoutJobId: string | null;
};

export type HistoryStatus = "completed" | "errored" | "failed" | "sleeping" | "waiting" | "invoking" | "timed_out" | "cancelled";

/** One line of a run's history: a step attempt, a sleep, a wait, an invoke, a function error. */
export type HistoryEntry = {
  id: string;
  runId: string;
  stepId: string | null;
  name: string | null;
  op: string;
  status: HistoryStatus;
  attempt: number;
  startedAt: number;
  endedAt: number | null;
  output?: unknown;
  error?: unknown;
  detail?: Record<string, unknown>;
};

export type HistoryUpdate = { id: string; status: HistoryStatus; endedAt: number; output?: unknown; error?: unknown };

export type StoredEvent = {
  id: string;
  externalId: string | null;
  name: string;
  data: Record<string, unknown>;
  user: Record<string, unknown> | null;
  ts: number;
  receivedAt: number;
};

export type StoredFunction = { id: string; appId: string; name: string | null; url: string; config: unknown; updatedAt: number };

export type NewRun = { run: Run; jobs: Job[] };

/** Everything one state change of a run writes, applied atomically (see Store.apply). */
export type Transition = {
  run: Run;
  /** The version the change was computed from; the write fails if the row moved on. */
  expectedVersion: number;
  /** The job this change consumes; if it is gone (cancelled, already handled) nothing is written. */
  consumeJob?: string;
  /** Same for a wait (an event and a timeout racing for it). */
  consumeWait?: string;
  /** Terminal: drop every job and wait the run still has. */
  clearWork?: boolean;
  deleteJobs?: string[];
  deleteWaits?: string[];
  jobs?: Job[];
  waits?: Wait[];
  history?: HistoryEntry[];
  historyUpdates?: HistoryUpdate[];
  events?: StoredEvent[];
  children?: NewRun[];
  throttles?: [string, number][];
};
