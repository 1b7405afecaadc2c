import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressCheckedFetch, BlockedAddressError, publicOnlyFetch } from "@/lib/magento/address-guard";
import { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { z } from "zod";
import { type LocalServer, startHttpServer } from "./local-servers";

let server: LocalServer;
let hits = 0;

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    hits++;
    if (req.url === "/slow") return void setTimeout(() => res.end("late"), 2_000);
    if (req.url === "/moved") {
      res.writeHead(301, { location: "https://elsewhere.example.com/" });
      return void res.end();
    }
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      res.writeHead(201, { "content-type": "application/json", "x-echo": req.headers["x-echo"] ?? "" });
      res.end(JSON.stringify({ method: req.method, url: req.url, body }));
    });
  });
});
afterAll(() => server.close());

const allowAll = addressCheckedFetch(() => true);
const noLoopback = addressCheckedFetch((address) => address !== "127.0.0.1" && address !== "::1");

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("addressCheckedFetch", () => {
  it("sends method, headers and body and returns status, headers and body like fetch", async () => {
    const response = await allowAll(`${server.url}/echo?x=1`, { method: "POST", headers: { "x-echo": "hello", "content-type": "application/json" }, body: '{"a":1}' });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-echo")).toBe("hello");
    expect(await response.json()).toEqual({ method: "POST", url: "/echo?x=1", body: '{"a":1}' });
  });

  it("returns a redirect as it is, without following it", async () => {
    const response = await allowAll(`${server.url}/moved`);
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("https://elsewhere.example.com/");
  });

  it("gives up with the abort signal's reason", async () => {
    const error = await rejection(allowAll(`${server.url}/slow`, { signal: AbortSignal.timeout(100) }));
    expect((error as Error).name).toBe("TimeoutError");
  });

  it("checks the address a host name resolves to, before connecting", async () => {
    const before = hits;
    const error = (await rejection(noLoopback(`${server.url}/echo`))) as TypeError;
    expect(error).toBeInstanceOf(TypeError);
    expect(error.cause).toBeInstanceOf(BlockedAddressError);
    expect((error.cause as BlockedAddressError).hostname).toBe("localhost");
    expect(hits).toBe(before);
  });
});

describe("publicOnlyFetch", () => {
  it("refuses loopback addresses given as names or literals", async () => {
    const before = hits;
    for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
      const error = (await rejection(publicOnlyFetch(`http://${host}:${server.port}/echo`))) as TypeError;
      expect((error.cause as BlockedAddressError).code, host).toBe("ERR_BLOCKED_ADDRESS");
    }
    expect(hits).toBe(before);
  });

  it("makes the Magento client report a blocked address", async () => {
    const client = new MagentoClient({
      baseUrl: server.url,
      storeCode: "default",
      credentials: { consumerKey: "a".repeat(32), consumerSecret: "b".repeat(32), accessToken: "c".repeat(32), accessTokenSecret: "d".repeat(32) },
      fetch: publicOnlyFetch,
    });
    const error = await rejection(client.get("/V1/store/storeViews", z.unknown()));
    expect(error).toBeInstanceOf(MagentoError);
    expect((error as MagentoError).reason).toBe("blocked-address");
  });
});
