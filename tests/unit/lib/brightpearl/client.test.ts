import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RequestBudget } from "@/lib/brightpearl/budget";
import { apiBaseUrl, BrightpearlClient, type TokenSource } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

function harness(replies: Reply[], tokens?: Partial<TokenSource>) {
  const requests: { url: string; method: string; headers: Headers; body?: string }[] = [];
  const slept: number[] = [];
  const refreshes: string[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    requests.push({ url, method: String(init.method), headers: new Headers(init.headers), body: init.body as string | undefined });
    const reply = replies.shift();
    if (!reply) throw new Error("no more replies");
    const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    return new Response(text, { status: reply.status, headers: { "brightpearl-requests-remaining": "150", "brightpearl-next-throttle-period": "30000", ...reply.headers } });
  }) as unknown as typeof fetch;
  const client = new BrightpearlClient({
    accountCode: "acme",
    apiDomain: "euw1.brightpearlconnect.com",
    appRef: "app-ref",
    devRef: "dev-ref",
    fetch: fetchFn,
    budget: new RequestBudget(),
    sleep: async (ms) => {
      slept.push(ms);
    },
    tokens: {
      accessToken: async () => "token-1",
      refreshAfterRejection: async (rejected) => {
        refreshes.push(rejected);
        return "token-2";
      },
      ...tokens,
    },
  });
  return { client, requests, slept, refreshes };
}

const priceLists = z.array(z.object({ id: z.number() }).loose());

describe("BrightpearlClient", () => {
  it("sends the required headers and unwraps the response envelope", async () => {
    const h = harness([{ status: 200, body: { response: [{ id: 1, name: "x" }] } }]);
    await expect(h.client.get("/product-service/price-list", priceLists)).resolves.toEqual([{ id: 1, name: "x" }]);
    const sent = h.requests[0]!;
    expect(sent.url).toBe("https://euw1.brightpearlconnect.com/public-api/acme/product-service/price-list");
    expect(sent.headers.get("authorization")).toBe("Bearer token-1");
    expect(sent.headers.get("brightpearl-app-ref")).toBe("app-ref");
    expect(sent.headers.get("brightpearl-dev-ref")).toBe("dev-ref");
  });

  it("uses http only for the loopback sandbox", () => {
    expect(apiBaseUrl("localhost:3001", "acme")).toBe("http://localhost:3001/public-api/acme");
    expect(apiBaseUrl("ws-use.brightpearl.com", "acme")).toBe("https://ws-use.brightpearl.com/public-api/acme");
  });

  it("refreshes once after a 401 and retries with the new token", async () => {
    const h = harness([
      { status: 401, body: { response: "Authorization token expired" } },
      { status: 200, body: { response: [] } },
    ]);
    await h.client.get("/product-service/price-list", priceLists);
    expect(h.refreshes).toEqual(["token-1"]);
    expect(h.requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("gives up with an auth error when the refreshed token is refused too", async () => {
    const h = harness([
      { status: 401, body: { response: "Invalid instance token: x" } },
      { status: 401, body: { response: "Invalid instance token: y" } },
    ]);
    const error = (await h.client.get("/x", z.unknown()).catch((e: unknown) => e)) as BrightpearlError;
    expect(error.kind).toBe("auth");
    expect(error.retryable).toBe(false);
    expect(h.requests).toHaveLength(2);
  });

  it("waits out a short throttle and tries again", async () => {
    const h = harness([
      { status: 503, body: { response: "You have sent too many requests" }, headers: { "brightpearl-requests-remaining": "0", "brightpearl-next-throttle-period": "1200" } },
      { status: 200, body: { response: [] } },
    ]);
    await h.client.get("/x", priceLists);
    expect(h.slept).toContain(1200);
    expect(h.requests).toHaveLength(2);
  });

  it("hands a long throttle back to the caller with when to retry", async () => {
    const h = harness([{ status: 503, body: "too many requests", headers: { "brightpearl-requests-remaining": "0", "brightpearl-next-throttle-period": "45000" } }]);
    const error = (await h.client.get("/x", priceLists).catch((e: unknown) => e)) as BrightpearlError;
    expect(error.kind).toBe("throttled");
    expect(error.options.retryAfterMs).toBe(45000);
    expect(error.retryable).toBe(true);
  });

  it.each([
    [{ status: 400, body: { errors: [{ code: "ORDC-005", message: "Order type is required" }] } }, "invalid", "ORDC-005"],
    [{ status: 404, body: { errors: [{ code: "CMNC-404", message: "No Contact Found" }] } }, "not-found", "CMNC-404"],
    [{ status: 500, body: { errors: [{ code: "CMNC-018", message: "bad filter" }] } }, "invalid", "CMNC-018"],
    [{ status: 500, body: { errors: [{ code: "CMNC-500", message: "boom" }] } }, "unavailable", "CMNC-500"],
    [{ status: 503, body: "<html>maintenance</html>", headers: { "brightpearl-requests-remaining": "120" } }, "unavailable", undefined],
  ] as const)("classifies %j as %s", async (reply, kind, code) => {
    const h = harness([reply as Reply]);
    const error = (await h.client.get("/x", z.unknown()).catch((e: unknown) => e)) as BrightpearlError;
    expect(error).toBeInstanceOf(BrightpearlError);
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
    expect(h.requests).toHaveLength(1);
  });

  it("reports an answer in the wrong shape as malformed, naming where", async () => {
    const h = harness([{ status: 200, body: { response: [{ id: "seven" }] } }]);
    const error = (await h.client.get("/product-service/price-list", priceLists).catch((e: unknown) => e)) as BrightpearlError;
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("0.id");
  });

  it("classifies a network failure as unavailable", async () => {
    const client = new BrightpearlClient({
      accountCode: "acme",
      apiDomain: "x.brightpearl.com",
      appRef: "a",
      devRef: "d",
      budget: new RequestBudget(),
      fetch: (async () => {
        throw new TypeError("fetch failed");
      }) as unknown as typeof fetch,
      tokens: { accessToken: async () => "t", refreshAfterRejection: async () => "t" },
    });
    await expect(client.get("/x", z.unknown())).rejects.toMatchObject({ kind: "unavailable" });
  });
});

describe("RequestBudget", () => {
  it("waits for the window to reset once the account's budget is spent", async () => {
    let now = 1_000;
    const waits: number[] = [];
    const budget = new RequestBudget(
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    budget.afterResponse("acme", new Headers({ "brightpearl-requests-remaining": "1", "brightpearl-next-throttle-period": "5000" }));
    await budget.beforeRequest("acme");
    expect(waits).toEqual([]);
    await budget.beforeRequest("acme");
    expect(waits).toEqual([5000]);
    await budget.beforeRequest("other");
    expect(waits).toEqual([5000]);
  });
});
