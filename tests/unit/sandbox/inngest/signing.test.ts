import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bearerMatches, canonicalJson, hashedSigningKey, signatureHeader } from "@/sandbox/inngest/signing";

const KEY = `signkey-prod-${"0a1b".repeat(16)}`;

describe("request signing", () => {
  it("serializes bodies as RFC 8785 canonical JSON (keys sorted, no spaces)", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: "x" }, u: undefined })).toBe('{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
  });

  it("signs body + timestamp with HMAC-SHA256 keyed by the key text after its signkey-<env>- prefix", () => {
    const body = canonicalJson({ hello: "world" });
    const expected = createHmac("sha256", "0a1b".repeat(16)).update(`${body}1700000000`).digest("hex");
    expect(signatureHeader(body, KEY, 1_700_000_000)).toBe(`t=1700000000&s=${expected}`);
  });

  it("hashes the key for bearer auth as the SDK does: prefix kept, sha256 of the hex-decoded key", () => {
    const hashed = createHash("sha256").update(Buffer.from("0a1b".repeat(16), "hex")).digest("hex");
    expect(hashedSigningKey(KEY)).toBe(`signkey-prod-${hashed}`);
  });

  it("accepts the hashed or the raw key as a bearer token and nothing else", () => {
    expect(bearerMatches(`Bearer ${hashedSigningKey(KEY)}`, KEY)).toBe(true);
    expect(bearerMatches(`Bearer ${KEY}`, KEY)).toBe(true);
    expect(bearerMatches(`Bearer signkey-prod-${"ff".repeat(32)}`, KEY)).toBe(false);
    expect(bearerMatches(undefined, KEY)).toBe(false);
    expect(bearerMatches("Basic abc", KEY)).toBe(false);
  });
});
