// Brightpearl stores times in UTC but answers in the account's local offset
// ("2020-03-31T15:02:44.000-06:00"); the sandbox keeps epoch milliseconds and formats on the way out.

export function parseOffset(offset: string): number {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!m) throw new Error(`invalid UTC offset ${offset}`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === "-" ? -minutes : minutes;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** ISO-8601 with milliseconds and the account's offset. */
export function formatInOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses what clients send: a date ("2026-01-02", midnight in the account's offset), or a date-time
 * with "Z", an offset, or none (read in the account's offset). Undefined when unparseable.
 */
export function parseInstant(text: string, offsetMinutes: number): number | undefined {
  const d = DATE_ONLY.exec(text);
  if (d) {
    const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    return valid(ms, Number(d[2]), Number(d[3])) ? ms - offsetMinutes * 60_000 : undefined;
  }
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y, mo, da, h, mi, s, frac, zone] = m;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return undefined;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(da), Number(h), Number(mi), Number(s ?? 0), Number((frac ?? "0").padEnd(3, "0").slice(0, 3)));
  if (!valid(ms, Number(mo), Number(da))) return undefined;
  let zoneMinutes = offsetMinutes;
  if (zone === "Z") zoneMinutes = 0;
  else if (zone) zoneMinutes = parseOffset(zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone);
  return ms - zoneMinutes * 60_000;
}

function valid(ms: number, month: number, day: number): boolean {
  if (Number.isNaN(ms)) return false;
  const date = new Date(ms);
  return date.getUTCMonth() + 1 === month && date.getUTCDate() === day;
}
