// One call request to the app (POST <serve URL>?fnId=..&stepId=..) and what its answer means.
// Shapes follow the SDK spec (docs/SDK_SPEC.md §4.4, §5) as inngest 4.24.0 speaks it:
//   200            the function returned; body = its output
//   206 [ops]      a step ran (StepRun / StepError / StepFailed) or steps were found
//                  (StepPlanned, Sleep, WaitForEvent, InvokeFunction), possibly several at once
//   4xx/5xx        the function threw; X-Inngest-No-Retry says whether to retry, Retry-After when
import { createHash } from "node:crypto";
import { z } from "zod";
import { parseRetryAfter } from "../time/durations";

export type EventPayload = {
  id: string;
  name: string;
  data: Record<string, unknown>;
  ts: number;
  user?: Record<string, unknown>;
  v?: string;
};

export type SerializedError = { name: string; message: string; stack?: string; [key: string]: unknown };

export const opSchema = z.looseObject({
  id: z.string(),
  op: z.string(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  opts: z.record(z.string(), z.unknown()).nullish(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});

export type Op = z.infer<typeof opSchema>;

const opsSchema = z.array(opSchema);

/** The id the SDK gives function-level results it ships inside a 206 batch (hash of "complete"). */
export const RUN_COMPLETE_ID = createHash("sha1").update("complete").digest("hex");

export type CallOutcome =
  | { kind: "complete"; output: unknown }
  | { kind: "ops"; ops: Op[]; retryAfterMs?: number }
  | { kind: "error"; error: SerializedError; noRetry: boolean; retryAfterMs?: number; status?: number };

export type CallBody = {
  event: EventPayload;
  events: EventPayload[];
  steps: Record<string, unknown>;
  ctx: {
    run_id: string;
    attempt: number;
    max_attempts: number;
    disable_immediate_execution: boolean;
    use_api: boolean;
    stack: { stack: string[]; current: number };
  };
};

export function callBody(input: {
  runId: string;
  event: EventPayload;
  events: EventPayload[];
  steps: Record<string, unknown>;
  stack: string[];
  attempt: number;
  maxAttempts: number;
  disableImmediateExecution: boolean;
}): CallBody {
  return {
    event: input.event,
    events: input.events,
    steps: input.steps,
    // ctx.fn_id is deliberately absent: with it, inngest 4.x switches to "async checkpointing" and
    // POSTs step results to {api}/v1/checkpoint/... instead of answering the call, a second
    // protocol this engine does not need. Without it the SDK answers every call in the response.
    ctx: {
      run_id: input.runId,
      attempt: input.attempt,
      max_attempts: input.maxAttempts,
      disable_immediate_execution: input.disableImmediateExecution,
      use_api: false,
      stack: { stack: input.stack, current: input.stack.length - 1 },
    },
  };
}

export function toSerializedError(value: unknown, fallback: string): SerializedError {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const message = typeof v.message === "string" && v.message ? v.message : typeof v.error === "string" && v.error ? v.error : fallback;
    return { ...v, name: typeof v.name === "string" && v.name ? v.name : "Error", message };
  }
  if (typeof value === "string" && value) return { name: "Error", message: value };
  return { name: "Error", message: fallback };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (!text.trim()) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Reads the app's answer to a call. Never throws: anything unexpected is a retriable error. */
export async function readOutcome(response: Response, now: number): Promise<CallOutcome> {
  const text = await response.text();
  const body = parseJson(text);
  const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), now);
  const noRetry = response.headers.get("x-inngest-no-retry") === "true";

  if (response.status === 200) {
    if (!body.ok) return { kind: "error", error: { name: "Error", message: "the app answered 200 with a body that is not JSON" }, noRetry: false, status: 200 };
    return { kind: "complete", output: body.value };
  }
  if (response.status === 206) {
    const ops = body.ok ? opsSchema.safeParse(body.value) : undefined;
    if (!ops?.success) {
      return { kind: "error", error: { name: "Error", message: "the app answered 206 without a valid list of steps" }, noRetry: false, status: 206 };
    }
    const complete = ops.data.find((op) => op.op === "RunComplete");
    if (complete) return { kind: "complete", output: complete.data ?? null };
    // Function-level errors travel in a batch when the SDK also ships lazy ops (see its attachLazyOps).
    const finalError = ops.data.find((op) => op.id === RUN_COMPLETE_ID && (op.op === "StepError" || op.op === "StepFailed"));
    if (finalError) {
      return { kind: "error", error: toSerializedError(finalError.error, "the function failed"), noRetry: finalError.op === "StepFailed", retryAfterMs };
    }
    return { kind: "ops", ops: ops.data, retryAfterMs };
  }
  const fallback = `the app answered HTTP ${response.status}`;
  const error = toSerializedError(body.ok ? body.value : text.slice(0, 500), fallback);
  // The SDK answers function errors with 400/500 and an X-Inngest-No-Retry header; anything else
  // (401 bad signature, 404 wrong URL, a proxy's 502) names the status so the cause is visible.
  const fromSdk = response.headers.has("x-inngest-no-retry");
  if (!fromSdk && error.message !== fallback) error.message = `${fallback}: ${error.message}`;
  return { kind: "error", error, noRetry, retryAfterMs, status: response.status };
}
