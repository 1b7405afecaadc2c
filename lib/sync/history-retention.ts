import type { Db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/** How long the detailed history of finished work is kept. Sync records themselves stay. */
export const RETENTION = { payloadDays: 30, runDays: 90 } as const;

export type PruneResult = { payloadsCleared: number; runsDeleted: number };

/**
 * Clears the stored request/response payloads of sync records that finished long ago and deletes
 * old sync runs. Records of unfinished or failed work keep their payloads: the merchant may still
 * need them to fix the problem.
 */
export async function pruneHistory(db: Db, now: Date, payloadDays: number = RETENTION.payloadDays, runDays: number = RETENTION.runDays): Promise<PruneResult> {
  const day = 24 * 60 * 60 * 1000;
  const payloadCutoff = new Date(now.getTime() - payloadDays * day);
  const runCutoff = new Date(now.getTime() - runDays * day);
  const cleared = await db.syncRecord.updateMany({
    where: {
      status: { in: ["SUCCEEDED", "SKIPPED"] },
      updatedAt: { lt: payloadCutoff },
      OR: [{ requestPayload: { not: Prisma.DbNull } }, { responsePayload: { not: Prisma.DbNull } }],
    },
    data: { requestPayload: Prisma.DbNull, responsePayload: Prisma.DbNull },
  });
  const runs = await db.syncRun.deleteMany({ where: { startedAt: { lt: runCutoff }, status: { not: "RUNNING" } } });
  return { payloadsCleared: cleared.count, runsDeleted: runs.count };
}
