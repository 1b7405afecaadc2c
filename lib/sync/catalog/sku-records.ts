import "server-only";
import { randomUUID } from "node:crypto";
import type { Flow } from "@/lib/generated/prisma/client";
import { db as rootDb } from "@/lib/db";
import type { FailureKind } from "@/lib/sync/classify";

// Sync records for SKUs, many at a time: a stock or price pass writes hundreds of SKUs, and one
// statement per batch keeps the record of each without one database round trip per SKU. Only SKUs
// something was written to (or refused for) get a record: a SKU left alone has nothing to show.

export type SkuOutcome = {
  sku: string;
  status: "SUCCEEDED" | "FAILED";
  /** where it was written (source codes, store ids) */
  targetId?: string;
  /** what was written (quantities or prices): nothing personal or secret */
  request?: unknown;
  error?: { kind: FailureKind; message: string };
};

export async function recordSkuOutcomes(tenantId: string, flow: Flow, outcomes: SkuOutcome[], now = new Date()): Promise<void> {
  const unique = [...new Map(outcomes.map((o) => [o.sku, o])).values()];
  for (let i = 0; i < unique.length; i += 1000) {
    const batch = unique.slice(i, i + 1000);
    const done = batch.map((o) => (o.status === "SUCCEEDED" ? now : null));
    await rootDb().$executeRaw`
      INSERT INTO "SyncRecord" ("id", "tenantId", "flow", "sourceId", "sourceLabel", "targetId", "status", "attempts", "lastErrorKind", "lastError", "requestPayload", "blockedBy", "lastAttemptAt", "completedAt", "createdAt", "updatedAt")
      SELECT t.id, ${tenantId}, ${flow}::"Flow", t.sku, t.sku, t.target, t.status::"SyncStatus", 1, t.kind, t.message, t.request::jsonb, ARRAY[]::text[], ${now}, t.done, ${now}, ${now}
      FROM unnest(
        ${batch.map(() => randomUUID())}::text[],
        ${batch.map((o) => o.sku)}::text[],
        ${batch.map((o) => o.targetId ?? null)}::text[],
        ${batch.map((o) => o.status)}::text[],
        ${batch.map((o) => o.error?.kind ?? null)}::text[],
        ${batch.map((o) => o.error?.message ?? null)}::text[],
        ${batch.map((o) => (o.request === undefined ? null : JSON.stringify(o.request)))}::text[],
        ${done}::timestamptz[]
      ) AS t(id, sku, target, status, kind, message, request, done)
      ON CONFLICT ("tenantId", "flow", "sourceId") DO UPDATE SET
        "targetId" = COALESCE(EXCLUDED."targetId", "SyncRecord"."targetId"),
        "status" = EXCLUDED."status",
        "attempts" = "SyncRecord"."attempts" + 1,
        "lastErrorKind" = EXCLUDED."lastErrorKind",
        "lastError" = EXCLUDED."lastError",
        "requestPayload" = COALESCE(EXCLUDED."requestPayload", "SyncRecord"."requestPayload"),
        "lastAttemptAt" = EXCLUDED."lastAttemptAt",
        "completedAt" = COALESCE(EXCLUDED."completedAt", "SyncRecord"."completedAt"),
        "updatedAt" = EXCLUDED."updatedAt"`;
  }
}
