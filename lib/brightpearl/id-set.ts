// Brightpearl ID sets (URI syntax): "8", "1-100", "1,2,3", "1-5,7,20-30". Ranges ascend.

/** Compresses ids into the shortest ID set, e.g. [3,1,2,7] → "1-3,7". */
export function formatIdSet(ids: Iterable<number>): string {
  const sorted = [...new Set(ids)].filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** Expands an ID set; throws on anything that is not one (webhook payloads arrive as ID sets). */
export function parseIdSet(value: string, limit = 100_000): number[] {
  const ids: number[] = [];
  for (const part of value.split(",")) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new Error(`"${value}" is not an ID set`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to < from) throw new Error(`"${value}" is not an ID set`);
    if (ids.length + (to - from + 1) > limit) throw new Error(`ID set "${value.slice(0, 40)}…" has more than ${limit} ids`);
    for (let n = from; n <= to; n++) ids.push(n);
  }
  return ids;
}

/** Splits ids into ID sets of at most `size` ids each (Brightpearl's per-call limits). */
export function chunkIdSets(ids: Iterable<number>, size: number): string[] {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const chunks: string[] = [];
  for (let i = 0; i < sorted.length; i += size) chunks.push(formatIdSet(sorted.slice(i, i + size)));
  return chunks;
}
