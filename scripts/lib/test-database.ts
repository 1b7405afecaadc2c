// Databases for a test run. With DATABASE_URL set (CI: the machine's PostgreSQL), each run gets a
// fresh database on that server and drops it afterwards; without it, an in-memory PGlite.
import pg from "pg";
import { startEmbeddedPostgres } from "./embedded-postgres";

export type TestDatabase = { url: string; kind: "embedded" | "server"; drop: () => Promise<void> };

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(serverUrl: string | undefined, label = "connector_test"): Promise<TestDatabase> {
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, kind: "embedded", drop: embedded.stop };
  }
  const name = `${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    kind: "server",
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
