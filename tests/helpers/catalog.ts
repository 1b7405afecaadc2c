// A description of a database's schema from the system catalogs (tables, columns, constraints,
// indexes, enums), comparable across databases. Works on PostgreSQL and PGlite alike.
import pg from "pg";

const QUERIES = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, datetime_precision
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
            ORDER BY table_name, column_name`,
  constraints: `SELECT rel.relname AS table_name, con.conname, con.contype, pg_get_constraintdef(con.oid) AS def
                FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
                WHERE n.nspname = 'public' AND rel.relname <> '_prisma_migrations' ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
            WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`,
  enums: `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY 1`,
};

export type Catalog = Record<keyof typeof QUERIES, unknown[]>;

export async function describeSchema(url: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out = {} as Catalog;
    for (const [name, sql] of Object.entries(QUERIES)) out[name as keyof Catalog] = (await client.query(sql)).rows;
    return out;
  } finally {
    await client.end();
  }
}

export async function runSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
