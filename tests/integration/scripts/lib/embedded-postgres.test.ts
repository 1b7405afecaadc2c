import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../../../scripts/lib/embedded-postgres";

describe("embedded PostgreSQL (PGlite behind a socket)", () => {
  let server: EmbeddedPostgres;
  beforeAll(async () => {
    server = await startEmbeddedPostgres();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("keeps each connection's parameterised queries intact under concurrency", async () => {
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: server.url, max: 4 }));
    try {
      await pools[0]!.query("CREATE TABLE t (id int PRIMARY KEY, v text)");
      // Many clients interleaving Parse/Bind/Execute/Sync: without per-connection grouping the
      // unnamed statement of one is replaced by another's.
      await Promise.all(
        Array.from({ length: 300 }, (_, i) => pools[i % 3]!.query("INSERT INTO t (id, v) VALUES ($1, $2) RETURNING id", [i, `value ${i}`])),
      );
      const reads = await Promise.all(Array.from({ length: 150 }, (_, i) => pools[i % 3]!.query("SELECT v FROM t WHERE id = $1", [i])));
      expect(reads.map((r) => r.rows[0]?.v)).toEqual(Array.from({ length: 150 }, (_, i) => `value ${i}`));
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("isolates a transaction from other connections until it ends", async () => {
    const a = new pg.Client({ connectionString: server.url });
    const b = new pg.Client({ connectionString: server.url });
    await a.connect();
    await b.connect();
    try {
      await a.query("CREATE TABLE tx (n int)");
      await a.query("BEGIN");
      await a.query("INSERT INTO tx VALUES ($1)", [1]);
      // b's statement waits for a's transaction rather than running inside it
      const bInsert = b.query("INSERT INTO tx VALUES ($1)", [2]);
      await new Promise((r) => setTimeout(r, 50));
      await a.query("ROLLBACK");
      await bInsert;
      expect((await b.query("SELECT n FROM tx ORDER BY n")).rows).toEqual([{ n: 2 }]);
    } finally {
      await a.end();
      await b.end();
    }
  });

  it("rolls back the transaction of a client that disconnects inside it", async () => {
    const a = new pg.Client({ connectionString: server.url });
    const b = new pg.Client({ connectionString: server.url });
    await a.connect();
    await b.connect();
    try {
      await b.query("CREATE TABLE gone (n int)");
      await a.query("BEGIN");
      await a.query("INSERT INTO gone VALUES (1)");
      a.end().catch(() => undefined);
      expect((await b.query("SELECT count(*)::int AS c FROM gone")).rows[0].c).toBe(0);
    } finally {
      await b.end();
    }
  });
});
