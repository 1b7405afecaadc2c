import { readdirSync } from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createFileDatabase } from "../../../../scripts/lib/test-database";

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe("a database per integration test file", () => {
  it("is this file's own, migrated, and shares no rows with another file's", async () => {
    const own = process.env.DATABASE_URL!;
    const other = await createFileDatabase();
    expect(other, "npm test prepares the copies").toBeDefined();
    try {
      expect(other!.url).not.toBe(own);
      const migrations = readdirSync("prisma/migrations", { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
      for (const url of [own, other!.url]) {
        const applied = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`);
        expect(applied.map((r) => r.migration_name)).toEqual(migrations);
      }
      await query(own, `INSERT INTO "Tenant" ("id", "accountCode", "installationInstanceId", "updatedAt") VALUES ('file-database-test', 'filedbtest', '1', now())`);
      expect(await query(own, `SELECT id FROM "Tenant" WHERE id = 'file-database-test'`)).toHaveLength(1);
      expect(await query(other!.url, `SELECT id FROM "Tenant" WHERE id = 'file-database-test'`)).toHaveLength(0);
    } finally {
      await other!.drop();
    }
  });
});
