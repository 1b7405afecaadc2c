// Persistence in PostgreSQL through `pg`, also on PGlite. PGlite multiplexes every connection over
// one session, so correctness never rests on advisory locks or SKIP LOCKED: a state change is a
// transaction whose writes are guarded by compare-and-set conditions (the run's version, the
// consumed job or wait still existing), and a lost race writes nothing.
//
// Every statement goes out as one simple-protocol message with its values inlined as escaped
// literals. PGlite's socket server queues protocol messages one by one across connections, so an
// extended-protocol query (Parse, Bind, Execute as separate messages) can have another
// connection's Parse land in between and lose or swap its unnamed prepared statement.
import pg from "pg";
import type { Slot } from "../flow/concurrency";
import type { EventPayload, SerializedError } from "../protocol/call";
import type {
  CancelRule,
  HistoryEntry,
  Job,
  JobKind,
  NewRun,
  ParentRef,
  PendingKind,
  Run,
  RunStatus,
  StoredEvent,
  StoredFunction,
  Transition,
  Wait,
  WaitKind,
} from "./rows";
import { schemaStatements } from "./schema";

type Queryable = Pick<pg.PoolClient, "query">;

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot store the number ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return pg.escapeLiteral(value);
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(", ")}]`;
  throw new Error(`cannot inline a ${typeof value} as SQL`);
}

/** The statement with $1..$n replaced by literals; arrays need a cast in the SQL (`$1::text[]`). */
export function inlineParams(text: string, values: unknown[] = []): string {
  return text.replace(/\$(\d+)/g, (_match, n: string) => {
    const index = Number(n) - 1;
    if (index >= values.length) throw new Error(`missing SQL parameter $${n}`);
    return literal(values[index]);
  });
}

async function query<R extends pg.QueryResultRow = pg.QueryResultRow>(c: Queryable, text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
  return c.query<R>(inlineParams(text, values));
}

export type ApplyResult = "ok" | "conflict" | "gone";

const INT8_OID = 20;

function int8AsNumber(): pg.CustomTypesConfig {
  const getTypeParser = ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"];
  return { getTypeParser };
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

type RunRow = {
  id: string;
  function_id: string;
  status: RunStatus;
  event_id: string | null;
  event: EventPayload;
  events: EventPayload[];
  steps: Record<string, unknown>;
  stack: string[];
  pending: Record<string, PendingKind>;
  race: boolean;
  disable_immediate: boolean;
  concurrency: Slot[];
  cancel: CancelRule[];
  parent: ParentRef | null;
  output: unknown;
  error: SerializedError | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  updated_at: number;
  version: number;
};

function runFromRow(r: RunRow): Run {
  return {
    id: r.id,
    functionId: r.function_id,
    status: r.status,
    eventId: r.event_id,
    event: r.event,
    events: r.events,
    steps: r.steps,
    stack: r.stack,
    pending: r.pending,
    race: r.race,
    disableImmediate: r.disable_immediate,
    concurrency: r.concurrency,
    cancel: r.cancel,
    parent: r.parent,
    output: r.output,
    error: r.error,
    createdAt: r.created_at,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
}

function runRecord(run: Run) {
  return {
    id: run.id,
    function_id: run.functionId,
    status: run.status,
    event_id: run.eventId,
    event: run.event,
    events: run.events,
    steps: run.steps,
    stack: run.stack,
    pending: run.pending,
    race: run.race,
    disable_immediate: run.disableImmediate,
    concurrency: run.concurrency,
    cancel: run.cancel,
    parent: run.parent,
    output: run.output ?? null,
    error: run.error,
    created_at: run.createdAt,
    started_at: run.startedAt,
    ended_at: run.endedAt,
    updated_at: run.updatedAt,
    version: run.version,
  };
}

type JobRow = { id: string; run_id: string; kind: JobKind; step_id: string; attempt: number; due_at: number; payload: Job["payload"] };

const jobFromRow = (r: JobRow): Job => ({ id: r.id, runId: r.run_id, kind: r.kind, stepId: r.step_id, attempt: r.attempt, dueAt: r.due_at, payload: r.payload ?? {} });

const jobRecord = (j: Job) => ({ id: j.id, run_id: j.runId, kind: j.kind, step_id: j.stepId, attempt: j.attempt, due_at: j.dueAt, payload: j.payload });

type WaitRow = {
  id: string;
  run_id: string;
  step_id: string;
  kind: WaitKind;
  event_name: string | null;
  expression: string | null;
  child_run_id: string | null;
  expires_at: number | null;
  history_id: string;
  timeout_job_id: string | null;
};

const waitFromRow = (r: WaitRow): Wait => ({
  id: r.id,
  runId: r.run_id,
  stepId: r.step_id,
  kind: r.kind,
  eventName: r.event_name,
  expression: r.expression,
  childRunId: r.child_run_id,
  expiresAt: r.expires_at,
  historyId: r.history_id,
  timeoutJobId: r.timeout_job_id,
});

const waitRecord = (w: Wait) => ({
  id: w.id,
  run_id: w.runId,
  step_id: w.stepId,
  kind: w.kind,
  event_name: w.eventName,
  expression: w.expression,
  child_run_id: w.childRunId,
  expires_at: w.expiresAt,
  history_id: w.historyId,
  timeout_job_id: w.timeoutJobId,
});

type HistoryRow = {
  id: string;
  run_id: string;
  step_id: string | null;
  name: string | null;
  op: string;
  status: HistoryEntry["status"];
  attempt: number;
  started_at: number;
  ended_at: number | null;
  output: unknown;
  error: unknown;
  detail: Record<string, unknown> | null;
};

const historyFromRow = (r: HistoryRow): HistoryEntry => ({
  id: r.id,
  runId: r.run_id,
  stepId: r.step_id,
  name: r.name,
  op: r.op,
  status: r.status,
  attempt: r.attempt,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  output: r.output ?? undefined,
  error: r.error ?? undefined,
  detail: r.detail ?? undefined,
});

const historyRecord = (h: HistoryEntry) => ({
  id: h.id,
  run_id: h.runId,
  step_id: h.stepId,
  name: h.name,
  op: h.op,
  status: h.status,
  attempt: h.attempt,
  started_at: h.startedAt,
  ended_at: h.endedAt,
  output: h.output ?? null,
  error: h.error ?? null,
  detail: h.detail ?? null,
});

type EventRow = { id: string; external_id: string | null; name: string; data: Record<string, unknown>; user: Record<string, unknown> | null; ts: number; received_at: number };

const eventFromRow = (r: EventRow): StoredEvent => ({ id: r.id, externalId: r.external_id, name: r.name, data: r.data, user: r.user, ts: r.ts, receivedAt: r.received_at });

const eventRecord = (e: StoredEvent) => ({ id: e.id, external_id: e.externalId, name: e.name, data: e.data, user: e.user, ts: e.ts, received_at: e.receivedAt });

const RUN_COLUMNS =
  "id text, function_id text, status text, event_id text, event jsonb, events jsonb, steps jsonb, stack jsonb, pending jsonb, race boolean, disable_immediate boolean, concurrency jsonb, cancel jsonb, parent jsonb, output jsonb, error jsonb, created_at bigint, started_at bigint, ended_at bigint, updated_at bigint, version int";
const JOB_COLUMNS = "id text, run_id text, kind text, step_id text, attempt int, due_at bigint, payload jsonb";
const WAIT_COLUMNS =
  "id text, run_id text, step_id text, kind text, event_name text, expression text, child_run_id text, expires_at bigint, history_id text, timeout_job_id text";
const HISTORY_COLUMNS =
  "id text, run_id text, step_id text, name text, op text, status text, attempt int, started_at bigint, ended_at bigint, output jsonb, error jsonb, detail jsonb";
const EVENT_COLUMNS = 'id text, external_id text, name text, data jsonb, "user" jsonb, ts bigint, received_at bigint';

const names = (columns: string) => columns.split(",").map((c) => c.trim().split(" ")[0]).join(", ");

export type RunFilter = { functionId?: string; statuses?: RunStatus[]; before?: string; limit: number };

export class Store {
  readonly pool: pg.Pool;

  constructor(
    databaseUrl: string,
    readonly schema: string,
    poolSize = 5,
  ) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, types: int8AsNumber() });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on("error", () => undefined);
  }

  private t(table: string): string {
    return `"${this.schema}".${table}`;
  }

  async migrate(): Promise<void> {
    for (const statement of schemaStatements(this.schema)) {
      try {
        await query(this.pool, statement);
      } catch (error) {
        // Two engines creating the same schema at once: the loser's CREATE ... IF NOT EXISTS can
        // still hit the unique catalog index; the object exists, which is all we need.
        if ((error as { code?: string }).code !== "23505") throw error;
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  // ---- lease: one engine instance works a schema at a time ----

  /** Takes the lease if it is free, stale, or already ours. */
  async claimLease(owner: string, now: number, staleBefore: number): Promise<boolean> {
    const result = await query(this.pool,
      `INSERT INTO ${this.t("lease")} (id, owner, heartbeat_at) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, heartbeat_at = EXCLUDED.heartbeat_at
       WHERE ${this.t("lease")}.owner IS NULL OR ${this.t("lease")}.owner = EXCLUDED.owner OR ${this.t("lease")}.heartbeat_at < $3
       RETURNING owner`,
      [owner, now, staleBefore],
    );
    return result.rowCount === 1;
  }

  async heartbeat(owner: string, now: number): Promise<boolean> {
    const result = await query(this.pool, `UPDATE ${this.t("lease")} SET heartbeat_at = $2 WHERE id = 1 AND owner = $1`, [owner, now]);
    return result.rowCount === 1;
  }

  async releaseLease(owner: string): Promise<void> {
    await query(this.pool, `UPDATE ${this.t("lease")} SET owner = NULL WHERE id = 1 AND owner = $1`, [owner]);
  }

  // ---- functions ----

  async saveRegistration(
    app: { appId: string; url: string; sdk?: string; framework?: string },
    functions: { id: string; name?: string; url: string; config: unknown }[],
    now: number,
  ): Promise<void> {
    await this.transaction(async (c) => {
      await query(c,
        `INSERT INTO ${this.t("apps")} (app_id, url, sdk, framework, synced_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id) DO UPDATE SET url = EXCLUDED.url, sdk = EXCLUDED.sdk, framework = EXCLUDED.framework, synced_at = EXCLUDED.synced_at`,
        [app.appId, app.url, app.sdk ?? null, app.framework ?? null, now],
      );
      await query(c,
        `INSERT INTO ${this.t("functions")} (id, app_id, name, url, config, active, updated_at)
         SELECT x.id, $2, x.name, x.url, x.config, true, $3 FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, url text, config jsonb)
         ON CONFLICT (id) DO UPDATE SET app_id = EXCLUDED.app_id, name = EXCLUDED.name, url = EXCLUDED.url, config = EXCLUDED.config, active = true, updated_at = EXCLUDED.updated_at`,
        [json(functions.map((f) => ({ id: f.id, name: f.name ?? null, url: f.url, config: f.config }))), app.appId, now],
      );
      await query(c, `UPDATE ${this.t("functions")} SET active = false, updated_at = $3 WHERE app_id = $1 AND active AND NOT (id = ANY($2::text[]))`, [
        app.appId,
        functions.map((f) => f.id),
        now,
      ]);
    });
  }

  async loadFunctions(): Promise<StoredFunction[]> {
    const result = await query<{ id: string; app_id: string; name: string | null; url: string; config: unknown; updated_at: number }>(this.pool,
      `SELECT id, app_id, name, url, config, updated_at FROM ${this.t("functions")} WHERE active ORDER BY id`,
    );
    return result.rows.map((r) => ({ id: r.id, appId: r.app_id, name: r.name, url: r.url, config: r.config, updatedAt: r.updated_at }));
  }

  async listApps(): Promise<{ appId: string; url: string; sdk: string | null; framework: string | null; syncedAt: number }[]> {
    const result = await query<{ app_id: string; url: string; sdk: string | null; framework: string | null; synced_at: number }>(this.pool,
      `SELECT app_id, url, sdk, framework, synced_at FROM ${this.t("apps")} ORDER BY app_id`,
    );
    return result.rows.map((r) => ({ appId: r.app_id, url: r.url, sdk: r.sdk, framework: r.framework, syncedAt: r.synced_at }));
  }

  // ---- what a starting engine resumes ----

  async loadJobs(): Promise<Job[]> {
    const result = await query<JobRow>(this.pool, `SELECT ${names(JOB_COLUMNS)} FROM ${this.t("jobs")}`);
    return result.rows.map(jobFromRow);
  }

  async loadWaits(): Promise<(Wait & { runEvent: EventPayload })[]> {
    const result = await query<WaitRow & { run_event: EventPayload }>(this.pool,
      `SELECT ${names(WAIT_COLUMNS)
        .split(", ")
        .map((c) => `w.${c}`)
        .join(", ")}, r.event AS run_event
       FROM ${this.t("waits")} w JOIN ${this.t("runs")} r ON r.id = w.run_id`,
    );
    return result.rows.map((r) => ({ ...waitFromRow(r), runEvent: r.run_event }));
  }

  async loadCancellable(): Promise<{ id: string; event: EventPayload; cancel: CancelRule[] }[]> {
    const result = await query<{ id: string; event: EventPayload; cancel: CancelRule[] }>(this.pool,
      `SELECT id, event, cancel FROM ${this.t("runs")} WHERE status NOT IN ('completed', 'failed', 'cancelled') AND cancel <> '[]'::jsonb`,
    );
    return result.rows;
  }

  async loadThrottles(): Promise<[string, number][]> {
    const result = await query<{ key: string; tat: number }>(this.pool, `SELECT key, tat FROM ${this.t("throttles")}`);
    return result.rows.map((r) => [r.key, r.tat]);
  }

  // ---- runs ----

  async getRun(id: string): Promise<Run | undefined> {
    const result = await query<RunRow>(this.pool, `SELECT * FROM ${this.t("runs")} WHERE id = $1`, [id]);
    const row = result.rows[0];
    return row ? runFromRow(row) : undefined;
  }

  async deleteJob(id: string): Promise<void> {
    await query(this.pool, `DELETE FROM ${this.t("jobs")} WHERE id = $1`, [id]);
  }

  /**
   * Inserts events (an event whose id was seen before is not stored again) and, in the same
   * transaction, the runs `plan` derives from the events that are new.
   */
  async ingest(
    events: StoredEvent[],
    plan: (fresh: StoredEvent[]) => { runs: NewRun[]; throttles: [string, number][] },
  ): Promise<{ ids: string[]; fresh: StoredEvent[]; runs: NewRun[] }> {
    return this.transaction(async (c) => {
      const inserted = await query<{ id: string }>(c,
        `INSERT INTO ${this.t("events")} (${names(EVENT_COLUMNS)})
         SELECT ${names(EVENT_COLUMNS)} FROM jsonb_to_recordset($1::jsonb) AS x(${EVENT_COLUMNS})
         ON CONFLICT (external_id) DO NOTHING RETURNING id`,
        [json(events.map(eventRecord))],
      );
      const insertedIds = new Set(inserted.rows.map((r) => r.id));
      const fresh = events.filter((e) => insertedIds.has(e.id));
      const duplicates = events.filter((e) => !insertedIds.has(e.id) && e.externalId);
      const existing = new Map<string, string>();
      if (duplicates.length) {
        const found = await query<{ id: string; external_id: string }>(c, `SELECT id, external_id FROM ${this.t("events")} WHERE external_id = ANY($1::text[])`, [
          duplicates.map((e) => e.externalId),
        ]);
        for (const row of found.rows) existing.set(row.external_id, row.id);
      }
      const { runs, throttles } = plan(fresh);
      await this.insertRuns(c, runs);
      await this.saveThrottles(c, throttles);
      const ids = events.map((e) => (insertedIds.has(e.id) ? e.id : (existing.get(e.externalId ?? "") ?? e.id)));
      return { ids, fresh, runs };
    });
  }

  private async insertRuns(c: Queryable, runs: NewRun[]): Promise<void> {
    if (!runs.length) return;
    await query(c,
      `INSERT INTO ${this.t("runs")} (${names(RUN_COLUMNS)}) SELECT ${names(RUN_COLUMNS)} FROM jsonb_to_recordset($1::jsonb) AS x(${RUN_COLUMNS})`,
      [json(runs.map((r) => runRecord(r.run)))],
    );
    await this.insertJobs(
      c,
      runs.flatMap((r) => r.jobs),
    );
  }

  private async insertJobs(c: Queryable, jobs: Job[]): Promise<void> {
    if (!jobs.length) return;
    await query(c,
      `INSERT INTO ${this.t("jobs")} (${names(JOB_COLUMNS)}) SELECT ${names(JOB_COLUMNS)} FROM jsonb_to_recordset($1::jsonb) AS x(${JOB_COLUMNS})`,
      [json(jobs.map(jobRecord))],
    );
  }

  private async saveThrottles(c: Queryable, entries: [string, number][]): Promise<void> {
    if (!entries.length) return;
    // One row per key: ON CONFLICT cannot touch the same row twice in one statement.
    const latest = new Map<string, number>();
    for (const [key, tat] of entries) latest.set(key, Math.max(tat, latest.get(key) ?? tat));
    const throttles = [...latest];
    await query(c,
      `INSERT INTO ${this.t("throttles")} (key, tat) SELECT x.key, x.tat FROM jsonb_to_recordset($1::jsonb) AS x(key text, tat bigint)
       ON CONFLICT (key) DO UPDATE SET tat = GREATEST(${this.t("throttles")}.tat, EXCLUDED.tat)`,
      [json(throttles.map(([key, tat]) => ({ key, tat })))],
    );
  }

  /** Applies one state change of a run, or nothing when a guard fails (see Transition). */
  async apply(tr: Transition): Promise<ApplyResult> {
    return this.transaction(async (c) => {
      const abort = (result: ApplyResult) => {
        throw new Abort(result);
      };
      if (tr.consumeJob) {
        const gone = await query(c, `DELETE FROM ${this.t("jobs")} WHERE id = $1`, [tr.consumeJob]);
        if (gone.rowCount !== 1) abort("gone");
      }
      if (tr.consumeWait) {
        const gone = await query(c, `DELETE FROM ${this.t("waits")} WHERE id = $1`, [tr.consumeWait]);
        if (gone.rowCount !== 1) abort("gone");
      }
      const r = runRecord(tr.run);
      const updated = await query(c,
        `UPDATE ${this.t("runs")} SET status = $3, steps = $4::jsonb, stack = $5::jsonb, pending = $6::jsonb, race = $7,
           disable_immediate = $8, output = $9::jsonb, error = $10::jsonb, started_at = $11, ended_at = $12, updated_at = $13,
           version = version + 1
         WHERE id = $1 AND version = $2`,
        [
          r.id,
          tr.expectedVersion,
          r.status,
          json(r.steps),
          json(r.stack),
          json(r.pending),
          r.race,
          r.disable_immediate,
          json(r.output),
          json(r.error),
          r.started_at,
          r.ended_at,
          r.updated_at,
        ],
      );
      if (updated.rowCount !== 1) abort("conflict");
      if (tr.clearWork) {
        await query(c, `DELETE FROM ${this.t("jobs")} WHERE run_id = $1`, [r.id]);
        await query(c, `DELETE FROM ${this.t("waits")} WHERE run_id = $1`, [r.id]);
      }
      if (tr.deleteJobs?.length) await query(c, `DELETE FROM ${this.t("jobs")} WHERE id = ANY($1::text[])`, [tr.deleteJobs]);
      if (tr.deleteWaits?.length) await query(c, `DELETE FROM ${this.t("waits")} WHERE id = ANY($1::text[])`, [tr.deleteWaits]);
      if (tr.events?.length) {
        await query(c,
          `INSERT INTO ${this.t("events")} (${names(EVENT_COLUMNS)}) SELECT ${names(EVENT_COLUMNS)} FROM jsonb_to_recordset($1::jsonb) AS x(${EVENT_COLUMNS}) ON CONFLICT DO NOTHING`,
          [json(tr.events.map(eventRecord))],
        );
      }
      if (tr.children?.length) await this.insertRuns(c, tr.children);
      await this.insertJobs(c, tr.jobs ?? []);
      if (tr.waits?.length) {
        await query(c,
          `INSERT INTO ${this.t("waits")} (${names(WAIT_COLUMNS)}) SELECT ${names(WAIT_COLUMNS)} FROM jsonb_to_recordset($1::jsonb) AS x(${WAIT_COLUMNS})`,
          [json(tr.waits.map(waitRecord))],
        );
      }
      if (tr.history?.length) {
        await query(c,
          `INSERT INTO ${this.t("history")} (${names(HISTORY_COLUMNS)}) SELECT ${names(HISTORY_COLUMNS)} FROM jsonb_to_recordset($1::jsonb) AS x(${HISTORY_COLUMNS})`,
          [json(tr.history.map(historyRecord))],
        );
      }
      if (tr.historyUpdates?.length) {
        await query(c,
          `UPDATE ${this.t("history")} h SET status = x.status, ended_at = x.ended_at,
             output = COALESCE(x.output, h.output), error = COALESCE(x.error, h.error)
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, status text, ended_at bigint, output jsonb, error jsonb)
           WHERE h.id = x.id`,
          [json(tr.historyUpdates.map((u) => ({ id: u.id, status: u.status, ended_at: u.endedAt, output: u.output ?? null, error: u.error ?? null })))],
        );
      }
      await this.saveThrottles(c, tr.throttles ?? []);
      return "ok" as const;
    }).catch((error: unknown) => {
      if (error instanceof Abort) return error.result;
      throw error;
    });
  }

  // ---- reads for the API ----

  async listRuns(filter: RunFilter): Promise<Run[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.functionId) {
      params.push(filter.functionId);
      where.push(`function_id = $${params.length}`);
    }
    if (filter.statuses?.length) {
      params.push(filter.statuses);
      where.push(`status = ANY($${params.length}::text[])`);
    }
    if (filter.before) {
      params.push(filter.before);
      where.push(`id < $${params.length}`);
    }
    params.push(filter.limit);
    const result = await query<RunRow>(this.pool,
      `SELECT * FROM ${this.t("runs")} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return result.rows.map(runFromRow);
  }

  async runsForEvent(eventId: string): Promise<Run[]> {
    const result = await query<RunRow>(this.pool,
      `SELECT * FROM ${this.t("runs")} WHERE event_id = $1
          OR event_id = (SELECT id FROM ${this.t("events")} WHERE external_id = $1 LIMIT 1)
       ORDER BY id`,
      [eventId],
    );
    return result.rows.map(runFromRow);
  }

  async history(runId: string): Promise<HistoryEntry[]> {
    const result = await query<HistoryRow>(this.pool, `SELECT ${names(HISTORY_COLUMNS)} FROM ${this.t("history")} WHERE run_id = $1 ORDER BY id`, [runId]);
    return result.rows.map(historyFromRow);
  }

  async getEvent(id: string): Promise<StoredEvent | undefined> {
    const result = await query<EventRow>(this.pool, `SELECT ${names(EVENT_COLUMNS)} FROM ${this.t("events")} WHERE id = $1 OR external_id = $1 LIMIT 1`, [id]);
    const row = result.rows[0];
    return row ? eventFromRow(row) : undefined;
  }

  async listEvents(filter: { name?: string; before?: string; limit: number }): Promise<StoredEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.name) {
      params.push(filter.name);
      where.push(`name = $${params.length}`);
    }
    if (filter.before) {
      params.push(filter.before);
      where.push(`id < $${params.length}`);
    }
    params.push(filter.limit);
    const result = await query<EventRow>(this.pool,
      `SELECT ${names(EVENT_COLUMNS)} FROM ${this.t("events")} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return result.rows.map(eventFromRow);
  }
}

class Abort extends Error {
  constructor(readonly result: ApplyResult) {
    super(result);
  }
}
