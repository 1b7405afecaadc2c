// Brightpearl's request cap: N requests per rolling window per account (and developer), 503 past
// it, and two headers on every response telling the client where it stands.
export type ThrottleDecision = { allowed: boolean; remaining: number; nextPeriodMs: number };

/** Timestamps of the requests inside the window, oldest first; `head` skips the expired ones. */
type Window = { times: number[]; head: number };

export class RollingThrottle {
  private windows = new Map<string, Window>();

  take(key: string, now: number, limit: number, windowMs: number): ThrottleDecision {
    let w = this.windows.get(key);
    if (!w) {
      w = { times: [], head: 0 };
      this.windows.set(key, w);
    }
    const cutoff = now - windowMs;
    while (w.head < w.times.length && w.times[w.head]! <= cutoff) w.head++;
    if (w.head > 1024 && w.head * 2 > w.times.length) {
      w.times = w.times.slice(w.head);
      w.head = 0;
    }
    const used = w.times.length - w.head;
    const allowed = used < limit;
    if (allowed) w.times.push(now);
    const inWindow = w.times.length - w.head;
    const oldest = inWindow > 0 ? w.times[w.head]! : now;
    return { allowed, remaining: Math.max(0, limit - inWindow), nextPeriodMs: Math.max(1, oldest + windowMs - now) };
  }

  /** Where the account stands without spending a request. */
  peek(key: string, now: number, limit: number, windowMs: number): ThrottleDecision {
    const w = this.windows.get(key);
    if (!w) return { allowed: true, remaining: limit, nextPeriodMs: windowMs };
    const cutoff = now - windowMs;
    let head = w.head;
    while (head < w.times.length && w.times[head]! <= cutoff) head++;
    const inWindow = w.times.length - head;
    return { allowed: inWindow < limit, remaining: Math.max(0, limit - inWindow), nextPeriodMs: inWindow > 0 ? Math.max(1, w.times[head]! + windowMs - now) : windowMs };
  }

  reset(key?: string): void {
    if (key === undefined) this.windows.clear();
    else this.windows.delete(key);
  }
}

/**
 * UNVERIFIED wording: a client that tells throttling from maintenance looks for "too many
 * requests" in the body (as the public Java client does), so the throttle body says so.
 */
export const THROTTLED_BODY = { response: "You have sent too many requests. Please wait before sending another request" };
