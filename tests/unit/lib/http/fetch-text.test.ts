import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchText } from "@/lib/http/fetch-text";

afterEach(() => vi.useRealTimers());

/** A fetch whose answer and body arrive when the test says so, and that honours the abort signal. */
function controlledFetch() {
  let finish: (body: string) => void = () => {};
  const fetchFn = (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        finish = (text) => (controller.enqueue(new TextEncoder().encode(text)), controller.close());
        init?.signal?.addEventListener("abort", () => controller.error(init.signal!.reason));
      },
    });
    return new Response(body, { status: 200 });
  }) as typeof fetch;
  return { fetchFn, finish: (text: string) => finish(text) };
}

describe("one HTTP exchange within a time limit", () => {
  it("returns the answer and its body, and leaves no timer behind", async () => {
    vi.useFakeTimers();
    const { fetchFn, finish } = controlledFetch();
    const exchange = fetchText(fetchFn, "http://store.test/x", { method: "GET" }, 30_000);
    await vi.advanceTimersByTimeAsync(10);
    finish('{"ok":true}');
    const { response, text } = await exchange;
    expect(response.status).toBe(200);
    expect(text).toBe('{"ok":true}');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("gives up with a TimeoutError when the body is still arriving at the limit", async () => {
    vi.useFakeTimers();
    const { fetchFn } = controlledFetch();
    const exchange = fetchText(fetchFn, "http://store.test/x", { method: "GET" }, 1_000);
    const outcome = expect(exchange).rejects.toMatchObject({ name: "TimeoutError" });
    await vi.advanceTimersByTimeAsync(1_001);
    await outcome;
    expect(vi.getTimerCount()).toBe(0);
  });
});
