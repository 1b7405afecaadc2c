// CEL expressions as Inngest uses them: trigger `expression`s (variable `event`), waitForEvent and
// cancelOn `if`s (`event` = the run's triggering event, `async` = the candidate event), and flow
// control keys such as "event.data.tenantId".
import { parse } from "@marcbachmann/cel-js";

type Compiled = (vars: Record<string, unknown>) => unknown;

const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 1_000;

function compile(expression: string): Compiled {
  let compiled = cache.get(expression);
  if (!compiled) {
    const program = parse(expression);
    compiled = (vars) => program(vars as Record<string, never>);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(expression, compiled);
  }
  return compiled;
}

/**
 * JSON numbers arrive as doubles; CEL integer arithmetic ("event.data.n + 1") needs ints, so
 * whole numbers become BigInts. Comparisons between ints and doubles work either way.
 */
function toCel(value: unknown): unknown {
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toCel(v);
    return out;
  }
  return value;
}

function celVars(vars: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = toCel(v);
  return out;
}

/** Throws with the parser's message when the expression is not valid CEL. */
export function assertExpression(expression: string): void {
  compile(expression);
}

/**
 * Whether an expression holds. A missing expression always holds. An expression that cannot be
 * evaluated (a field the event does not have, a type mismatch) does not hold, as in Inngest where
 * such an event simply does not match.
 */
export function expressionMatches(expression: string | undefined | null, vars: Record<string, unknown>): boolean {
  if (!expression || !expression.trim()) return true;
  try {
    return compile(expression)(celVars(vars)) === true;
  } catch {
    return false;
  }
}

/**
 * A flow-control key: the expression's value as a stable string. A key that cannot be evaluated
 * becomes "null", so events without the field share one key instead of failing the run.
 */
export function evaluateKey(expression: string, vars: Record<string, unknown>): string {
  let value: unknown;
  try {
    value = compile(expression)(celVars(vars));
  } catch {
    value = null;
  }
  if (typeof value === "string") return value;
  return JSON.stringify(value ?? null, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v));
}
