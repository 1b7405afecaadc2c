// The engine's tables, in its own PostgreSQL schema, created idempotently at start. Times are
// milliseconds since the epoch as read from the engine's clock (so a test clock stays consistent).
export const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

export function schemaStatements(schema: string): string[] {
  if (!SCHEMA_NAME_PATTERN.test(schema)) throw new Error(`invalid schema name "${schema}": use lowercase letters, digits and _`);
  const s = `"${schema}"`;
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    // Which engine instance owns this schema's work (one at a time; see Engine.start).
    `CREATE TABLE IF NOT EXISTS ${s}.lease (
      id int PRIMARY KEY,
      owner text,
      heartbeat_at bigint NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.apps (
      app_id text PRIMARY KEY,
      url text NOT NULL,
      sdk text,
      framework text,
      synced_at bigint NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.functions (
      id text PRIMARY KEY,
      app_id text NOT NULL,
      name text,
      url text NOT NULL,
      config jsonb NOT NULL,
      active boolean NOT NULL DEFAULT true,
      updated_at bigint NOT NULL
    )`,
    `CREATE TABLE IF NOT EXISTS ${s}.events (
      id text PRIMARY KEY,
      external_id text UNIQUE,
      name text NOT NULL,
      data jsonb NOT NULL,
      "user" jsonb,
      ts bigint NOT NULL,
      received_at bigint NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS events_name_idx ON ${s}.events (name, id DESC)`,
    `CREATE TABLE IF NOT EXISTS ${s}.runs (
      id text PRIMARY KEY,
      function_id text NOT NULL,
      status text NOT NULL,
      event_id text,
      event jsonb NOT NULL,
      events jsonb NOT NULL,
      steps jsonb NOT NULL DEFAULT '{}',
      stack jsonb NOT NULL DEFAULT '[]',
      pending jsonb NOT NULL DEFAULT '{}',
      race boolean NOT NULL DEFAULT false,
      disable_immediate boolean NOT NULL DEFAULT false,
      concurrency jsonb NOT NULL DEFAULT '[]',
      cancel jsonb NOT NULL DEFAULT '[]',
      parent jsonb,
      output jsonb,
      error jsonb,
      created_at bigint NOT NULL,
      started_at bigint,
      ended_at bigint,
      updated_at bigint NOT NULL,
      version int NOT NULL DEFAULT 0
    )`,
    `CREATE INDEX IF NOT EXISTS runs_event_idx ON ${s}.runs (event_id)`,
    `CREATE INDEX IF NOT EXISTS runs_function_idx ON ${s}.runs (function_id, id DESC)`,
    `CREATE INDEX IF NOT EXISTS runs_status_idx ON ${s}.runs (status, id DESC)`,
    `CREATE TABLE IF NOT EXISTS ${s}.history (
      id text PRIMARY KEY,
      run_id text NOT NULL,
      step_id text,
      name text,
      op text NOT NULL,
      status text NOT NULL,
      attempt int NOT NULL DEFAULT 0,
      started_at bigint NOT NULL,
      ended_at bigint,
      output jsonb,
      error jsonb,
      detail jsonb
    )`,
    `CREATE INDEX IF NOT EXISTS history_run_idx ON ${s}.history (run_id, id)`,
    `CREATE TABLE IF NOT EXISTS ${s}.jobs (
      id text PRIMARY KEY,
      run_id text NOT NULL,
      kind text NOT NULL,
      step_id text NOT NULL,
      attempt int NOT NULL DEFAULT 0,
      due_at bigint NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}'
    )`,
    `CREATE INDEX IF NOT EXISTS jobs_run_idx ON ${s}.jobs (run_id)`,
    `CREATE TABLE IF NOT EXISTS ${s}.waits (
      id text PRIMARY KEY,
      run_id text NOT NULL,
      step_id text NOT NULL,
      kind text NOT NULL,
      event_name text,
      expression text,
      child_run_id text,
      expires_at bigint,
      history_id text NOT NULL,
      timeout_job_id text
    )`,
    `CREATE INDEX IF NOT EXISTS waits_run_idx ON ${s}.waits (run_id)`,
    `CREATE INDEX IF NOT EXISTS waits_child_idx ON ${s}.waits (child_run_id)`,
    `CREATE TABLE IF NOT EXISTS ${s}.throttles (
      key text PRIMARY KEY,
      tat bigint NOT NULL
    )`,
  ];
}
