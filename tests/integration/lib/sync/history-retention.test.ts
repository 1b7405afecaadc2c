import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { pruneHistory } from "@/lib/sync/history-retention";

const day = 24 * 60 * 60 * 1000;

describe("history retention", () => {
  afterAll(async () => {
    await db().$disconnect();
  });

  it("clears payloads of long-finished records only and deletes old finished runs", async () => {
    const now = new Date();
    const tenant = await db().tenant.create({ data: { accountCode: `retention${Date.now()}`, installationInstanceId: "1" } });
    const old = new Date(now.getTime() - 40 * day);
    const payload = { request: { sku: "A" } };
    const records = await Promise.all(
      (["SUCCEEDED", "FAILED", "SUCCEEDED"] as const).map((status, i) =>
        db().syncRecord.create({ data: { tenantId: tenant.id, flow: "ORDERS", sourceId: `o${i}`, status, requestPayload: payload, responsePayload: payload } }),
      ),
    );
    // updatedAt is maintained by Prisma; age two of them directly.
    await db().$executeRaw`UPDATE "SyncRecord" SET "updatedAt" = ${old} WHERE id IN (${records[0]!.id}, ${records[1]!.id})`;
    await db().syncRun.createMany({
      data: [
        { tenantId: tenant.id, flow: "ORDERS", trigger: "schedule", status: "SUCCEEDED", startedAt: new Date(now.getTime() - 100 * day) },
        { tenantId: tenant.id, flow: "ORDERS", trigger: "schedule", status: "RUNNING", startedAt: new Date(now.getTime() - 100 * day) },
        { tenantId: tenant.id, flow: "ORDERS", trigger: "schedule", status: "SUCCEEDED", startedAt: now },
      ],
    });

    const result = await pruneHistory(db(), now);

    const after = await db().syncRecord.findMany({ where: { tenantId: tenant.id }, orderBy: { sourceId: "asc" } });
    expect(after.map((r) => r.requestPayload)).toEqual([null, payload, payload]);
    expect(after.map((r) => r.responsePayload)).toEqual([null, payload, payload]);
    expect(await db().syncRun.count({ where: { tenantId: tenant.id } })).toBe(2);
    expect(result.payloadsCleared).toBeGreaterThanOrEqual(1);
    expect(result.runsDeleted).toBeGreaterThanOrEqual(1);
  });
});
