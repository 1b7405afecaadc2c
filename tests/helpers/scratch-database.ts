// A throwaway empty database beside the one the run uses: a new database on the same server, or
// another in-memory PGlite when the run is embedded.
import { createTestDatabase, type TestDatabase } from "../../scripts/lib/test-database";

export function createScratchDatabase(): Promise<TestDatabase> {
  return createTestDatabase(process.env.TEST_ADMIN_DATABASE_URL, "connector_scratch");
}
