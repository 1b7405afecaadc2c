import { describe, expect, it } from "vitest";
import { ConcurrencyLimiter } from "@/sandbox/inngest/flow/concurrency";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("concurrency limiter", () => {
  it("grants up to the limit per key and queues the rest in order", async () => {
    const limiter = new ConcurrencyLimiter();
    const order: string[] = [];
    const slot = [{ key: "tenant:a", limit: 1 }];
    const first = await limiter.acquire(slot);
    const second = limiter.acquire(slot).then((release) => (order.push("second"), release));
    const third = limiter.acquire(slot).then((release) => (order.push("third"), release));
    const other = await limiter.acquire([{ key: "tenant:b", limit: 1 }]);
    await tick();
    expect(order).toEqual([]);
    expect(limiter.queued).toBe(2);

    first();
    (await second)();
    (await third)();
    other();

    expect(order).toEqual(["second", "third"]);
    expect(limiter.inUse("tenant:a")).toBe(0);
  });

  it("needs every slot of a request free at once", async () => {
    const limiter = new ConcurrencyLimiter();
    const fnWide = { key: "fn", limit: 2 };
    const a = await limiter.acquire([{ key: "t:a", limit: 1 }, fnWide]);
    const b = await limiter.acquire([{ key: "t:b", limit: 1 }, fnWide]);
    let cGranted = false;
    const c = limiter.acquire([{ key: "t:c", limit: 1 }, fnWide]).then((release) => ((cGranted = true), release));
    await tick();
    expect(cGranted).toBe(false);
    a();
    (await c)();
    b();
    expect(cGranted).toBe(true);
    expect(limiter.inUse("fn")).toBe(0);
  });

  it("ignores a second release of the same grant", async () => {
    const limiter = new ConcurrencyLimiter();
    const slot = [{ key: "k", limit: 2 }];
    const release = await limiter.acquire(slot);
    await limiter.acquire(slot);
    release();
    release();
    expect(limiter.inUse("k")).toBe(1);
  });
});
