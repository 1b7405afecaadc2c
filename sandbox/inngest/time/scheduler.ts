// In-memory timers for everything the engine must do later: call the app again, wake a sleep,
// expire a wait, fire a cron. The database holds the same work (jobs table), so this is only the
// alarm clock: one Node timer armed for the earliest entry instead of polling the database.
import type { Clock } from "./clock";

export type TimerKind = "job" | "cron";

type Entry = { id: string; at: number; seq: number; kind: TimerKind };

/** Node caps setTimeout at 2^31-1 ms (~24.8 days); longer timers are re-armed when they wake. */
const MAX_TIMEOUT = 2 ** 31 - 1;

class MinHeap {
  private items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  push(entry: Entry): void {
    this.items.push(entry);
    let i = this.items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): Entry | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length && last) {
      this.items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < this.items.length && this.less(l, smallest)) smallest = l;
        if (r < this.items.length && this.less(r, smallest)) smallest = r;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a]!;
    const y = this.items[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const t = this.items[a]!;
    this.items[a] = this.items[b]!;
    this.items[b] = t;
  }
}

export class Scheduler {
  private heap = new MinHeap();
  /** The live entry per id; heap entries that no longer match are skipped when popped. */
  private live = new Map<string, Entry>();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (id: string, kind: TimerKind) => void,
  ) {}

  start(): void {
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  schedule(id: string, at: number, kind: TimerKind = "job"): void {
    const entry: Entry = { id, at, seq: this.seq++, kind };
    this.live.set(id, entry);
    this.heap.push(entry);
    if (at < this.armedFor) this.arm();
  }

  cancel(id: string): void {
    this.live.delete(id);
  }

  has(id: string): boolean {
    return this.live.has(id);
  }

  dueAt(id: string): number | undefined {
    return this.live.get(id)?.at;
  }

  get size(): number {
    return this.live.size;
  }

  /** Fires every entry due at the clock's current time. */
  fireDue(): number {
    let fired = 0;
    const now = this.clock.now();
    for (;;) {
      const top = this.heap.peek();
      if (!top || top.at > now) break;
      this.heap.pop();
      if (this.live.get(top.id) !== top) continue;
      this.live.delete(top.id);
      fired++;
      this.onDue(top.id, top.kind);
    }
    return fired;
  }

  /** The earliest live entry's time, dropping stale heap entries on the way. */
  nextAt(): number | undefined {
    for (;;) {
      const top = this.heap.peek();
      if (!top) return undefined;
      if (this.live.get(top.id) === top) return top.at;
      this.heap.pop();
    }
  }

  /**
   * Fires now, whatever their time, the entries the filter accepts (all jobs by default): the
   * "fast-forward" used by tests and demos to skip sleeps, backoff and timeouts.
   */
  fireEarly(accept: (id: string, kind: TimerKind) => boolean): string[] {
    const chosen = [...this.live.values()].filter((e) => accept(e.id, e.kind)).sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const entry of chosen) this.live.delete(entry.id);
    for (const entry of chosen) this.onDue(entry.id, entry.kind);
    return chosen.map((e) => e.id);
  }

  private arm(): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
    const at = this.nextAt();
    if (at === undefined) return;
    const now = this.clock.now();
    // A manual clock only moves when the engine advances it; entries already due still fire.
    if (this.clock.manual && at > now) return;
    this.armedFor = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.armedFor = Infinity;
      this.fireDue();
      this.arm();
    }, Math.min(Math.max(0, at - now), MAX_TIMEOUT));
  }

  /** Re-arms after the clock was moved by hand. */
  rearm(): void {
    this.arm();
  }
}
