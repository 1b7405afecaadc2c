import "server-only";
import { Prisma, type Flow } from "@/lib/generated/prisma/client";
import type { TenantDb } from "@/lib/tenants/scope";

// What a flow remembers between attempts and between looks. A sync record's progress is written by more than one flow (the orders flow and the fulfilment
// flows both keep notes on an order's record): each write merges its keys in one UPDATE, so two
// writers at once never lose each other's keys the way a read-modify-write would.

type Key = { tenantId: string; flow: Flow; sourceId: string };

/**
 * Merges `patch` into the record's progress (or into the object at `under`), atomically. A key set
 * to null is stored as null. Answers whether the record exists.
 */
export async function mergeProgress(scoped: TenantDb, key: Key, patch: Record<string, unknown>, under?: string): Promise<boolean> {
  const value = JSON.stringify(patch);
  const changed = under
    ? await scoped.$executeRaw(Prisma.sql`
        UPDATE "SyncRecord"
        SET "progress" = COALESCE("progress", '{}'::jsonb) || jsonb_build_object(${under}::text, COALESCE("progress" -> ${under}::text, '{}'::jsonb) || ${value}::jsonb),
            "updatedAt" = CURRENT_TIMESTAMP
        WHERE "tenantId" = ${key.tenantId} AND "flow" = ${key.flow}::"Flow" AND "sourceId" = ${key.sourceId}`)
    : await scoped.$executeRaw(Prisma.sql`
        UPDATE "SyncRecord"
        SET "progress" = COALESCE("progress", '{}'::jsonb) || ${value}::jsonb, "updatedAt" = CURRENT_TIMESTAMP
        WHERE "tenantId" = ${key.tenantId} AND "flow" = ${key.flow}::"Flow" AND "sourceId" = ${key.sourceId}`);
  return changed > 0;
}

/** A flow's named cursor (how far its last look got), if it has looked before. */
export async function readCursor(scoped: TenantDb, flow: Flow, name: string): Promise<Date | undefined> {
  const row = await scoped.syncCursor.findFirst({ where: { flow, name } });
  return row ? new Date(row.value) : undefined;
}

export async function writeCursor(scoped: TenantDb, tenantId: string, flow: Flow, name: string, at: Date): Promise<void> {
  const value = at.toISOString();
  await scoped.syncCursor.upsert({ where: { tenantId_flow_name: { tenantId, flow, name } }, create: { tenantId, flow, name, value }, update: { value } });
}
