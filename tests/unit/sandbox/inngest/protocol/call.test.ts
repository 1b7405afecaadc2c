import { describe, expect, it } from "vitest";
import { callBody, readOutcome, RUN_COMPLETE_ID } from "@/sandbox/inngest/protocol/call";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

describe("call requests and answers", () => {
  it("never sends ctx.fn_id, so the SDK answers in the response instead of checkpointing", () => {
    const event = { id: "e1", name: "a/b", data: {}, ts: 1 };
    const body = callBody({ runId: "r1", event, events: [event], steps: { s1: { data: 1 } }, stack: ["s1"], attempt: 2, maxAttempts: 5, disableImmediateExecution: true });
    expect(body.ctx).toEqual({ run_id: "r1", attempt: 2, max_attempts: 5, disable_immediate_execution: true, use_api: false, stack: { stack: ["s1"], current: 0 } });
    expect("fn_id" in body.ctx).toBe(false);
  });

  it("reads 200 as the function's output", async () => {
    expect(await readOutcome(json(200, { ok: 1 }), 0)).toEqual({ kind: "complete", output: { ok: 1 } });
    expect(await readOutcome(new Response("", { status: 200 }), 0)).toEqual({ kind: "complete", output: null });
  });

  it("reads 206 as steps, with the Retry-After of a step error", async () => {
    const outcome = await readOutcome(json(206, [{ id: "abc", op: "StepError", error: { name: "Error", message: "x" } }], { "retry-after": "30" }), 0);
    expect(outcome).toMatchObject({ kind: "ops", ops: [{ id: "abc", op: "StepError" }], retryAfterMs: 30_000 });
  });

  it("reads a RunComplete or a function-level error shipped inside a 206 batch", async () => {
    expect(await readOutcome(json(206, [{ id: "d1", op: "DeferAdd" }, { id: RUN_COMPLETE_ID, op: "RunComplete", data: 7 }]), 0)).toEqual({ kind: "complete", output: 7 });
    const failed = await readOutcome(json(206, [{ id: RUN_COMPLETE_ID, op: "StepFailed", error: { name: "Error", message: "no" } }]), 0);
    expect(failed).toMatchObject({ kind: "error", noRetry: true, error: { message: "no" } });
  });

  it("reads function errors with X-Inngest-No-Retry deciding whether to retry", async () => {
    const retriable = await readOutcome(json(500, { name: "Error", message: "boom" }, { "x-inngest-no-retry": "false" }), 0);
    expect(retriable).toMatchObject({ kind: "error", noRetry: false, status: 500, error: { name: "Error", message: "boom" } });
    const final = await readOutcome(json(400, { name: "NonRetriableError", message: "bad input" }, { "x-inngest-no-retry": "true" }), 0);
    expect(final).toMatchObject({ kind: "error", noRetry: true, error: { name: "NonRetriableError", message: "bad input" } });
  });

  it("names the status of answers that do not come from the SDK (a refused signature, a wrong URL)", async () => {
    expect(await readOutcome(json(401, { message: "Unauthorized" }), 0)).toMatchObject({ kind: "error", noRetry: false, error: { message: "the app answered HTTP 401: Unauthorized" } });
    expect(await readOutcome(new Response("<html>gateway</html>", { status: 502 }), 0)).toMatchObject({ error: { message: "the app answered HTTP 502: <html>gateway</html>" } });
    expect(await readOutcome(json(206, { not: "a list" }), 0)).toMatchObject({ kind: "error", noRetry: false });
  });
});
