// Embedded PostgreSQL for machines without a server: PGlite (Postgres compiled to WASM) behind a
// TCP socket, so Prisma, the sandboxes and the local engine connect to it like to any Postgres.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGliteServer } from "./pglite-server";

export type EmbeddedPostgres = {
  url: string;
  port: number;
  stop: () => Promise<void>;
  /** The whole data directory as a gzipped tarball, for `from` to start a copy. */
  snapshot: () => Promise<Blob>;
};

/**
 * Starts PGlite on 127.0.0.1:<port> (0 = any free port). `dataDir` keeps the data between runs;
 * without it the database lives in memory. `from` starts from another instance's snapshot.
 */
export async function startEmbeddedPostgres(options: { port?: number; dataDir?: string; from?: Blob } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ?? "memory://", options.from ? { loadDataDir: options.from } : {});
  const server = new PGliteServer(db);
  let port: number;
  try {
    port = await server.listen(options.port ?? 0);
  } catch (error) {
    await db.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(`port ${options.port} is already in use: stop what runs there or set EMBEDDED_DB_PORT`);
    }
    throw error;
  }
  return {
    port,
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.close();
      await db.close();
    },
    snapshot: () => db.dumpDataDir("gzip"),
  };
}
