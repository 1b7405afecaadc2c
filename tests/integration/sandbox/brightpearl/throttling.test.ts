import { describe, expect, it } from "vitest";
import { apiFor, newAccount, startSandbox } from "./helpers";

const WINDOW_MS = 1500;
const started = await startSandbox({ throttle: { limit: 5, windowMs: WINDOW_MS } });
const control = started.sandbox.control;

describe("Brightpearl sandbox throttling", () => {
  it("puts the throttle headers on every response, counting down per request", async () => {
    const api = newAccount(started);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.get("/warehouse-service/warehouse");
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("brightpearl-requests-remaining")!);
      const period = Number(res.headers.get("brightpearl-next-throttle-period"));
      expect(period).toBeGreaterThan(0);
      expect(period).toBeLessThanOrEqual(WINDOW_MS);
    }
    expect(remaining).toEqual(["4", "3", "2"]);
  });

  it("puts them on 401s and error answers too", async () => {
    const api = newAccount(started);
    const bad = apiFor(started.url, api.account, "not-a-token");
    const unauthorized = await bad.get("/warehouse-service/warehouse");
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("brightpearl-requests-remaining")).toBe("4");
    const notFound = await api.get("/contact-service/contact/999999");
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("brightpearl-requests-remaining")).toBe("3");
    const badSearch = await api.get("/order-service/order-search?orderId=x");
    expect(badSearch.status).toBe(500);
    expect(badSearch.headers.get("brightpearl-next-throttle-period")).not.toBeNull();
  });

  it("answers 503 with a 'too many requests' body past the limit, then recovers after the window", async () => {
    const api = newAccount(started);
    for (let i = 0; i < 5; i++) expect((await api.get("/warehouse-service/warehouse")).status).toBe(200);
    const throttled = await api.get("/warehouse-service/warehouse");
    expect(throttled.status).toBe(503);
    expect(throttled.text.toLowerCase()).toContain("too many requests");
    expect(throttled.headers.get("brightpearl-requests-remaining")).toBe("0");
    const wait = Number(throttled.headers.get("brightpearl-next-throttle-period"));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(WINDOW_MS);
    // Throttled requests do not count: waiting the advertised period is enough.
    await new Promise((r) => setTimeout(r, wait + 50));
    const again = await api.get("/warehouse-service/warehouse");
    expect(again.status).toBe(200);
  });

  it("is a rolling window: slots free up one by one as old requests age out", async () => {
    const api = newAccount(started);
    for (let i = 0; i < 4; i++) await api.get("/warehouse-service/warehouse");
    await new Promise((r) => setTimeout(r, 700));
    await api.get("/warehouse-service/warehouse");
    expect((await api.get("/warehouse-service/warehouse")).status).toBe(503);
    // The first four age out before the fifth.
    await new Promise((r) => setTimeout(r, WINDOW_MS - 700 + 100));
    const res = await api.get("/warehouse-service/warehouse");
    expect(res.status).toBe(200);
    expect(res.headers.get("brightpearl-requests-remaining")).toBe("3");
  });

  it("keeps a separate budget per account", async () => {
    const a = newAccount(started);
    const b = newAccount(started);
    for (let i = 0; i < 5; i++) await a.get("/warehouse-service/warehouse");
    expect((await a.get("/warehouse-service/warehouse")).status).toBe(503);
    expect((await b.get("/warehouse-service/warehouse")).status).toBe(200);
  });

  it("counts a multi-message as one request", async () => {
    const api = newAccount(started);
    const res = await api.call("POST", "/multi-message", {
      processingMode: "SEQUENTIAL",
      onFail: "CONTINUE",
      messages: [1, 2, 3, 4, 5, 6, 7].map((n) => ({ label: `L${n}`, uri: "/order-service/order/0/note", httpMethod: "POST", body: { text: `n${n}` } })),
    });
    expect(res.json.response.processedMessages).toHaveLength(7);
    expect(res.headers.get("brightpearl-requests-remaining")).toBe("4");
  });

  it("can be reconfigured through the control API and per account", async () => {
    const api = newAccount(started);
    control.account(api.account).settings.throttle = { limit: 2, windowMs: 60_000 };
    await api.get("/warehouse-service/warehouse");
    await api.get("/warehouse-service/warehouse");
    expect((await api.get("/warehouse-service/warehouse")).status).toBe(503);
    control.resetThrottle(api.account);
    expect((await api.get("/warehouse-service/warehouse")).status).toBe(200);
  });
});
