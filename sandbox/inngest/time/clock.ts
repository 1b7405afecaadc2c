// The engine reads time only through a Clock, so tests can hold time still and move it by hand
// (cron schedules, sleeps, timeouts) while development runs on the wall clock.
export interface Clock {
  now(): number;
  /** A manual clock never moves by itself: the engine fires timers only when it is advanced. */
  readonly manual: boolean;
}

export const systemClock: Clock = { now: () => Date.now(), manual: false };

export class ManualClock implements Clock {
  readonly manual = true;
  private time: number;

  constructor(start: Date | number = Date.now()) {
    this.time = typeof start === "number" ? start : start.getTime();
  }

  now(): number {
    return this.time;
  }

  /** Moves the clock; it never goes back. The engine's advanceTime() calls this while stepping. */
  set(time: number): void {
    if (time > this.time) this.time = time;
  }
}
