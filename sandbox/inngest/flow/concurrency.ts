// Concurrency limits, as Inngest counts them: a slot is held only while a step executes (while the
// engine waits for the app to answer a call). A sleeping or waiting run holds nothing, so it never
// blocks other runs with the same key. Requests are granted first come, first served per key.
export type Slot = { key: string; limit: number };

type Waiter = { slots: Slot[]; grant: () => void };

export class ConcurrencyLimiter {
  private active = new Map<string, number>();
  private waiting: Waiter[] = [];

  /** Resolves with a release function once every slot is free; release exactly once. */
  acquire(slots: Slot[]): Promise<() => void> {
    if (!slots.length) return Promise.resolve(() => undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = { slots, grant: () => resolve(this.releaser(slots)) };
      const queuedKeys = new Set(this.waiting.flatMap((w) => w.slots.map((s) => s.key)));
      if (!slots.some((s) => queuedKeys.has(s.key)) && this.fits(slots)) {
        this.take(slots);
        waiter.grant();
      } else {
        this.waiting.push(waiter);
      }
    });
  }

  /** Steps executing now under a key. */
  inUse(key: string): number {
    return this.active.get(key) ?? 0;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private fits(slots: Slot[]): boolean {
    return slots.every((s) => (this.active.get(s.key) ?? 0) < Math.max(1, s.limit));
  }

  private take(slots: Slot[]): void {
    for (const s of slots) this.active.set(s.key, (this.active.get(s.key) ?? 0) + 1);
  }

  private releaser(slots: Slot[]): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const s of slots) {
        const n = (this.active.get(s.key) ?? 1) - 1;
        if (n <= 0) this.active.delete(s.key);
        else this.active.set(s.key, n);
      }
      this.drain();
    };
  }

  private drain(): void {
    // Keys an earlier waiter still waits for stay reserved for it (FIFO per key).
    const blocked = new Set<string>();
    const still: Waiter[] = [];
    const granted: Waiter[] = [];
    for (const waiter of this.waiting) {
      if (!waiter.slots.some((s) => blocked.has(s.key)) && this.fits(waiter.slots)) {
        this.take(waiter.slots);
        granted.push(waiter);
      } else {
        for (const s of waiter.slots) blocked.add(s.key);
        still.push(waiter);
      }
    }
    this.waiting = still;
    for (const waiter of granted) waiter.grant();
  }
}
