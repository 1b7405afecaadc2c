// Magento's wire formats for dates and amounts.

/** UTC, "YYYY-MM-DD HH:MM:SS", no zone: what the REST API returns for every timestamp. */
export function magentoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

/** Parses the formats MySQL accepts for a DATETIME literal ("T" or space, time optional); UTC. */
export function parseMagentoDate(value: string): number | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0"] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(ms) ? undefined : ms;
}

/** Amounts are decimal(20,4) in the database; currency math is done in cents. */
export function round2(value: number): number {
  return Math.round((value + Math.sign(value) * Number.EPSILON) * 100) / 100;
}

export function round4(value: number): number {
  return Math.round((value + Math.sign(value) * Number.EPSILON) * 10000) / 10000;
}

export function cents(value: number): number {
  return Math.round(value * 100);
}

export function fromCents(value: number): number {
  return value / 100;
}
