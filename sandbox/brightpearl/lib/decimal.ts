// Exact decimal arithmetic for money and quantities: values are bigints scaled by 10^4 (the most
// places Brightpearl shows, e.g. "9.0909"), so sums never pick up floating-point noise.
export type Dec = bigint;

export const SCALE = 4;
const FACTOR = 10_000n;

export class DecimalError extends Error {}

/** Parses a JSON number or numeric string with at most `maxPlaces` decimals. */
export function parseDec(value: unknown, maxPlaces = SCALE): Dec {
  const text = typeof value === "number" ? (Number.isFinite(value) ? numberToPlain(value) : "") : typeof value === "string" ? value.trim() : "";
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new DecimalError(`not a decimal number: ${JSON.stringify(value)}`);
  const fraction = (match[3] ?? "").replace(/0+$/, "");
  if (fraction.length > maxPlaces) throw new DecimalError(`more than ${maxPlaces} decimal places: ${text}`);
  const scaled = BigInt(match[2]!) * FACTOR + BigInt((fraction + "0000").slice(0, SCALE));
  return match[1] ? -scaled : scaled;
}

function numberToPlain(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, "");
}

export function isDec(value: unknown, maxPlaces = SCALE): boolean {
  try {
    parseDec(value, maxPlaces);
    return true;
  } catch {
    return false;
  }
}

export const dec = (n: number | string): Dec => parseDec(n);
export const ZERO: Dec = 0n;

/** Rounds half away from zero to `places` and prints with exactly that many decimals. */
export function formatDec(value: Dec, places: number): string {
  const drop = 10n ** BigInt(SCALE - places);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const rounded = places === SCALE ? abs : ((abs + drop / 2n) / drop) * drop;
  const whole = rounded / FACTOR;
  const frac = (rounded % FACTOR).toString().padStart(SCALE, "0").slice(0, places);
  const text = places > 0 ? `${whole}.${frac}` : `${whole}`;
  return negative && rounded !== 0n ? `-${text}` : text;
}

export function toNumber(value: Dec): number {
  return Number(value) / 10_000;
}

export function sum(values: Iterable<Dec>): Dec {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/** a × b, both scaled, rounded half-up to the scale. */
export function mul(a: Dec, b: Dec): Dec {
  return roundDiv(a * b, FACTOR);
}

/** a ÷ b, both scaled, rounded half-up to the scale. */
export function div(a: Dec, b: Dec): Dec {
  if (b === 0n) return 0n;
  return roundDiv(a * FACTOR, b);
}

function roundDiv(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an + ad / 2n) / ad;
  return negative ? -q : q;
}

export function isWhole(value: Dec): boolean {
  return value % FACTOR === 0n;
}
