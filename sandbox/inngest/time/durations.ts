// Inngest time strings ("30s", "1h30m", "2.5d", "500ms"; SDK_SPEC 1.3.2) and the other ways the
// SDK says "when": an ISO date for step.sleepUntil, seconds or a date in a Retry-After header.
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  "µs": 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PART = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w)/y;

/** Milliseconds in a time string, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const input = text.trim();
  if (!input) return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const start = PART.lastIndex;
    const match = PART.exec(input);
    if (!match || match.index !== start) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  return total;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T|\s|$)/;

/** A duration or a date (ISO 8601) as the delay from `now`; never negative. Undefined: neither. */
export function delayFrom(spec: string, now: number): number | undefined {
  const duration = parseDuration(spec);
  if (duration !== undefined) return duration;
  if (ISO_DATE.test(spec.trim())) {
    const at = Date.parse(spec);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  return undefined;
}

/** Retry-After: whole seconds (RFC 9110) or a date (the SDK sends ISO 8601 for a Date). */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1_000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** "1h 2m", "3.2s", "120ms": for log lines. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1_000);
  for (const [unit, size] of [["d", 86_400], ["h", 3_600], ["m", 60], ["s", 1]] as const) {
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.slice(0, 2).join(" ");
}
