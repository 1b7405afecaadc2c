// Counting what the sandboxes logged, shared by the benchmarks and the tests that hold a budget.

/** Rolling-minute peak of requests, from their times (ms). */
export function peakPerMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= 60_000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
