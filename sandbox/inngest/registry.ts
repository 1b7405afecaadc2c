// The functions the app registered, and what each one's declaration means for a new run: which
// events trigger it, which concurrency slots and throttle key its runs use, when they cancel.
import { assertExpression, evaluateKey, expressionMatches } from "./expressions";
import type { Slot } from "./flow/concurrency";
import type { ThrottleSpec } from "./flow/throttle";
import type { EventPayload } from "./protocol/call";
import { type FunctionConfig, functionConfigSchema, maxAttempts, runtimeUrl, UNENFORCED_OPTIONS } from "./protocol/register";
import type { CancelRule } from "./store/rows";
import { type CronSchedule, parseCron } from "./time/cron";
import { parseDuration } from "./time/durations";

export type RegisteredFunction = {
  id: string;
  appId: string;
  name: string | null;
  url: string;
  config: FunctionConfig;
  maxAttempts: number;
  eventTriggers: { event: string; expression?: string }[];
  crons: CronSchedule[];
};

export type Registration = { fn: RegisteredFunction; warnings: string[] };

/** Validates one function's declaration; throws an Error naming the function and the problem. */
export function registerFunction(appId: string, raw: unknown): Registration {
  const config = functionConfigSchema.parse(raw);
  const warnings: string[] = [];
  const eventTriggers: RegisteredFunction["eventTriggers"] = [];
  const crons: CronSchedule[] = [];
  for (const trigger of config.triggers as { event?: unknown; expression?: unknown; cron?: unknown }[]) {
    if (typeof trigger.cron === "string") {
      crons.push(parseCron(trigger.cron));
    } else if (typeof trigger.event === "string") {
      const expression = typeof trigger.expression === "string" && trigger.expression ? trigger.expression : undefined;
      if (expression) assertValid(config.id, expression);
      eventTriggers.push({ event: trigger.event, expression });
    }
  }
  for (const slot of concurrencyOptions(config)) if (slot.key) assertValid(config.id, slot.key);
  if (config.throttle?.key) assertValid(config.id, config.throttle.key);
  if (config.throttle && parseDuration(config.throttle.period) === undefined) {
    throw new Error(`function ${config.id}: throttle period "${config.throttle.period}" is not a duration`);
  }
  for (const rule of config.cancel ?? []) if (rule.if) assertValid(config.id, rule.if);
  for (const option of UNENFORCED_OPTIONS) {
    if (config[option] !== undefined) warnings.push(`function ${config.id}: "${option}" is not enforced by the local engine`);
  }
  return {
    fn: { id: config.id, appId, name: config.name ?? null, url: runtimeUrl(config), config, maxAttempts: maxAttempts(config), eventTriggers, crons },
    warnings,
  };
}

function assertValid(functionId: string, expression: string): void {
  try {
    assertExpression(expression);
  } catch (error) {
    throw new Error(`function ${functionId}: expression "${expression}" is not valid CEL: ${(error as Error).message.split("\n")[0]}`);
  }
}

function concurrencyOptions(config: FunctionConfig): { limit: number; key?: string; scope?: string }[] {
  const c = config.concurrency;
  if (c === undefined) return [];
  if (typeof c === "number") return [{ limit: c }];
  return Array.isArray(c) ? c : [c];
}

/** Trigger names match exactly, or by prefix when they end in "*" ("app/*"). */
export function eventNameMatches(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  if (pattern.endsWith("*")) return name.startsWith(pattern.slice(0, -1));
  return false;
}

/**
 * The concurrency slots a run takes while one of its steps executes. Keys are evaluated once,
 * from the triggering event, when the run is created. A function-scoped limit counts only this
 * function's runs; an "env"/"account" scoped limit is shared by every function whose key evaluates
 * to the same value (one environment and one account here).
 */
export function concurrencySlots(fn: RegisteredFunction, event: EventPayload): Slot[] {
  return concurrencyOptions(fn.config)
    .filter((o) => o.limit > 0)
    .map((o, index) => {
      const value = o.key ? evaluateKey(o.key, { event }) : "";
      const scope = o.scope ?? "fn";
      const key = scope === "fn" ? `fn:${fn.id}:${index}:${value}` : `${scope}:${value}`;
      return { key, limit: o.limit };
    });
}

export function throttleFor(fn: RegisteredFunction, event: EventPayload, scale: number): { key: string; spec: ThrottleSpec } | undefined {
  const t = fn.config.throttle;
  if (!t || t.limit <= 0) return undefined;
  const periodMs = (parseDuration(t.period) ?? 60_000) * scale;
  const value = t.key ? evaluateKey(t.key, { event }) : "";
  return { key: `${fn.id}:${value}`, spec: { limit: t.limit, periodMs, burst: t.burst ?? 0 } };
}

export function cancelRules(fn: RegisteredFunction, now: number, scale: number): CancelRule[] {
  return (fn.config.cancel ?? []).map((rule) => {
    const timeout = rule.timeout ? parseDuration(rule.timeout) : undefined;
    return {
      event: rule.event,
      ...(rule.if ? { if: rule.if } : {}),
      ...(timeout !== undefined ? { expiresAt: now + timeout * scale } : {}),
    };
  });
}

export class Registry {
  private fns = new Map<string, RegisteredFunction>();

  get(id: string): RegisteredFunction | undefined {
    return this.fns.get(id);
  }

  all(): RegisteredFunction[] {
    return [...this.fns.values()];
  }

  get size(): number {
    return this.fns.size;
  }

  /** Replaces one app's functions. */
  replaceApp(appId: string, fns: RegisteredFunction[]): void {
    for (const [id, fn] of this.fns) if (fn.appId === appId) this.fns.delete(id);
    for (const fn of fns) this.fns.set(fn.id, fn);
  }

  /** Functions an event starts a run of: a matching name and, when given, a true expression. */
  triggeredBy(event: EventPayload): RegisteredFunction[] {
    const out: RegisteredFunction[] = [];
    for (const fn of this.fns.values()) {
      if (fn.eventTriggers.some((t) => eventNameMatches(t.event, event.name) && expressionMatches(t.expression, { event }))) out.push(fn);
    }
    return out;
  }
}
