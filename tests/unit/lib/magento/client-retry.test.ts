import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";

const ok = z.object({ ok: z.boolean() });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** A client whose Magento answers with `answers` in turn, and the requests it was sent. */
function clientAnswering(...answers: Response[]) {
  const sent: { method: string; authorization: string }[] = [];
  const fetchFn = (async (_url: string, init: RequestInit) => {
    sent.push({ method: init.method ?? "GET", authorization: String((init.headers as Record<string, string>).Authorization) });
    const next = answers.shift();
    if (!next) throw new Error("no more answers");
    return next;
  }) as unknown as typeof fetch;
  const client = new MagentoClient({
    baseUrl: "https://shop.example",
    storeCode: "default",
    credentials: { consumerKey: "ck", consumerSecret: "cs", accessToken: "at", accessTokenSecret: "ats" },
    fetch: fetchFn,
  });
  return { client, sent };
}

const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable("expected a failure"), (error: unknown) => error as MagentoError);

describe("Magento client: a read that meets a passing server error", () => {
  it("is asked once more, freshly signed, and its answer used", async () => {
    const { client, sent } = clientAnswering(json(502, { message: "Bad gateway" }), json(200, { ok: true }));
    await expect(client.get("/V1/orders", ok)).resolves.toEqual({ ok: true });
    expect(sent).toHaveLength(2);
    expect(sent[0]!.authorization).not.toBe(sent[1]!.authorization);
  });

  it("fails as a server error when the second answer is one too", async () => {
    const { client, sent } = clientAnswering(json(500, { message: "Internal error" }), json(500, { message: "Internal error" }));
    const error = await failure(client.get("/V1/orders", ok));
    expect(error).toBeInstanceOf(MagentoError);
    expect(error.reason).toBe("server-error");
    expect(sent).toHaveLength(2);
  });

  it("is not asked again when Magento limits requests: the caller's backoff decides", async () => {
    const { client, sent } = clientAnswering(json(503, { message: "Service unavailable" }), json(200, { ok: true }));
    expect((await failure(client.get("/V1/orders", ok))).reason).toBe("throttled");
    expect(sent).toHaveLength(1);
  });

  it("leaves writes alone: a write may have happened before the error", async () => {
    const { client, sent } = clientAnswering(json(500, { message: "Internal error" }), json(200, { ok: true }));
    expect((await failure(client.post("/V1/order/1/ship", {}, ok))).reason).toBe("server-error");
    expect(sent).toHaveLength(1);
  });
});
