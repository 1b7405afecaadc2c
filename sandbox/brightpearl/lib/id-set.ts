// Brightpearl's ID-set URI syntax: "8", "1-100", "1,2,3", "1-5,7,9,20-30". Ranges must ascend.
// Formatting compacts runs into ranges, the way the real OPTIONS getUris answers do.

/** Guards against "1-999999999" expanding into a huge array. */
const MAX_EXPANSION = 100_000;

export class IdSetError extends Error {}

export function parseIdSet(raw: string): number[] {
  if (raw === "") throw new IdSetError("empty ID set");
  const out = new Set<number>();
  for (const part of raw.split(",")) {
    const range = /^(\d{1,10})-(\d{1,10})$/.exec(part);
    if (range) {
      const from = Number(range[1]);
      const to = Number(range[2]);
      if (from > to) throw new IdSetError(`descending range ${part}`);
      if (to - from + out.size >= MAX_EXPANSION) throw new IdSetError("ID set too large");
      for (let id = from; id <= to; id++) out.add(id);
      continue;
    }
    if (!/^\d{1,10}$/.test(part)) throw new IdSetError(`invalid ID set element "${part}"`);
    out.add(Number(part));
  }
  return [...out].sort((a, b) => a - b);
}

/** Compacts ids into the shortest ID-set string: consecutive runs of two or more become ranges. */
export function formatIdSet(ids: Iterable<number>): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(",");
}

/** Splits ids into ID-set strings of at most `size` ids each (for OPTIONS getUris). */
export function chunkIdSets(ids: Iterable<number>, size: number): string[] {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i += size) out.push(formatIdSet(sorted.slice(i, i + size)));
  return out;
}
