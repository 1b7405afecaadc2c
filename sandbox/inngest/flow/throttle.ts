// Throttle: how many runs may start per period, per key, with the generic cell rate algorithm
// Inngest uses. Runs over the limit are not dropped: each gets the next free start time (FIFO).
//
// UNVERIFIED: Inngest's docs disagree on how many runs a burst admits. This follows Inngest's
// queue code: one start per emission interval (period / limit), and up to `burst` extra starts at
// once; so {limit: 2, period: "1s"} starts a run every 500ms, and burst: 1 lets two start together.
export type ThrottleSpec = { limit: number; periodMs: number; burst: number };

export class Throttle {
  /** Theoretical arrival time per key: when the next start would be on schedule. */
  private tat = new Map<string, number>();

  load(entries: Iterable<[string, number]>): void {
    for (const [key, tat] of entries) this.tat.set(key, Math.max(tat, this.tat.get(key) ?? 0));
  }

  /**
   * Reserves a start for one run and says when it may start. Synchronous, so two reservations
   * can never take the same slot; the caller persists the returned TAT.
   */
  reserve(key: string, spec: ThrottleSpec, now: number): { startAt: number; tat: number } {
    const emission = spec.periodMs / Math.max(1, spec.limit);
    const tolerance = emission * Math.max(0, spec.burst);
    const tat = Math.max(this.tat.get(key) ?? now, now);
    const startAt = Math.max(now, tat - tolerance);
    const next = tat + emission;
    this.tat.set(key, next);
    return { startAt, tat: next };
  }
}
