// The local Inngest engine: receives events, starts runs of the functions the app registered,
// calls the app's serve route step by step, and keeps every run's state and history in
// PostgreSQL so work survives a restart. Usable in-process (tests) or through main.ts.
import { randomUUID } from "node:crypto";
import { expressionMatches } from "./expressions";
import { ConcurrencyLimiter } from "./flow/concurrency";
import { Throttle } from "./flow/throttle";
import { startHttpServer, type HttpServer } from "./http/app";
import { ulid } from "./ids";
import { consoleLogger, type EngineLogger, oneLine, shortFunctionId, silentLogger } from "./log";
import { type ChildRun, type Plan, type PlanContext, planCallResult, planCancel, planFail, planWaitResolved, planWake, type WaitResolution } from "./planner";
import { type CallOutcome, callBody, type EventPayload, readOutcome, type SerializedError } from "./protocol/call";
import { registerRequestSchema } from "./protocol/register";
import { cancelRules, concurrencySlots, type RegisteredFunction, registerFunction, Registry, throttleFor } from "./registry";
import { SIGNING_KEY_PATTERN } from "./signing";
import { type CancelRule, isTerminal, type Job, type NewRun, type ParentRef, type Run, type StoredEvent, type Wait } from "./store/rows";
import { SCHEMA_NAME_PATTERN } from "./store/schema";
import { Store } from "./store/store";
import { type Clock, systemClock } from "./time/clock";
import { type CronSchedule, nextCronTime } from "./time/cron";
import { formatDuration } from "./time/durations";
import { Scheduler, type TimerKind } from "./time/scheduler";
import { AppClient, callUrl, httpTransport, type Transport } from "./transport";

export type EngineOptions = {
  /** PostgreSQL (or PGlite over its socket) holding the engine's schema. */
  databaseUrl: string;
  /** The engine's own schema; created if missing. Default "inngest_local". */
  schema?: string;
  /** The app's serve route, e.g. http://localhost:3000/api/inngest; what sync() PUTs to. */
  appUrl?: string;
  /** How requests reach the app; default fetch. Tests pass the serve handlers directly. */
  transport?: Transport;
  /** Sign every call (and require the app's sync to authenticate) with this key. */
  signingKey?: string;
  /** Multiplies every delay: sleeps, retry backoff, timeouts, throttle periods. 0 = no waiting. */
  timeScale?: number;
  /** Time source; a ManualClock only moves through advanceTime(). */
  clock?: Clock;
  logger?: EngineLogger | false;
  poolSize?: number;
  /** Calls to the app in flight at once, across all runs. */
  maxInFlight?: number;
  /** Abort a call the app has not answered after this long (then retried). */
  callTimeoutMs?: number;
  /**
   * "manual": cron triggers fire only through tickCron. For tests that share one database between
   * several apps, each with its own sandboxes: a schedule that acts on every tenant would otherwise
   * reach tenants another test's sandbox owns.
   */
  crons?: "scheduled" | "manual";
};

export type EventInput = { name: string; data?: Record<string, unknown>; id?: string; ts?: number; user?: Record<string, unknown>; v?: string };

export type RunSummary = { id: string; functionId: string; status: Run["status"]; output: unknown; error: SerializedError | null };

type IndexedWait = Wait & { runEvent: EventPayload };

type CronEntry = { fnId: string; schedule: CronSchedule; at: number };

const LEASE_STALE_MS = 15_000;
const HEARTBEAT_MS = 5_000;
const DISPATCH_RETRY_MS = 1_000;

export const DEFAULT_SCHEMA = "inngest_local";

export class InngestEngine {
  readonly schema: string;
  readonly clock: Clock;
  readonly timeScale: number;
  private readonly store: Store;
  private readonly registry = new Registry();
  private readonly scheduler: Scheduler;
  private readonly limiter = new ConcurrencyLimiter();
  private readonly inFlight = new ConcurrencyLimiter();
  private readonly throttle = new Throttle();
  private readonly app: AppClient;
  private readonly log: EngineLogger;
  private readonly instanceId = randomUUID();
  private readonly maxInFlight: number;
  private readonly callTimeoutMs: number;

  private readonly jobs = new Map<string, Job>();
  private readonly jobsByRun = new Map<string, Set<string>>();
  private readonly runs = new Map<string, Run>();
  private readonly waitsById = new Map<string, IndexedWait>();
  private readonly waitsByEvent = new Map<string, Map<string, IndexedWait>>();
  private readonly waitsByChild = new Map<string, IndexedWait>();
  private readonly waitsByRun = new Map<string, Set<string>>();
  private readonly cancelIndex = new Map<string, Map<string, { event: EventPayload; rules: CancelRule[] }>>();
  private readonly crons = new Map<string, CronEntry>();
  private readonly locks = new Map<string, Promise<void>>();
  private readonly tasks = new Set<Promise<unknown>>();
  private readonly finishListeners = new Set<(run: RunSummary) => void>();
  private readonly appIds = new Set<string>();

  private http: HttpServer | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private state: "new" | "started" | "stopping" | "stopped" = "new";

  constructor(private readonly options: EngineOptions) {
    this.schema = options.schema ?? DEFAULT_SCHEMA;
    if (!SCHEMA_NAME_PATTERN.test(this.schema)) throw new Error(`invalid schema name "${this.schema}": use lowercase letters, digits and _`);
    if (options.signingKey !== undefined && !SIGNING_KEY_PATTERN.test(options.signingKey)) {
      throw new Error("invalid signing key: expected signkey-<env>-<hex>");
    }
    this.clock = options.clock ?? systemClock;
    this.timeScale = options.timeScale ?? 1;
    if (!(this.timeScale >= 0)) throw new Error("timeScale must be 0 or more");
    this.maxInFlight = options.maxInFlight ?? 32;
    this.callTimeoutMs = options.callTimeoutMs ?? 5 * 60_000;
    this.log = options.logger === false ? silentLogger : (options.logger ?? consoleLogger);
    this.store = new Store(options.databaseUrl, this.schema, options.poolSize ?? 5);
    this.scheduler = new Scheduler(this.clock, (id, kind) => this.onDue(id, kind));
    this.app = new AppClient(options.transport ?? httpTransport, options.signingKey);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Creates the schema, takes over its pending work and starts timers; with `port` (0 = any free
   * port) also serves the engine's HTTP API. Waits while another live engine works this schema.
   */
  async start(listen?: { port: number; host?: string }): Promise<void> {
    if (this.state !== "new") throw new Error("the engine was already started");
    this.state = "started";
    await this.store.migrate();
    await this.takeLease();
    await this.loadState();
    this.scheduler.start();
    this.scheduleCrons();
    this.heartbeatTimer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
    if (listen) this.http = await startHttpServer(this, listen.port, listen.host);
  }

  /** The engine's base URL when it serves HTTP (what the app's INNGEST_DEV / baseUrl point at). */
  get url(): string {
    if (!this.http) throw new Error("the engine does not serve HTTP: start it with a port");
    return this.http.url;
  }

  get signingKey(): string | undefined {
    return this.options.signingKey;
  }

  /**
   * Stops timers and the HTTP server and lets calls in flight finish (up to `timeoutMs`), then
   * releases the schema. `abandon: true` drops calls in flight as a crash would: their steps run
   * again after the next start.
   */
  async stop(options: { abandon?: boolean; timeoutMs?: number } = {}): Promise<void> {
    if (this.state !== "started") return;
    this.state = "stopping";
    this.scheduler.stop();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    await this.http?.close();
    if (!options.abandon) await this.whenIdle(options.timeoutMs ?? 10_000);
    this.state = "stopped";
    await this.store.releaseLease(this.instanceId).catch(() => undefined);
    await this.store.close().catch(() => undefined);
  }

  private get active(): boolean {
    return this.state === "started";
  }

  private async takeLease(): Promise<void> {
    let warned = false;
    for (;;) {
      const now = Date.now();
      if (await this.store.claimLease(this.instanceId, now, now - LEASE_STALE_MS)) return;
      if (!warned) this.log.warn(`another engine is working schema "${this.schema}"; waiting for it to stop`);
      warned = true;
      await new Promise((r) => setTimeout(r, 1_000));
      if (this.state !== "started") throw new Error("stopped while waiting for the schema");
    }
  }

  private async beat(): Promise<void> {
    if (!this.active) return;
    try {
      if (!(await this.store.heartbeat(this.instanceId, Date.now()))) {
        this.log.error(`lost schema "${this.schema}" to another engine; stopping`);
        void this.stop({ abandon: true });
      }
    } catch (error) {
      this.log.warn(`database heartbeat failed: ${(error as Error).message}`);
    }
  }

  private async loadState(): Promise<void> {
    const byApp = new Map<string, RegisteredFunction[]>();
    for (const stored of await this.store.loadFunctions()) {
      try {
        const { fn } = registerFunction(stored.appId, stored.config);
        byApp.set(stored.appId, [...(byApp.get(stored.appId) ?? []), fn]);
      } catch (error) {
        this.log.warn(`skipping stored function ${stored.id}: ${(error as Error).message}`);
      }
    }
    for (const [appId, fns] of byApp) {
      this.registry.replaceApp(appId, fns);
      this.appIds.add(appId);
    }
    this.throttle.load(await this.store.loadThrottles());
    for (const job of await this.store.loadJobs()) this.addJob(job);
    for (const wait of await this.store.loadWaits()) this.indexWait(wait);
    for (const run of await this.store.loadCancellable()) this.indexCancel(run.id, run.event, run.cancel);
    const pending = this.jobs.size;
    if (pending) this.log.info(`resuming ${pending} pending job${pending === 1 ? "" : "s"} from schema "${this.schema}"`);
  }

  // ---------------------------------------------------------------- registration

  /** Asks the app to sync (PUT to its serve URL); resolves once its functions are registered. */
  async sync(url: string | undefined = this.options.appUrl): Promise<void> {
    if (!url) throw new Error("no app URL to sync: pass one or set appUrl");
    const result = await this.app.sync(url, AbortSignal.timeout(120_000));
    if (!result.ok) throw new Error(`the app at ${url} answered the sync with HTTP ${result.status}: ${oneLine(result.message)}`);
  }

  /** Handles the SDK's POST /fn/register. */
  async register(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const parsed = registerRequestSchema.safeParse(body);
    if (!parsed.success) {
      return { status: 400, body: { ok: false, error: `invalid registration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` } };
    }
    const request = parsed.data;
    const fns: RegisteredFunction[] = [];
    const warnings: string[] = [];
    for (const raw of request.functions) {
      try {
        const registration = registerFunction(request.appName, raw);
        fns.push(registration.fn);
        warnings.push(...registration.warnings);
      } catch (error) {
        return { status: 400, body: { ok: false, error: error instanceof Error ? error.message : String(error) } };
      }
    }
    const before = this.registry.all().filter((f) => f.appId === request.appName);
    const modified =
      before.length !== fns.length ||
      fns.some((fn) => {
        const old = this.registry.get(fn.id);
        return !old || JSON.stringify(old.config) !== JSON.stringify(fn.config) || old.appId !== fn.appId;
      });
    if (modified) {
      await this.store.saveRegistration(
        { appId: request.appName, url: request.url, sdk: request.sdk, framework: request.framework },
        fns.map((fn) => ({ id: fn.id, name: fn.name ?? undefined, url: fn.url, config: fn.config })),
        this.clock.now(),
      );
      this.registry.replaceApp(request.appName, fns);
      this.appIds.add(request.appName);
      this.scheduleCrons();
      this.log.info(`synced ${request.appName}: ${fns.length} function${fns.length === 1 ? "" : "s"} (${fns.map((f) => this.short(f.id)).join(", ") || "none"})`);
      for (const warning of warnings) this.log.warn(warning);
    }
    return { status: 200, body: { ok: true, modified } };
  }

  functions(): RegisteredFunction[] {
    return this.registry.all();
  }

  function(id: string): RegisteredFunction | undefined {
    return this.registry.get(id);
  }

  // ---------------------------------------------------------------- events

  /** Stores events and starts the runs they trigger; resolves with their ids. */
  async send(input: EventInput | EventInput[]): Promise<string[]> {
    const events = Array.isArray(input) ? input : [input];
    if (!this.active) throw new Error("the engine is not running");
    const now = this.clock.now();
    const stored: StoredEvent[] = events.map((e) => ({
      id: ulid(),
      externalId: e.id ?? null,
      name: e.name,
      data: e.data ?? {},
      user: e.user ?? null,
      ts: e.ts ?? now,
      receivedAt: now,
    }));
    const { ids, fresh } = await this.ingest(stored, (payload) => this.registry.triggeredBy(payload));
    // Cancellations first: an event that both cancels a run and matches its wait cancels it.
    for (const event of fresh) await this.matchCancellations(toPayload(event));
    for (const event of fresh) await this.matchWaits(toPayload(event));
    return ids;
  }

  private async ingest(
    stored: StoredEvent[],
    targets: (payload: EventPayload) => RegisteredFunction[],
  ): Promise<{ ids: string[]; fresh: StoredEvent[]; runs: NewRun[] }> {
    const result = await this.store.ingest(stored, (fresh) => {
      const runs: NewRun[] = [];
      const throttles: [string, number][] = [];
      for (const event of fresh) {
        const payload = toPayload(event);
        for (const fn of targets(payload)) {
          const prepared = this.prepareRun(fn, event.id, payload, null);
          runs.push(prepared.newRun);
          throttles.push(...prepared.throttles);
        }
      }
      return { runs, throttles };
    });
    for (const { run, jobs } of result.runs) this.afterRunCreated(run, jobs);
    return result;
  }

  private prepareRun(fn: RegisteredFunction, eventId: string, event: EventPayload, parent: ParentRef | null): { newRun: NewRun; throttles: [string, number][] } {
    const now = this.clock.now();
    const throttles: [string, number][] = [];
    let dueAt = now;
    const throttle = throttleFor(fn, event, this.timeScale);
    if (throttle) {
      const reservation = this.throttle.reserve(throttle.key, throttle.spec, now);
      dueAt = reservation.startAt;
      throttles.push([throttle.key, reservation.tat]);
    }
    const run: Run = {
      id: ulid(),
      functionId: fn.id,
      status: "queued",
      eventId,
      event,
      events: [event],
      steps: {},
      stack: [],
      pending: {},
      race: false,
      disableImmediate: false,
      concurrency: concurrencySlots(fn, event),
      cancel: cancelRules(fn, now, this.timeScale),
      parent,
      output: null,
      error: null,
      createdAt: now,
      startedAt: null,
      endedAt: null,
      updatedAt: now,
      version: 0,
    };
    const job: Job = { id: ulid(), runId: run.id, kind: "call", stepId: "step", attempt: 0, dueAt, payload: {} };
    return { newRun: { run, jobs: [job] }, throttles };
  }

  private afterRunCreated(run: Run, jobs: Job[]): void {
    this.runs.set(run.id, run);
    this.indexCancel(run.id, run.event, run.cancel);
    const delay = Math.min(...jobs.map((j) => j.dueAt)) - this.clock.now();
    if (delay > 0) this.log.info(`${this.short(run.functionId)} ${run.id} queued: starts in ${formatDuration(delay)} (throttle)`);
    for (const job of jobs) this.addJob(job);
  }

  private async matchWaits(event: EventPayload): Promise<void> {
    const candidates = this.waitsByEvent.get(event.name);
    if (!candidates?.size) return;
    const matched = [...candidates.values()].filter((w) => expressionMatches(w.expression, { event: w.runEvent, async: event }));
    await Promise.all(matched.map((wait) => this.resolveWait(wait, { kind: "event", event })));
  }

  private async matchCancellations(event: EventPayload): Promise<void> {
    const candidates = this.cancelIndex.get(event.name);
    if (!candidates?.size) return;
    const now = this.clock.now();
    const doomed = [...candidates.entries()].filter(([, entry]) =>
      entry.rules.some(
        (rule) => rule.event === event.name && (rule.expiresAt === undefined || now <= rule.expiresAt) && expressionMatches(rule.if, { event: entry.event, async: event }),
      ),
    );
    await Promise.all(doomed.map(([runId]) => this.cancel(runId, { eventId: event.id, by: `event ${event.name}` })));
  }

  // ---------------------------------------------------------------- cron

  private scheduleCrons(): void {
    for (const id of this.crons.keys()) this.scheduler.cancel(id);
    this.crons.clear();
    if (this.options.crons === "manual") return;
    const now = this.clock.now();
    for (const fn of this.registry.all()) {
      fn.crons.forEach((schedule, index) => {
        const at = nextCronTime(schedule, now);
        if (at === undefined) return;
        const id = `cron:${fn.id}:${index}`;
        this.crons.set(id, { fnId: fn.id, schedule, at });
        this.scheduler.schedule(id, at, "cron");
      });
    }
  }

  private fireCron(id: string): void {
    const entry = this.crons.get(id);
    if (!entry) return;
    const fn = this.registry.get(entry.fnId);
    if (fn) this.track(this.startCronRun(fn, entry.schedule, entry.at, true));
    // A wall clock that jumped (a laptop asleep) starts one run, not one per missed tick.
    const from = this.clock.manual ? entry.at : Math.max(entry.at, this.clock.now());
    const next = nextCronTime(entry.schedule, from);
    if (next === undefined) return;
    this.crons.set(id, { ...entry, at: next });
    this.scheduler.schedule(id, next, "cron");
  }

  private async startCronRun(fn: RegisteredFunction, schedule: CronSchedule, at: number, scheduled: boolean): Promise<string | undefined> {
    const now = this.clock.now();
    const event: StoredEvent = {
      id: ulid(),
      // The scheduled time makes a tick idempotent: a restarted engine does not fire it twice.
      externalId: scheduled ? `cron:${fn.id}:${schedule.expression}:${at}` : null,
      name: "inngest/scheduled.timer",
      data: { cron: schedule.expression },
      user: null,
      ts: at,
      receivedAt: now,
    };
    const { runs } = await this.ingest([event], () => [fn]);
    return runs[0]?.run.id;
  }

  /** Starts a run of a cron-triggered function now, as its schedule would. */
  async tickCron(functionId: string): Promise<string> {
    const fn = this.registry.get(functionId);
    if (!fn) throw new Error(`no function "${functionId}" is registered`);
    const schedule = fn.crons[0];
    if (!schedule) throw new Error(`function "${functionId}" has no cron trigger`);
    const runId = await this.startCronRun(fn, schedule, this.clock.now(), false);
    if (!runId) throw new Error(`no run was started for "${functionId}"`);
    return runId;
  }

  /** When each cron trigger fires next. */
  cronSchedule(): { functionId: string; cron: string; nextAt: number }[] {
    return [...this.crons.values()].map((c) => ({ functionId: c.fnId, cron: c.schedule.expression, nextAt: c.at }));
  }

  // ---------------------------------------------------------------- time control

  /**
   * Moves a ManualClock forward, firing in order everything that falls due on the way (crons,
   * sleeps, retries, timeouts) and letting the work each causes settle before moving on.
   */
  async advanceTime(ms: number, options: { settleMs?: number } = {}): Promise<void> {
    if (!this.clock.manual || !("set" in this.clock)) throw new Error("advanceTime needs a ManualClock");
    const clock = this.clock as Clock & { set: (t: number) => void };
    const target = clock.now() + ms;
    for (;;) {
      const at = this.scheduler.nextAt();
      if (at === undefined || at > target) break;
      clock.set(at);
      this.scheduler.fireDue();
      await this.whenIdle(options.settleMs ?? 5_000);
    }
    clock.set(target);
    this.scheduler.fireDue();
    this.scheduler.rearm();
    await this.whenIdle(options.settleMs ?? 5_000);
  }

  /**
   * Fires pending timers now instead of at their time: sleeps, retries (backoff), wait and invoke
   * timeouts, throttled starts. Returns how many fired.
   */
  fastForward(filter: { runId?: string; kinds?: ("sleep" | "retry" | "timeout" | "throttle")[] } = {}): number {
    const kinds = new Set(filter.kinds ?? ["sleep", "retry", "timeout", "throttle"]);
    const fired = this.scheduler.fireEarly((id, kind) => {
      if (kind !== "job") return false;
      const job = this.jobs.get(id);
      if (!job || (filter.runId && job.runId !== filter.runId)) return false;
      const category = job.kind === "wake" ? "sleep" : job.kind === "timeout" ? "timeout" : job.attempt > 0 ? "retry" : "throttle";
      return kinds.has(category) && job.dueAt > this.clock.now();
    });
    return fired.length;
  }

  /** Resolves once no call, transition or ingestion is in progress (or after `timeoutMs`). */
  async whenIdle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.tasks.size && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise((r) => (timer = setTimeout(r, Math.max(1, deadline - Date.now()))));
      await Promise.race([Promise.allSettled([...this.tasks]), expired]);
      clearTimeout(timer);
    }
  }

  // ---------------------------------------------------------------- jobs

  private addJob(job: Job): void {
    this.jobs.set(job.id, job);
    let set = this.jobsByRun.get(job.runId);
    if (!set) this.jobsByRun.set(job.runId, (set = new Set()));
    set.add(job.id);
    this.scheduler.schedule(job.id, job.dueAt, "job");
  }

  private dropJob(id: string): void {
    const job = this.jobs.get(id);
    this.scheduler.cancel(id);
    this.jobs.delete(id);
    if (job) {
      const set = this.jobsByRun.get(job.runId);
      set?.delete(id);
      if (set && !set.size) this.jobsByRun.delete(job.runId);
    }
  }

  private onDue(id: string, kind: TimerKind): void {
    if (!this.active) return;
    if (kind === "cron") return this.fireCron(id);
    const job = this.jobs.get(id);
    if (!job) return;
    const work = job.kind === "call" ? this.executeCall(job) : job.kind === "wake" ? this.wake(job) : this.expireWait(job);
    this.track(
      work.catch((error: unknown) => {
        if (!this.active) return;
        // The database or the app failed in a way the run's own state could not record: keep
        // the job (it is still in the database) and try again shortly.
        this.log.error(`job ${job.kind} of run ${job.runId} failed: ${(error as Error).message}; retrying`);
        if (this.jobs.get(job.id) === job) this.scheduler.schedule(job.id, this.clock.now() + DISPATCH_RETRY_MS, "job");
      }),
    );
  }

  private track<T>(promise: Promise<T>): Promise<T | undefined> {
    const tracked = promise.catch((error: unknown) => {
      if (this.active) this.log.error(`engine task failed: ${(error as Error).message}`);
      return undefined;
    });
    this.tasks.add(tracked);
    void tracked.finally(() => this.tasks.delete(tracked));
    return tracked;
  }

  private planContext(fn: RegisteredFunction | undefined): PlanContext {
    return {
      now: this.clock.now(),
      timeScale: this.timeScale,
      newId: () => ulid(),
      maxAttempts: fn?.maxAttempts ?? 5,
      createChild: (functionId, data, parent) => this.createChild(functionId, data, parent),
    };
  }

  private createChild(functionId: string, data: Record<string, unknown>, parent: ParentRef): ChildRun | undefined {
    const fn = this.registry.get(functionId);
    if (!fn) return undefined;
    const now = this.clock.now();
    const event: StoredEvent = { id: ulid(), externalId: null, name: "inngest/function.invoked", data, user: null, ts: now, receivedAt: now };
    const prepared = this.prepareRun(fn, event.id, toPayload(event), parent);
    return { child: prepared.newRun, event, throttles: prepared.throttles };
  }

  private async executeCall(job: Job): Promise<void> {
    const run = await this.getRun(job.runId);
    if (!run || isTerminal(run.status)) {
      await this.discardJob(job);
      return;
    }
    const fn = this.registry.get(run.functionId);
    if (!fn) {
      const error = { name: "Error", message: `function "${run.functionId}" is no longer registered by the app` };
      await this.transition(run.id, (r) => planFail(r, error, this.planContext(undefined), job.id), { jobId: job.id });
      return;
    }
    const releaseSlots = await this.limiter.acquire(run.concurrency);
    const releaseCall = await this.inFlight.acquire([{ key: "calls", limit: this.maxInFlight }]);
    let outcome: CallOutcome;
    let startedAt = this.clock.now();
    try {
      const current = await this.getRun(job.runId);
      if (!current || isTerminal(current.status) || !this.active) {
        if (this.active) await this.discardJob(job);
        return;
      }
      startedAt = this.clock.now();
      if (current.startedAt === null && job.attempt === 0 && job.stepId === "step") this.log.info(`${this.short(run.functionId)} ${run.id} started`);
      const url = callUrl(fn.url, fn.id, job.stepId);
      const body = callBody({
        runId: current.id,
        event: current.event,
        events: current.events,
        steps: current.steps,
        stack: current.stack,
        attempt: job.attempt,
        maxAttempts: fn.maxAttempts,
        disableImmediateExecution: current.disableImmediate,
      });
      try {
        const response = await this.app.call(url, body, AbortSignal.timeout(this.callTimeoutMs));
        outcome = await readOutcome(response, this.clock.now());
      } catch (error) {
        outcome = { kind: "error", error: { name: "Error", message: `could not call the app at ${fn.url}: ${(error as Error).message}` }, noRetry: false };
      }
    } finally {
      releaseSlots();
      releaseCall();
    }
    if (!this.active) return;
    await this.transition(run.id, (r) => planCallResult(r, job, outcome, startedAt, this.planContext(fn)), { jobId: job.id });
  }

  private async wake(job: Job): Promise<void> {
    const run = await this.getRun(job.runId);
    if (!run || isTerminal(run.status)) return this.discardJob(job);
    await this.transition(run.id, (r) => planWake(r, job, this.planContext(this.registry.get(r.functionId))), { jobId: job.id });
  }

  private async expireWait(job: Job): Promise<void> {
    const wait = job.payload.waitId ? this.waitsById.get(job.payload.waitId) : undefined;
    if (!wait) return this.discardJob(job);
    await this.resolveWait(wait, { kind: "timeout", jobId: job.id });
  }

  private async discardJob(job: Job): Promise<void> {
    this.dropJob(job.id);
    await this.store.deleteJob(job.id);
  }

  private async resolveWait(wait: IndexedWait, resolution: WaitResolution): Promise<void> {
    const consumes = resolution.kind === "timeout" ? { jobId: resolution.jobId } : {};
    await this.transition(wait.runId, (r) => planWaitResolved(r, wait, resolution, this.planContext(this.registry.get(r.functionId))), consumes);
  }

  // ---------------------------------------------------------------- state changes

  private async getRun(id: string): Promise<Run | undefined> {
    const cached = this.runs.get(id);
    if (cached) return cached;
    const run = await this.store.getRun(id);
    if (run && !isTerminal(run.status)) this.runs.set(id, run);
    return run;
  }

  private async withRunLock<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(runId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = previous.then(() => mine);
    this.locks.set(runId, chained);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.locks.get(runId) === chained) this.locks.delete(runId);
    }
  }

  /**
   * Plans a change from the run's latest state and writes it; if the row moved on meanwhile
   * (version mismatch) it reloads and plans again. Changes to one run are serialized in-process.
   * `consumes` names the job the change would use up, dropped if the run has finished meanwhile.
   */
  private transition(runId: string, plan: (run: Run) => Plan, consumes: { jobId?: string } = {}): Promise<"applied" | "skipped"> {
    return this.withRunLock(runId, async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const run = await this.getRun(runId);
        if (!run) return "skipped";
        if (isTerminal(run.status)) {
          // Finished meanwhile (cancelled, failed in a parallel branch): this work is moot.
          if (consumes.jobId) await this.discardJob(this.jobs.get(consumes.jobId) ?? { id: consumes.jobId, runId, kind: "call", stepId: "step", attempt: 0, dueAt: 0, payload: {} });
          return "skipped";
        }
        if (!this.active) return "skipped";
        const { transition, notes } = plan(run);
        const result = await this.store.apply(transition);
        if (result === "ok") {
          this.afterTransition(run, { transition, notes });
          return "applied";
        }
        if (result === "gone") {
          if (transition.consumeJob) this.dropJob(transition.consumeJob);
          if (transition.consumeWait) this.unindexWait(transition.consumeWait);
          return "skipped";
        }
        this.runs.delete(runId);
      }
      throw new Error(`run ${runId} kept changing under a transition; giving up on this change`);
    });
  }

  private afterTransition(previous: Run, { transition: tr, notes }: Plan): void {
    const run: Run = { ...tr.run, version: tr.expectedVersion + 1 };
    if (tr.consumeJob) this.dropJob(tr.consumeJob);
    for (const id of tr.deleteJobs ?? []) this.dropJob(id);
    if (tr.consumeWait) this.unindexWait(tr.consumeWait);
    for (const id of tr.deleteWaits ?? []) this.unindexWait(id);
    if (tr.clearWork) {
      for (const id of [...(this.jobsByRun.get(run.id) ?? [])]) this.dropJob(id);
      for (const id of [...(this.waitsByRun.get(run.id) ?? [])]) this.unindexWait(id);
    }
    for (const child of tr.children ?? []) this.afterRunCreated(child.run, child.jobs);
    for (const job of tr.jobs ?? []) this.addJob(job);
    for (const wait of tr.waits ?? []) this.indexWait({ ...wait, runEvent: run.event });

    if (isTerminal(run.status)) this.runs.delete(run.id);
    else this.runs.set(run.id, run);

    this.logTransition(previous, run, notes);
    if (isTerminal(run.status)) this.afterFinish(run);
  }

  private afterFinish(run: Run): void {
    this.unindexCancel(run.id);
    const summary: RunSummary = { id: run.id, functionId: run.functionId, status: run.status, output: run.output, error: run.error };
    if (run.status === "failed") {
      // onFailure handlers are functions triggered by this event (registered as "<id>-failure").
      this.track(this.send({ name: "inngest/function.failed", data: { function_id: run.functionId, run_id: run.id, error: run.error, event: run.event } }));
    } else if (run.status === "cancelled") {
      this.track(this.send({ name: "inngest/function.cancelled", data: { function_id: run.functionId, run_id: run.id, event: run.event } }));
    }
    if (run.parent) {
      const wait = this.waitsByChild.get(run.id);
      if (wait) {
        const status = run.status as "completed" | "failed" | "cancelled";
        this.track(this.resolveWait(wait, { kind: "child", status, output: run.output, error: run.error }));
      }
    }
    for (const listener of this.finishListeners) listener(summary);
  }

  private logTransition(previous: Run, run: Run, notes: Plan["notes"]): void {
    const prefix = `${this.short(run.functionId)} ${run.id}`;
    for (const note of notes) {
      switch (note.kind) {
        case "started":
          break;
        case "retry":
          this.log.info(`${prefix} ${note.name === "function" ? "function" : `step "${note.name}"`} failed (${oneLine(note.error.message, 100)}); attempt ${note.attempt + 1} in ${formatDuration(note.delayMs)}`);
          break;
        case "sleeping":
          this.log.info(`${prefix} sleeping ${formatDuration(note.delayMs)} (step "${note.name}")`);
          break;
        case "waiting":
          this.log.info(`${prefix} waiting for ${note.event} (step "${note.name}")`);
          break;
        case "invoking":
          this.log.info(`${prefix} invoking ${this.short(note.functionId)}${note.childRunId ? ` (run ${note.childRunId})` : ": not registered"}`);
          break;
        case "unsupported":
          this.log.warn(`${prefix} ignored unsupported op ${note.op}`);
          break;
        case "step":
          if (note.status === "failed") this.log.info(`${prefix} step "${note.name}" failed for good`);
          break;
      }
    }
    if (previous.status === run.status) return;
    const took = run.startedAt !== null ? ` in ${formatDuration(this.clock.now() - run.startedAt)}` : "";
    if (run.status === "completed") this.log.info(`${prefix} completed${took}`);
    else if (run.status === "failed") this.log.info(`${prefix} failed${took}: ${oneLine(run.error?.message ?? "unknown error", 120)}`);
    else if (run.status === "cancelled") this.log.info(`${prefix} cancelled`);
  }

  private short(functionId: string): string {
    return shortFunctionId(functionId, this.appIds);
  }

  // ---------------------------------------------------------------- indexes

  private indexWait(wait: IndexedWait): void {
    this.waitsById.set(wait.id, wait);
    let ofRun = this.waitsByRun.get(wait.runId);
    if (!ofRun) this.waitsByRun.set(wait.runId, (ofRun = new Set()));
    ofRun.add(wait.id);
    if (wait.kind === "event" && wait.eventName) {
      let byName = this.waitsByEvent.get(wait.eventName);
      if (!byName) this.waitsByEvent.set(wait.eventName, (byName = new Map()));
      byName.set(wait.id, wait);
    }
    if (wait.kind === "invoke" && wait.childRunId) this.waitsByChild.set(wait.childRunId, wait);
  }

  private unindexWait(id: string): void {
    const wait = this.waitsById.get(id);
    if (!wait) return;
    this.waitsById.delete(id);
    const ofRun = this.waitsByRun.get(wait.runId);
    ofRun?.delete(id);
    if (ofRun && !ofRun.size) this.waitsByRun.delete(wait.runId);
    if (wait.eventName) {
      const byName = this.waitsByEvent.get(wait.eventName);
      byName?.delete(id);
      if (byName && !byName.size) this.waitsByEvent.delete(wait.eventName);
    }
    if (wait.childRunId && this.waitsByChild.get(wait.childRunId)?.id === id) this.waitsByChild.delete(wait.childRunId);
  }

  private indexCancel(runId: string, event: EventPayload, rules: CancelRule[]): void {
    for (const rule of rules) {
      let byRun = this.cancelIndex.get(rule.event);
      if (!byRun) this.cancelIndex.set(rule.event, (byRun = new Map()));
      byRun.set(runId, { event, rules });
    }
  }

  private unindexCancel(runId: string): void {
    for (const [name, byRun] of this.cancelIndex) {
      byRun.delete(runId);
      if (!byRun.size) this.cancelIndex.delete(name);
    }
  }

  // ---------------------------------------------------------------- runs: control and reading

  /** Cancels a run that has not finished; resolves false when it had already finished. */
  async cancel(runId: string, reason: { eventId?: string; by: string } = { by: "api" }): Promise<boolean> {
    const result = await this.transition(runId, (run) => planCancel(run, reason, this.planContext(this.registry.get(run.functionId))));
    return result === "applied";
  }

  /** Calls `listener` each time a run finishes (completed, failed or cancelled). */
  onRunFinished(listener: (run: RunSummary) => void): () => void {
    this.finishListeners.add(listener);
    return () => this.finishListeners.delete(listener);
  }

  /** Resolves with the run once it has finished. */
  async waitForRun(runId: string, timeoutMs = 30_000): Promise<Run> {
    let off: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    const finished = new Promise<void>((resolve, reject) => {
      off = this.onRunFinished((r) => r.id === runId && resolve());
      timer = setTimeout(() => reject(new Error(`run ${runId} did not finish within ${timeoutMs}ms`)), timeoutMs);
      void this.store.getRun(runId).then((run) => {
        if (run && isTerminal(run.status)) resolve();
      }, reject);
    });
    try {
      await finished;
    } finally {
      off();
      clearTimeout(timer);
    }
    const run = await this.store.getRun(runId);
    if (!run) throw new Error(`run ${runId} does not exist`);
    return run;
  }

  /** The store's read side, for the HTTP API and tests. */
  get reads(): Pick<Store, "getRun" | "listRuns" | "runsForEvent" | "history" | "getEvent" | "listEvents" | "listApps"> {
    return this.store;
  }

  /** Live numbers for /health. */
  stats(): { functions: number; pendingJobs: number; waits: number; inFlight: number } {
    return { functions: this.registry.size, pendingJobs: this.jobs.size, waits: this.waitsById.size, inFlight: this.inFlight.inUse("calls") };
  }
}

export function toPayload(event: StoredEvent): EventPayload {
  return {
    id: event.externalId ?? event.id,
    name: event.name,
    data: event.data,
    ts: event.ts,
    ...(event.user ? { user: event.user } : {}),
  };
}

export function createEngine(options: EngineOptions): InngestEngine {
  return new InngestEngine(options);
}
