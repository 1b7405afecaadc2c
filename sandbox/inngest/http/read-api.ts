// The read side of the engine's HTTP API, shaped like Inngest's REST API (v1) so the app's
// dashboard can read the same fields from Inngest Cloud later: runs carry run_id, function_id,
// event_id, status ("Running" | "Completed" | "Failed" | "Cancelled"), run_started_at, ended_at
// and output. Fields Inngest does not have (error, state, steps) are additions, never renames.
import { z } from "zod";
import type { HistoryEntry, Run, RunStatus, StoredEvent } from "../store/rows";

export type ApiRunStatus = "Running" | "Completed" | "Failed" | "Cancelled";

export function apiStatus(status: RunStatus): ApiRunStatus {
  if (status === "completed") return "Completed";
  if (status === "failed") return "Failed";
  if (status === "cancelled") return "Cancelled";
  return "Running";
}

const STATUSES_FOR: Record<ApiRunStatus, RunStatus[]> = {
  Running: ["queued", "running", "sleeping", "waiting"],
  Completed: ["completed"],
  Failed: ["failed"],
  Cancelled: ["cancelled"],
};

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export function runJson(run: Run) {
  return {
    run_id: run.id,
    function_id: run.functionId,
    event_id: run.eventId,
    status: apiStatus(run.status),
    /** The engine's finer state: queued, running, sleeping, waiting, completed, failed, cancelled. */
    state: run.status,
    run_started_at: iso(run.startedAt ?? run.createdAt),
    ended_at: iso(run.endedAt),
    output: run.status === "completed" ? (run.output ?? null) : null,
    error: run.error,
    cron: run.event.name === "inngest/scheduled.timer" ? ((run.event.data as { cron?: string }).cron ?? null) : null,
    parent_run_id: run.parent?.runId ?? null,
  };
}

export function stepJson(entry: HistoryEntry) {
  return {
    id: entry.id,
    step_id: entry.stepId,
    name: entry.name,
    op: entry.op,
    status: entry.status,
    attempt: entry.attempt,
    started_at: iso(entry.startedAt),
    ended_at: iso(entry.endedAt),
    output: entry.output ?? null,
    error: entry.error ?? null,
    detail: entry.detail ?? null,
  };
}

export function eventJson(event: StoredEvent) {
  return {
    internal_id: event.id,
    id: event.externalId ?? event.id,
    name: event.name,
    data: event.data,
    user: event.user,
    ts: event.ts,
    received_at: iso(event.receivedAt),
  };
}

export const runListQuery = z.object({
  function_id: z.string().min(1).optional(),
  status: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const statuses: RunStatus[] = [];
      for (const part of value.split(",")) {
        const name = (Object.keys(STATUSES_FOR) as ApiRunStatus[]).find((s) => s.toLowerCase() === part.trim().toLowerCase());
        if (!name) {
          ctx.addIssue({ code: "custom", message: `unknown status "${part}"; expected Running, Completed, Failed or Cancelled` });
          return z.NEVER;
        }
        statuses.push(...STATUSES_FOR[name]);
      }
      return statuses;
    }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
});

export const eventListQuery = z.object({
  name: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).optional(),
});

export function metadata(nextCursor: string | undefined) {
  const now = new Date().toISOString();
  return { fetched_at: now, cached_until: now, next_cursor: nextCursor ?? null };
}
