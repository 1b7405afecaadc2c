// Embedded PostgreSQL for machines without a server: PGlite (Postgres compiled to WASM) behind a
// TCP socket, so Prisma, the sandboxes and the local engine connect to it like to any Postgres.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedPostgres = { url: string; port: number; stop: () => Promise<void> };

/**
 * Starts PGlite on 127.0.0.1:<port> (0 = any free port). `dataDir` keeps the data between runs;
 * without it the database lives in memory.
 */
export async function startEmbeddedPostgres(options: { port?: number; dataDir?: string } = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ?? "memory://");
  // PGlite runs one session; the server multiplexes client connections over it and keeps a
  // transaction's statements together, so a pool of connections is safe.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: options.port ?? 0, maxConnections: 200 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new Error(`port ${options.port} is already in use: stop what runs there or set EMBEDDED_DB_PORT`);
    throw error;
  }
  const port = Number(server.getServerConn().split(":").pop());
  return {
    port,
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
