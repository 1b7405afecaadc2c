import { createHmac } from "node:crypto";
import OAuth from "oauth-1.0a";
import { describe, expect, it } from "vitest";
import {
  computeSignature,
  isProtocolParameter,
  naturalCompare,
  normaliseBaseUrl,
  parseOAuthHeader,
  querySignatureParams,
  signatureBaseString,
} from "@/sandbox/magento/http/oauth-signature";

describe("Magento's OAuth signature pieces", () => {
  it("parses the Authorization header like Helper\\Request: oauth_* only, quotes trimmed, values rawurldecoded", () => {
    expect(parseOAuthHeader('OAuth realm="x", oauth_nonce="a%20b", oauth_token="t", junk')).toEqual({ oauth_nonce: "a b", oauth_token: "t" });
    expect(parseOAuthHeader("Bearer abc")).toBeUndefined();
    expect(parseOAuthHeader(undefined)).toBeUndefined();
  });

  it("treats any name containing oauth_x as a protocol parameter", () => {
    expect(isProtocolParameter("oauth_nonce")).toBe(true);
    expect(isProtocolParameter("xoauth_thing")).toBe(true);
    expect(isProtocolParameter("searchCriteria")).toBe(false);
  });

  it("reads query pairs with rawurldecode, dropping pairs that are not key=value and protocol names", () => {
    expect(querySignatureParams("a%5B0%5D=x%20y&b=1+2&flag&c=d=e&oauth_token=z&a%5B0%5D=last")).toEqual({ "a[0]": "last", b: "1+2" });
  });

  it("orders digit runs naturally, as strnatcmp does", () => {
    const keys = ["f%5B10%5D", "f%5B2%5D", "f%5B1%5D"];
    expect([...keys].sort(naturalCompare)).toEqual(["f%5B1%5D", "f%5B2%5D", "f%5B10%5D"]);
    expect([...keys].sort()).toEqual(["f%5B1%5D", "f%5B10%5D", "f%5B2%5D"]);
    expect(naturalCompare("a01", "a1")).toBe(0);
  });

  it("normalises the base URL: lower-case scheme and host, default port dropped, query removed", () => {
    expect(normaliseBaseUrl("HTTP", "Shop.Example:80", "/rest/V1/x?y=1")).toBe("http://shop.example/rest/V1/x");
    expect(normaliseBaseUrl("https", "shop.example:8443", "/a%2Fb")).toBe("https://shop.example:8443/a%2Fb");
  });

  it("produces the same signature as oauth-1.0a for an ordinary request", () => {
    const consumer = { key: "k".repeat(32), secret: "s".repeat(32) };
    const token = { key: "t".repeat(32), secret: "u".repeat(32) };
    const oauth = new OAuth({ consumer, signature_method: "HMAC-SHA256", hash_function: (b, k) => createHmac("sha256", k).update(b).digest("base64") });
    const url = "http://localhost:3002/rest/V1/orders";
    const data = { "searchCriteria[pageSize]": "10", "searchCriteria[filterGroups][0][filters][0][value]": "2025-01-31 10:00:00" };
    const signed = oauth.authorize({ url, method: "GET", data }, token);
    const params: Record<string, string> = { ...data };
    for (const [k, v] of Object.entries(signed)) if (k !== "oauth_signature") params[k] = String(v);
    const base = signatureBaseString("GET", url, params, "natural");
    expect(computeSignature(base, "HMAC-SHA256", consumer.secret, token.secret)).toBe(signed.oauth_signature);
  });
});
