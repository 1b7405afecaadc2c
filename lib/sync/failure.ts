import "server-only";
import { db } from "@/lib/db";
import type { Flow, SyncStatus } from "@/lib/generated/prisma/client";
import { flowIsOn } from "@/lib/tenants/flow-tenants";
import { tenantDb, type TenantDb } from "@/lib/tenants/scope";
import type { FlowName } from "@/lib/tenants/settings";
import { classify, TRANSIENT } from "./classify";
import type { Issue } from "./orders/plan";
import { block, fail } from "./records";

// How every flow ends an attempt that threw, and finds the attempts that ended without a word: the
// same vocabulary and retry rules everywhere, so the dashboard tells one story.

/** Thrown for failures worth retrying (Brightpearl or Magento unavailable, throttled). */
export class TransientSyncError extends Error {
  override name = "TransientSyncError";
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

type Key = { tenantId: string; flow: Flow; sourceId: string };

export type FailureOutcome = { status: "blocked" | "failed"; message: string };

/** The set-up items ("kind:key") a plan's missing mappings block on, each once. */
export const blockersOf = (issues: Issue[]) => [...new Set(issues.filter((i) => i.mapping).map((i) => `${i.mapping!.kind}:${i.mapping!.key}`))];

/**
 * Records what went wrong on the entity's sync record. A lost connection blocks it until the
 * merchant reconnects; transient failures are recorded as retrying and rethrown for the engine.
 */
export async function recordFailure(scoped: TenantDb, key: Key, error: unknown): Promise<FailureOutcome> {
  const failure = classify(error);
  if (failure.kind === "brightpearl-disconnected" || failure.kind === "magento-auth") {
    await block(scoped, key, failure.message, [failure.kind === "magento-auth" ? "connection:magento" : "connection:brightpearl"]);
    return { status: "blocked", message: failure.message };
  }
  const transient = TRANSIENT.has(failure.kind);
  await fail(scoped, key, failure, transient);
  if (transient) throw new TransientSyncError(failure.message, failure.retryAfterMs);
  return { status: "failed", message: failure.message };
}

/** An attempt that has said nothing for this long is presumed dead (the claim takes it over too). */
export const STALE_RUNNING_MS = 5 * 60_000;
/**
 * How long a worker that found its record held by another attempt waits before looking again: a
 * function's retries at this pace outlast STALE_RUNNING_MS, so a holder that died is taken over.
 */
export const IN_PROGRESS_RETRY_MS = STALE_RUNNING_MS / 4;
/** The engine retries a RETRYING record itself; one still waiting this long has run out of retries. */
export const STALE_RETRYING_MS = 60 * 60_000;

export type StrandedRecord = { sourceId: string; status: SyncStatus; updatedAt: Date };

/**
 * Records of a flow that no attempt will finish by itself: queued but never started, started by a
 * worker that died, or out of engine retries. One indexed query (tenant, flow, status, updatedAt).
 */
export async function strandedRecords(scoped: TenantDb, flow: Flow, now: Date, options: { sourceIdPrefix?: string; limit?: number } = {}): Promise<StrandedRecord[]> {
  const running = new Date(now.getTime() - STALE_RUNNING_MS);
  const retrying = new Date(now.getTime() - STALE_RETRYING_MS);
  return scoped.syncRecord.findMany({
    where: {
      flow,
      ...(options.sourceIdPrefix ? { sourceId: { startsWith: options.sourceIdPrefix } } : {}),
      OR: [
        { status: "PENDING", updatedAt: { lt: running } },
        { status: "RUNNING", updatedAt: { lt: running } },
        { status: "RETRYING", updatedAt: { lt: retrying } },
      ],
    },
    select: { sourceId: true, status: true, updatedAt: true },
    orderBy: { updatedAt: "asc" },
    take: options.limit ?? 500,
  });
}

/**
 * The same stranded state is queued once an hour (the engine drops a repeated event id); an attempt
 * that touches the record makes it a new state. The hour matters for runs that end without touching
 * it (the flow was off, a side disconnected): the record is queued again the next hour.
 */
export const requeueEventId = (tenantId: string, flow: Flow, record: StrandedRecord, now: Date) =>
  `requeue:${tenantId}:${flow}:${record.sourceId}:${record.updatedAt.getTime()}:${Math.floor(now.getTime() / 3_600_000)}`;

/**
 * Source ids of a flow's records waiting on the merchant (a mapping, a reconnection), to try again
 * once the set-up changed; none while the tenant is disconnected or the merchant has the flow off.
 */
export async function blockedSourceIds(tenantId: string, flow: Flow, switchedBy: FlowName): Promise<string[]> {
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
  if (tenant?.status !== "ACTIVE") return [];
  const scoped = tenantDb(tenantId);
  if (!(await flowIsOn(scoped, switchedBy))) return [];
  const rows = await scoped.syncRecord.findMany({ where: { flow, status: "BLOCKED" }, select: { sourceId: true } });
  return rows.map((r) => r.sourceId);
}
