import { describe, expect, it } from "vitest";
import { prisma, migrateDeploy } from "../../../scripts/lib/prisma";
import { describeSchema, runSql } from "../../helpers/catalog";
import { createScratchDatabase } from "../../helpers/scratch-database";

describe("migrations", () => {
  it("produce exactly the schema that prisma/schema.prisma describes", async () => {
    const migrated = await createScratchDatabase();
    const direct = await createScratchDatabase();
    try {
      await migrateDeploy(migrated.url);
      const sql = await prisma(["migrate", "diff", "--from-empty", "--to-schema-datamodel", "prisma/schema.prisma", "--script"], direct.url);
      await runSql(direct.url, sql);
      const [fromMigrations, fromSchema] = await Promise.all([describeSchema(migrated.url), describeSchema(direct.url)]);
      expect(fromSchema.columns.length).toBeGreaterThan(0);
      expect(fromMigrations).toEqual(fromSchema);
    } finally {
      await Promise.all([migrated.drop(), direct.drop()]);
    }
  });
});
