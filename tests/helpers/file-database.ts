// Setup for every integration test file: a database of its own, copied from the run's migrated
// one, in place before anything reads DATABASE_URL. The file's app, engine and schedules see only
// the tenants it creates (see scripts/lib/test-database.ts).
import { afterAll } from "vitest";
import { createFileDatabase } from "../../scripts/lib/test-database";

const database = await createFileDatabase();
if (database) {
  process.env.DATABASE_URL = database.url;
  // registered first, so it runs after the file's own afterAll hooks
  afterAll(() => database.drop());
}
