// Money as integer minor units (cents), never floating-point sums. Magento sends amounts as JSON
// numbers and Brightpearl as decimal strings; both are converted once, at the edge.

const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD", "UGX", "XAF", "XOF"]);

export const exponentOf = (currency: string) => (ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2);

/** An amount as minor units, rounded half away from zero (as Magento and Brightpearl round). */
export function toMinor(value: number | string | null | undefined, currency: string): number {
  if (value === null || value === undefined || value === "") return 0;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${String(value)}`);
  const scaled = n * 10 ** exponentOf(currency);
  // 1.005 * 100 = 100.49999999999999: nudge by an epsilon relative to the magnitude before rounding.
  const nudged = scaled + Math.sign(scaled) * Math.max(1e-9, Math.abs(scaled) * 1e-12);
  return Math.sign(nudged) * Math.round(Math.abs(nudged));
}

/** Minor units as the decimal string Brightpearl takes ("12.30"). */
export function toDecimal(minor: number, currency: string): string {
  const e = exponentOf(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  if (e === 0) return `${sign}${abs}`;
  const units = Math.floor(abs / 10 ** e);
  const fraction = String(abs % 10 ** e).padStart(e, "0");
  return `${sign}${units}.${fraction}`;
}

/**
 * Splits `total` into parts proportional to `weights`, in whole minor units that add up exactly
 * (largest remainders get the leftover units).
 */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((r) => Math.trunc(r));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => ({ i, frac: Math.abs(r - Math.trunc(r)) })).sort((a, b) => b.frac - a.frac);
  for (let k = 0; left !== 0; k = (k + 1) % order.length) {
    const step = Math.sign(left);
    parts[order[k]!.i]! += step;
    left -= step;
  }
  return parts;
}
