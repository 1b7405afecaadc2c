import "server-only";
import type { Flow, Prisma, SyncRecord, SyncStatus } from "@/lib/generated/prisma/client";
import { redact } from "@/lib/redact";
import type { TenantDb } from "@/lib/tenants/scope";
import type { Failure } from "./classify";

// The life of each synced entity in one place: every flow records attempts, outcomes and errors
// through these, so the dashboard reads one consistent story.

type Key = { tenantId: string; flow: Flow; sourceId: string };

const json = (value: unknown) => (value === undefined ? undefined : (redact(value) as Prisma.InputJsonValue));

export async function findRecord(scoped: TenantDb, key: Key): Promise<SyncRecord | null> {
  return scoped.syncRecord.findFirst({ where: { flow: key.flow, sourceId: key.sourceId } });
}

/**
 * Claims the entity for one attempt: true when this caller may work on it now, false while
 * another attempt is under way (an attempt older than `staleMs` is presumed dead). Two runs for
 * the same order at once would otherwise both create it.
 */
export async function claim(scoped: TenantDb, key: Key, label?: string, staleMs = 5 * 60_000): Promise<boolean> {
  const now = new Date();
  const existing = await findRecord(scoped, key);
  if (!existing) {
    try {
      await scoped.syncRecord.create({ data: { ...key, sourceLabel: label, status: "RUNNING", attempts: 1, lastAttemptAt: now } });
      return true;
    } catch {
      // someone created it a moment ago: fall through to the conditional claim
    }
  }
  const claimed = await scoped.syncRecord.updateMany({
    where: { flow: key.flow, sourceId: key.sourceId, OR: [{ status: { not: "RUNNING" } }, { lastAttemptAt: { lt: new Date(now.getTime() - staleMs) } }, { lastAttemptAt: null }] },
    data: { status: "RUNNING", attempts: { increment: 1 }, lastAttemptAt: now, ...(label ? { sourceLabel: label } : {}) },
  });
  return claimed.count === 1;
}

/** Starts (or resumes) an attempt: the record exists, counts the attempt and says RUNNING. */
export async function beginAttempt(scoped: TenantDb, key: Key, label?: string): Promise<SyncRecord> {
  const now = new Date();
  return scoped.syncRecord.upsert({
    where: { tenantId_flow_sourceId: key },
    create: { ...key, sourceLabel: label, status: "RUNNING", attempts: 1, lastAttemptAt: now },
    update: { status: "RUNNING", attempts: { increment: 1 }, lastAttemptAt: now, ...(label ? { sourceLabel: label } : {}) },
  });
}

export async function saveProgress(scoped: TenantDb, key: Key, progress: Record<string, unknown>, extra: { targetId?: string } = {}): Promise<void> {
  await scoped.syncRecord.update({ where: { tenantId_flow_sourceId: key }, data: { progress: progress as Prisma.InputJsonValue, ...extra } });
}

async function finish(scoped: TenantDb, key: Key, status: SyncStatus, data: Prisma.SyncRecordUpdateInput): Promise<SyncRecord> {
  return scoped.syncRecord.update({ where: { tenantId_flow_sourceId: key }, data: { status, ...data } });
}

/** Done; `warnings` (what was left out) stay on the record as its message for the merchant. */
export function succeed(scoped: TenantDb, key: Key, input: { targetId: string; request?: unknown; response?: unknown; warnings?: string[] }) {
  return finish(scoped, key, "SUCCEEDED", {
    targetId: input.targetId,
    completedAt: new Date(),
    lastError: input.warnings?.length ? input.warnings.join(" ") : null,
    lastErrorKind: null,
    blockedBy: [],
    requestPayload: json(input.request),
    responsePayload: json(input.response),
  });
}

export function skip(scoped: TenantDb, key: Key, reason: string) {
  return finish(scoped, key, "SKIPPED", { lastError: reason, lastErrorKind: null, blockedBy: [], completedAt: new Date() });
}

/** Waiting for the merchant: `blockedBy` names what to set up ("kind:key"), one dashboard item each. */
export function block(scoped: TenantDb, key: Key, message: string, blockedBy: string[]) {
  return finish(scoped, key, "BLOCKED", { lastError: message, lastErrorKind: "mapping-missing", blockedBy });
}

export function fail(scoped: TenantDb, key: Key, failure: Failure, transient: boolean, request?: unknown) {
  return finish(scoped, key, transient ? "RETRYING" : "FAILED", {
    lastError: failure.message,
    lastErrorKind: failure.kind,
    ...(request === undefined ? {} : { requestPayload: json(request) }),
  });
}
