// Databases for a test run. With DATABASE_URL set (CI: the machine's PostgreSQL), each run gets a
// fresh database on that server and drops it afterwards; without it, an in-memory PGlite.
//
// Integration test files then each get a copy of the migrated run database. Scheduled functions
// act on every tenant in their database, and each file brings its own sandboxes: in a shared
// database one file's schedule would reach another file's tenants through the wrong sandbox.
import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded-postgres";

export type TestDatabase = { url: string; kind: "embedded" | "server"; drop: () => Promise<void> };
type RunDatabase = TestDatabase & { embedded?: EmbeddedPostgres };

/** Where a test file finds the database to copy: a template database on the server, or a snapshot file. */
const TEMPLATE_VAR = "TEST_DATABASE_TEMPLATE";
const SNAPSHOT_VAR = "TEST_DATABASE_SNAPSHOT";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const uniqueName = (label: string) => `${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const dropDatabase = (serverUrl: string, name: string) => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined);

export async function createTestDatabase(serverUrl: string | undefined, label = "connector_test"): Promise<RunDatabase> {
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, kind: "embedded", drop: embedded.stop, embedded };
  }
  const name = uniqueName(label);
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  return { url: withDatabase(serverUrl, name), kind: "server", drop: () => dropDatabase(serverUrl, name) };
}

/**
 * Freezes the migrated run database as what every test file copies: on a server, a template
 * database nobody connects to (PostgreSQL copies a template only while it has no sessions); embedded,
 * a snapshot file. Returns the variables that tell the files where it is, and how to remove it.
 */
export async function prepareFileDatabases(run: RunDatabase, serverUrl: string | undefined): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (run.embedded) {
    const file = path.join(tmpdir(), `${uniqueName("connector_snapshot")}.tar.gz`);
    await writeFile(file, Buffer.from(await (await run.embedded.snapshot()).arrayBuffer()));
    return { env: { [SNAPSHOT_VAR]: file }, drop: () => rm(file, { force: true }) };
  }
  const source = new URL(run.url).pathname.slice(1);
  const template = `${source}_template`;
  await admin(serverUrl!, (c) => c.query(`CREATE DATABASE "${template}" TEMPLATE "${source}"`));
  return {
    env: { [TEMPLATE_VAR]: template },
    drop: async () => {
      // files drop their copies as they finish; one that left connections open leaves its copy
      const { rows } = await admin(serverUrl!, (c) => c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [template]));
      for (const { datname } of rows) await dropDatabase(serverUrl!, datname);
    },
  };
}

/** A test file's own copy of the run database (see prepareFileDatabases); undefined outside `npm test`. */
export async function createFileDatabase(environment: NodeJS.ProcessEnv = process.env): Promise<TestDatabase | undefined> {
  const snapshot = environment[SNAPSHOT_VAR];
  if (snapshot) {
    const embedded = await startEmbeddedPostgres({ from: new Blob([await readFile(snapshot)]) });
    return { url: embedded.url, kind: "embedded", drop: embedded.stop };
  }
  const template = environment[TEMPLATE_VAR];
  const serverUrl = environment.TEST_ADMIN_DATABASE_URL;
  if (!template || !serverUrl) return undefined;
  const name = uniqueName(template);
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  // Without FORCE: a pool the file left open would see its connections killed as an error. Such a
  // copy stays until the run drops the template and everything named after it.
  const drop = () => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}"`)).then(() => undefined, () => undefined);
  return { url: withDatabase(serverUrl, name), kind: "server", drop };
}
