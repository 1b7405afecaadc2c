// Fault injection for the sandboxes: make chosen routes slow, fail, time out, or fail *after*
// doing the work (the write happened, the answer was lost) — the failures an integration must
// survive without losing or doubling anything.
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { z } from "zod";

export const faultRuleSchema = z.object({
  /** route pattern as registered (e.g. /rest/:store/V1/orders) or "*" for every route */
  route: z.string().default("*"),
  method: z.string().toUpperCase().optional(),
  account: z.string().optional(),
  /** share of matching requests that fail (0..1) */
  errorRate: z.number().min(0).max(1).default(0),
  /** status of an injected failure */
  status: z.number().int().min(400).max(599).default(500),
  /** body of an injected failure; each sandbox supplies its own default shape */
  body: z.unknown().optional(),
  /** share of matching requests that never get an answer (the client times out) */
  timeoutRate: z.number().min(0).max(1).default(0),
  /** extra latency on every matching request */
  latencyMs: z.number().int().min(0).default(0),
  /** "before": fail instead of doing the work; "after": do the work, then fail the response */
  phase: z.enum(["before", "after"]).default("before"),
  /** apply to this many matching requests, then retire the rule */
  count: z.number().int().positive().optional(),
});
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRule = z.output<typeof faultRuleSchema> & { id: string; applied: number };

export type FaultOutcome = { kind: "error"; status: number; body?: unknown } | { kind: "timeout" } | undefined;

const HANG_MS = 5 * 60_000;

export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...faultRuleSchema.parse(input), id: `fault-${this.nextId++}`, applied: 0 };
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return [...this.rules];
  }

  private matching(method: string, route: string, account: string | undefined): FaultRule[] {
    return this.rules.filter(
      (r) => (r.route === "*" || r.route === route) && (!r.method || r.method === method) && (!r.account || r.account === account),
    );
  }

  /** Decides what happens to one request; latency is returned separately so it always applies. */
  decide(method: string, route: string, account: string | undefined, phase: "before" | "after"): { latencyMs: number; outcome: FaultOutcome } {
    let latencyMs = 0;
    let outcome: FaultOutcome;
    for (const rule of this.matching(method, route, account)) {
      if (phase === "before") latencyMs += rule.latencyMs;
      if (rule.phase !== phase || outcome) continue;
      const roll = this.random();
      if (roll < rule.timeoutRate) outcome = { kind: "timeout" };
      else if (roll < rule.timeoutRate + rule.errorRate) outcome = { kind: "error", status: rule.status, body: rule.body };
      if (outcome) {
        rule.applied++;
        if (rule.count !== undefined && rule.applied >= rule.count) this.remove(rule.id);
      }
    }
    return { latencyMs, outcome };
  }
}

function hang(c: Context): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, HANG_MS);
    c.req.raw.signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Applies the rules. `accountOf` must read the account from the path: in a middleware, route
 * parameters are not yet known. `renderError` gives an injected failure the sandbox's own error
 * shape when a rule has no body of its own.
 */
export function faultInjector(
  faults: Faults,
  accountOf: (c: Context) => string | undefined,
  renderError: (c: Context, status: number) => Response,
): MiddlewareHandler {
  const respond = async (c: Context, outcome: Exclude<FaultOutcome, undefined>): Promise<Response> => {
    if (outcome.kind === "timeout") {
      await hang(c);
      return c.body(null, 504);
    }
    return outcome.body === undefined ? renderError(c, outcome.status) : c.json(outcome.body as object, outcome.status as 500);
  };
  return async (c, next) => {
    const route = routePath(c, -1);
    const account = accountOf(c);
    const before = faults.decide(c.req.method, route, account, "before");
    if (before.latencyMs) await new Promise((r) => setTimeout(r, before.latencyMs));
    if (before.outcome) return respond(c, before.outcome);
    await next();
    const after = faults.decide(c.req.method, route, account, "after");
    if (after.outcome) c.res = await respond(c, after.outcome);
  };
}
