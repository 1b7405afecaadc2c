// Every request a sandbox served, by account and route pattern: what benchmarks and tests read to
// count API calls (calls per order, throttling compliance) instead of timing anything.
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";

export type RequestLogEntry = {
  at: number;
  method: string;
  /** the route pattern that served it, e.g. /public-api/:account/order-service/sales-order */
  route: string;
  path: string;
  account?: string;
  status: number;
  durationMs: number;
};

export type RequestCounts = {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
};

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity = 200_000) {}

  record(entry: RequestLogEntry): void {
    this.entries.push(entry);
    // Keep memory bounded on long demo runs; benchmarks clear the log before they start.
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(filter: { account?: string; since?: number; route?: string } = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.account === undefined || e.account === filter.account) &&
        (filter.since === undefined || e.at >= filter.since) &&
        (filter.route === undefined || e.route === filter.route),
    );
  }

  counts(filter: { account?: string; since?: number } = {}): RequestCounts {
    const out: RequestCounts = { total: 0, byRoute: {}, byStatus: {} };
    for (const e of this.list(filter)) {
      out.total++;
      const key = `${e.method} ${e.route}`;
      out.byRoute[key] = (out.byRoute[key] ?? 0) + 1;
      out.byStatus[e.status] = (out.byStatus[e.status] ?? 0) + 1;
    }
    return out;
  }

  clear(): void {
    this.entries = [];
  }
}

/** Records each request after it is answered. `accountOf` names the tenant (account code, store). */
export function requestLogger(log: RequestLog, accountOf: (c: Context) => string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log.record({
      at: Date.now(),
      method: c.req.method,
      route: routePath(c, -1),
      path: c.req.path,
      account: accountOf(c),
      status: c.res.status,
      durationMs: performance.now() - started,
    });
  };
}
