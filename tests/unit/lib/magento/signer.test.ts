import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { searchCriteriaQuery } from "@/lib/magento/search-criteria";
import { encodeQuery, oauthHeader, percentEncode, type Query, type SignatureMethod } from "@/lib/magento/signer";
import { identifyCaller } from "@/sandbox/magento/http/authenticate";
import { MagentoInstance } from "@/sandbox/magento/instance";

const credentials = {
  consumerKey: "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6",
  consumerSecret: "q7r8s9t0u1v2w3x4y5z6a7b8c9d0e1f2",
  accessToken: "g3h4i5j6k7l8m9n0o1p2q3r4s5t6u7v8",
  accessTokenSecret: "w9x0y1z2a3b4c5d6e7f8g9h0i1j2k3l4",
};

function parseHeader(header: string): Record<string, string> {
  expect(header.startsWith("OAuth ")).toBe(true);
  return Object.fromEntries(
    header
      .slice(6)
      .split(",")
      .map((p) => {
        const [k, v] = p.trim().split("=");
        return [k!, decodeURIComponent(v!.replace(/^"|"$/g, ""))];
      }),
  );
}

/** The signature computed by hand from the OAuth 1.0a spec (RFC 5849 §3.4), as Magento does. */
function specSignature(method: string, url: string, query: Record<string, string>, oauth: Record<string, string>): string {
  const params = { ...query, ...Object.fromEntries(Object.entries(oauth).filter(([k]) => k !== "oauth_signature")) };
  const normalised = Object.entries(params)
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const base = [method, percentEncode(url), percentEncode(normalised)].join("&");
  const key = `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.accessTokenSecret)}`;
  return createHmac("sha256", key).update(base).digest("base64");
}

describe("Magento OAuth 1.0a signer", () => {
  it("signs a plain GET exactly as the spec computes it, with HMAC-SHA256 and all four credentials", () => {
    const url = "https://shop.example.com/rest/default/V1/store/storeViews";
    const oauth = parseHeader(oauthHeader(credentials, { method: "GET", url, query: {} }));
    expect(oauth.oauth_signature_method).toBe("HMAC-SHA256");
    expect(oauth.oauth_consumer_key).toBe(credentials.consumerKey);
    expect(oauth.oauth_token).toBe(credentials.accessToken);
    expect(oauth.oauth_version).toBe("1.0");
    expect(oauth.oauth_signature).toBe(specSignature("GET", url, {}, oauth));
  });

  it("signs searchCriteria keys decoded (brackets), values with spaces as %20", () => {
    const url = "https://shop.example.com/rest/default/V1/orders";
    const query = searchCriteriaQuery({
      filterGroups: [[{ field: "updated_at", value: "2026-11-29 08:00:00", conditionType: "gteq" }]],
      sortOrders: [{ field: "updated_at", direction: "ASC" }],
      pageSize: 100,
    });
    const oauth = parseHeader(oauthHeader(credentials, { method: "GET", url, query }));
    expect(oauth.oauth_signature).toBe(specSignature("GET", url, query, oauth));
    const sent = encodeQuery(query);
    expect(sent).toContain("searchCriteria%5BfilterGroups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=2026-11-29%2008%3A00%3A00");
    expect(sent).not.toContain("+");
  });

  it("never signs a JSON body", () => {
    const url = "https://shop.example.com/rest/all/V1/products/base-prices";
    const a = parseHeader(oauthHeader(credentials, { method: "POST", url, query: {} }));
    expect(a.oauth_signature).toBe(specSignature("POST", url, {}, a));
  });

  it("uses a fresh nonce every time", () => {
    const req = { method: "GET", url: "https://shop.example.com/rest/V1/store/websites", query: {} };
    expect(parseHeader(oauthHeader(credentials, req)).oauth_nonce).not.toBe(parseHeader(oauthHeader(credentials, req)).oauth_nonce);
  });

  it("refuses searchCriteria that would need indexes past 9", () => {
    const many = Array.from({ length: 11 }, (_, i) => [{ field: `f${i}`, value: "x" }]);
    expect(() => searchCriteriaQuery({ filterGroups: many, pageSize: 10 })).toThrow(/at most 10/);
  });
});

describe("the signer against the Magento sandbox's verifier", () => {
  const base = "https://shop.example.com/rest/default";

  function instanceWith(config: Record<string, unknown> = {}) {
    const instance = new MagentoInstance("signer", config, () => "https://shop.example.com");
    instance.createIntegration({ resources: "all", ...credentials });
    return instance;
  }

  /** What Magento sees of a request the client would send: the header, the encoded path and query. */
  function verifyWithSandbox(instance: MagentoInstance, request: { method: string; path: string; query?: Query; body?: string }, method?: SignatureMethod, tamper?: (h: string) => string) {
    const url = `${base}${request.path}`;
    const query = request.query ?? {};
    const header = oauthHeader(credentials, { method: request.method, url, query }, method);
    const target = new URL(url);
    return identifyCaller(instance, {
      method: request.method,
      scheme: "https",
      host: target.host,
      rawPath: target.pathname,
      rawQuery: encodeQuery(query),
      authorization: tamper ? tamper(header) : header,
      contentType: request.body === undefined ? undefined : "application/json",
      rawBody: request.body ?? "",
    });
  }

  const cases: { name: string; request: { method: string; path: string; query?: Query; body?: string } }[] = [
    { name: "a plain GET", request: { method: "GET", path: "/V1/store/storeViews" } },
    {
      name: "searchCriteria with spaces, colons and brackets",
      request: {
        method: "GET",
        path: "/V1/orders",
        query: searchCriteriaQuery({
          filterGroups: [[{ field: "updated_at", value: "2026-11-29 08:00:00", conditionType: "gteq" }], [{ field: "status", value: "pending,processing", conditionType: "in" }]],
          sortOrders: [{ field: "entity_id", direction: "ASC" }],
          pageSize: 50,
          currentPage: 3,
        }),
      },
    },
    { name: "query values with reserved and non-ASCII characters", request: { method: "GET", path: "/V1/products", query: { "searchCriteria[filterGroups][0][filters][0][value]": "café + crème*(100%)!'~", "searchCriteria[pageSize]": "1" } } },
    { name: "an encoded SKU in the path", request: { method: "GET", path: `/V1/products/${encodeURIComponent("SKU WITH/SLASH")}` } },
    { name: "a POST whose JSON body is not signed", request: { method: "POST", path: "/V1/products/base-prices", body: JSON.stringify({ prices: [{ sku: "A", price: 1.5, store_id: 0 }] }) } },
  ];

  for (const { name, request } of cases) {
    it(`is accepted for ${name}, by natural-order and byte-order verifiers`, () => {
      for (const signatureParamOrder of ["natural", "byte"] as const) {
        const caller = verifyWithSandbox(instanceWith({ signatureParamOrder }), request);
        expect(caller).toMatchObject({ kind: "integration", integration: { consumerKey: credentials.consumerKey } });
      }
    });
  }

  it("signs with HMAC-SHA1 when asked, which a store configured for it accepts", () => {
    const caller = verifyWithSandbox(instanceWith({ signatureMethods: ["HMAC-SHA1"] }), { method: "GET", path: "/V1/store/storeViews" }, "HMAC-SHA1");
    expect(caller.kind).toBe("integration");
  });

  it("is refused once the signature is altered, so the checks above can fail", () => {
    const instance = instanceWith();
    const flip = (h: string) => h.replace(/oauth_signature="([^"]+)"/, (_m, sig: string) => `oauth_signature="${sig.startsWith("A") ? "B" : "A"}${sig.slice(1)}"`);
    expect(() => verifyWithSandbox(instance, { method: "GET", path: "/V1/store/storeViews" }, undefined, flip)).toThrow("The signature is invalid");
  });
});
