import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OAuth from "oauth-1.0a";
import { encode, MagentoHarness, oauthHeader, queryString, sc } from "./harness";

let h: MagentoHarness;

beforeAll(async () => {
  h = await MagentoHarness.start({ catalogue: { count: 20 }, orders: { count: 3, seed: 5 } });
});
afterAll(async () => h.close());

const SIGNATURE_INVALID = { message: "The signature is invalid. Verify and try again." };

/** Signs one request, then sends it with one header parameter replaced. */
function tamperedHeader(header: string, name: string, value: string): string {
  return header.replace(new RegExp(`${name}="[^"]*"`), `${name}="${encode(value)}"`);
}

describe("OAuth 1.0a verification (Magento 2.4.4+)", () => {
  it("accepts a request signed with HMAC-SHA256 by oauth-1.0a, query parameters passed as data", async () => {
    const res = await h.get("/V1/orders", {
      query: sc({ groups: [[{ field: "created_at", value: "2000-01-01 00:00:00", condition: "gteq" }]], pageSize: 10 }),
    });
    expect(res.status).toBe(200);
    expect(res.body.total_count).toBe(3);
  });

  it("refuses the same request sent with another method", async () => {
    const header = oauthHeader(`${h.url}${h.restPath("/V1/products")}`, "GET", { searchCriteria: "" }, h.credentials);
    const res = await h.call("POST", "/V1/products", { authorization: header, body: { product: { sku: "X" } }, query: { searchCriteria: "" } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(SIGNATURE_INVALID);
  });

  it("refuses the same request sent to another path", async () => {
    const res = await h.get("/V1/store/storeViews", { sendPath: h.restPath("/V1/store/websites") });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(SIGNATURE_INVALID);
  });

  it("refuses the same request sent with another query", async () => {
    const header = oauthHeader(`${h.url}${h.restPath("/V1/orders")}`, "GET", sc({ pageSize: 10 }), h.credentials);
    const res = await h.get("/V1/orders", { authorization: header, query: sc({ pageSize: 20 }) });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(SIGNATURE_INVALID);
  });

  it("refuses an unknown consumer key and one of the wrong length", async () => {
    const unknown = await h.get("/V1/store/storeViews", { credentials: { ...h.credentials, consumerKey: "a".repeat(32) } });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ message: "A consumer having the specified key does not exist" });
    const short = await h.get("/V1/store/storeViews", { credentials: { ...h.credentials, consumerKey: "abc" } });
    expect(short.status).toBe(401);
    expect(short.body).toEqual({ message: "Consumer key is not the correct length" });
  });

  it("refuses a signature made with the wrong consumer secret or token secret", async () => {
    for (const credentials of [
      { ...h.credentials, consumerSecret: "b".repeat(32) },
      { ...h.credentials, accessTokenSecret: "c".repeat(32) },
    ]) {
      const res = await h.get("/V1/store/storeViews", { credentials });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(SIGNATURE_INVALID);
    }
  });

  it("refuses a timestamp changed after signing, in the future beyond 600 s, or not positive", async () => {
    const url = `${h.url}${h.restPath("/V1/store/storeViews")}`;
    const now = Math.floor(Date.now() / 1000);
    const changed = tamperedHeader(oauthHeader(url, "GET", undefined, h.credentials), "oauth_timestamp", String(now - 5));
    expect((await h.get("/V1/store/storeViews", { authorization: changed })).body).toEqual(SIGNATURE_INVALID);

    const future = await h.get("/V1/store/storeViews", { timestamp: now + 700 });
    expect(future.status).toBe(400);
    expect(future.body).toEqual({ message: "Incorrect timestamp value in the oauth_timestamp parameter" });
    expect((await h.get("/V1/store/storeViews", { timestamp: now + 500 })).status).toBe(200);
    expect((await h.get("/V1/store/storeViews", { timestamp: 0 })).status).toBe(400);
    // There is no "too old" check.
    expect((await h.get("/V1/store/storeViews", { timestamp: now - 10 * 86_400 })).status).toBe(200);
  });

  it("answers HMAC-SHA1 with 400 naming the method, unless the store predates 2.4.4", async () => {
    const res = await h.get("/V1/store/storeViews", { signatureMethod: "HMAC-SHA1" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: "Signature method %1 is not supported", parameters: ["HMAC-SHA1"] });

    const old = await MagentoHarness.start({ config: { signatureMethods: ["HMAC-SHA1", "HMAC-SHA256"] } });
    try {
      expect((await old.get("/V1/store/storeViews", { signatureMethod: "HMAC-SHA1" })).status).toBe(200);
    } finally {
      await old.close();
    }
  });

  it("refuses a reused nonce with 401 naming the consumer", async () => {
    const nonce = randomBytes(8).toString("hex");
    expect((await h.get("/V1/store/storeViews", { nonce })).status).toBe(200);
    const again = await h.get("/V1/store/storeViews", { nonce });
    expect(again.status).toBe(401);
    expect(again.body).toEqual({
      message: "The nonce is already being used by the consumer with ID %1",
      parameters: [String(h.instance.state.integrations[0]!.consumerId)],
    });
  });

  it("checks the token: wrong length is 400, unknown or another consumer's token is 401", async () => {
    const short = await h.get("/V1/store/storeViews", { credentials: { ...h.credentials, accessToken: "short" } });
    expect(short.status).toBe(400);
    expect(short.body).toEqual({ message: "The token length is invalid. Check the length and try again." });
    const unknown = await h.get("/V1/store/storeViews", { credentials: { ...h.credentials, accessToken: "d".repeat(32) } });
    expect(unknown.body).toEqual({ message: "Specified token does not exist" });
    const other = h.instance.createIntegration({ name: "other" });
    const mixed = await h.get("/V1/store/storeViews", { credentials: { ...h.credentials, accessToken: other.accessToken, accessTokenSecret: other.accessTokenSecret } });
    expect(mixed.status).toBe(401);
    expect(mixed.body).toEqual({ message: "Token is not associated with the specified consumer" });
  });

  it("reports each missing protocol parameter as required", async () => {
    const header = oauthHeader(`${h.url}${h.restPath("/V1/store/storeViews")}`, "GET", undefined, h.credentials).replace(/,?\s*oauth_nonce="[^"]*"/, "");
    const res = await h.get("/V1/store/storeViews", { authorization: header });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: "oauth_nonce" } });
  });

  it("only reads protocol parameters from the Authorization header", async () => {
    const oauth = new OAuth({
      consumer: { key: h.credentials.consumerKey, secret: h.credentials.consumerSecret },
      signature_method: "HMAC-SHA256",
      hash_function: (base, key) => createHmac("sha256", key).update(base).digest("base64"),
    });
    const url = `${h.url}${h.restPath("/V1/store/storeViews")}`;
    const signed = oauth.authorize({ url, method: "GET" }, { key: h.credentials.accessToken, secret: h.credentials.accessTokenSecret });
    const res = await h.get("/V1/store/storeViews", { authorization: null, query: signed as unknown as Record<string, string> });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: "The consumer isn't authorized to access %resources.", parameters: { resources: "Magento_Backend::store" } });
  });

  it("refuses a URL signed with its percent-encoded query in it (oauth-1.0a double-encodes the keys)", async () => {
    const query = sc({ pageSize: 5 });
    const fullUrl = `${h.url}${h.restPath("/V1/orders")}${queryString(query)}`;
    const header = oauthHeader(fullUrl, "GET", undefined, h.credentials);
    const res = await h.get("/V1/orders", { authorization: header, query });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(SIGNATURE_INVALID);
  });

  it("accepts a signature computed by hand from the spec with node:crypto", async () => {
    const rfc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const query = { "searchCriteria[filterGroups][0][filters][0][field]": "increment_id", "searchCriteria[filterGroups][0][filters][0][value]": "000000001", "searchCriteria[pageSize]": "1" };
    const protocol: Record<string, string> = {
      oauth_consumer_key: h.credentials.consumerKey,
      oauth_nonce: randomBytes(12).toString("hex"),
      oauth_signature_method: "HMAC-SHA256",
      oauth_timestamp: String(Math.floor(Date.now() / 1000)),
      oauth_token: h.credentials.accessToken,
      oauth_version: "1.0",
    };
    const params = Object.entries({ ...protocol, ...query })
      .map(([k, v]) => [rfc(k), rfc(v)])
      .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join("&");
    const baseUrl = `${h.url}${h.restPath("/V1/orders")}`;
    const base = ["GET", rfc(baseUrl), rfc(params)].join("&");
    const key = `${rfc(h.credentials.consumerSecret)}&${rfc(h.credentials.accessTokenSecret)}`;
    const signature = createHmac("sha256", key).update(base).digest("base64");
    const header = `OAuth ${Object.entries({ ...protocol, oauth_signature: signature })
      .map(([k, v]) => `${k}="${rfc(v)}"`)
      .join(", ")}`;
    const res = await h.get("/V1/orders", { authorization: header, query });
    expect(res.status).toBe(200);
    expect(res.body.items[0].increment_id).toBe("000000001");
  });

  it("signs form-encoded body parameters but never JSON bodies", async () => {
    const url = `${h.url}${h.restPath("/V1/products/base-prices")}`;
    const form = "foo=bar";
    const unsigned = await h.call("POST", "/V1/products/base-prices", { rawBody: form, contentType: "application/x-www-form-urlencoded" });
    expect(unsigned.body).toEqual(SIGNATURE_INVALID);
    const formHeader = oauthHeader(url, "POST", { foo: "bar" }, h.credentials);
    const signed = await h.call("POST", "/V1/products/base-prices", { authorization: formHeader, rawBody: form, contentType: "application/x-www-form-urlencoded" });
    // Authentication passed; Magento's REST layer then has no deserializer for form bodies.
    expect(signed.status).toBe(400);
    expect(signed.body).toEqual({ message: "Server cannot understand Content-Type HTTP header media type %1", parameters: ["application/x-www-form-urlencoded"] });

    const json = { prices: [{ sku: "SKU-00001", price: 12.5, store_id: 0 }] };
    expect((await h.post("/V1/products/base-prices", json)).status).toBe(200);
    const bodySigned = oauthHeader(url, "POST", { prices: JSON.stringify(json.prices) }, h.credentials);
    expect((await h.call("POST", "/V1/products/base-prices", { authorization: bodySigned, body: json })).body).toEqual(SIGNATURE_INVALID);
  });

  it("signs the scheme the request arrived with, honouring X-Forwarded-Proto from a TLS proxy", async () => {
    const path = h.restPath("/V1/store/storeViews");
    const https = oauthHeader(`${h.url.replace("http:", "https:")}${path}`, "GET", undefined, h.credentials);
    const res = await fetch(`${h.url}${path}`, { headers: { Authorization: https, "X-Forwarded-Proto": "https" } });
    expect(res.status).toBe(200);
    const without = await fetch(`${h.url}${path}`, { headers: { Authorization: oauthHeader(`${h.url.replace("http:", "https:")}${path}`, "GET", undefined, h.credentials) } });
    expect(without.status).toBe(401);
  });

  it("sorts parameters naturally like 2.4.4-2.4.7, so byte-ordered signatures fail once an index reaches 10", async () => {
    const groups = Array.from({ length: 11 }, () => [{ field: "entity_id", value: "0", condition: "gt" }]);
    const query = sc({ groups });
    const natural = await h.get("/V1/orders", { query });
    expect(natural.status).toBe(401);
    const short = await h.get("/V1/orders", { query: sc({ groups: groups.slice(0, 10) }) });
    expect(short.status).toBe(200);

    h.instance.updateConfig({ signatureParamOrder: "byte" });
    try {
      expect((await h.get("/V1/orders", { query })).status).toBe(200);
    } finally {
      h.instance.updateConfig({ signatureParamOrder: "natural" });
    }
  });
});

describe("Bearer tokens and ACL", () => {
  const bearer = () => `Bearer ${h.credentials.accessToken}`;

  it("refuses the integration token as a Bearer token unless the store allows it", async () => {
    const refused = await h.get("/V1/orders", { authorization: bearer(), query: sc({}) });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ message: "The consumer isn't authorized to access %resources.", parameters: { resources: "Magento_Sales::actions_view" } });

    const admin = await fetch(`${h.url}/__sandbox/instances/${h.instance.id}/config`, {
      method: "PATCH",
      body: JSON.stringify({ integrationAsBearer: true }),
    });
    expect(admin.status).toBe(200);
    try {
      const accepted = await h.get("/V1/orders", { authorization: bearer(), query: sc({}) });
      expect(accepted.status).toBe(200);
      expect((await h.get("/V1/orders", { authorization: "Bearer nonsense", query: sc({}) })).status).toBe(401);
    } finally {
      h.instance.updateConfig({ integrationAsBearer: false });
    }
  });

  it("refuses a route whose ACL resource the integration lacks, naming the resource", async () => {
    const limited = h.instance.createIntegration({ name: "orders only", resources: ["Magento_Sales::actions_view"] });
    const creds = limited;
    expect((await h.get("/V1/orders", { credentials: creds, query: sc({}) })).status).toBe(200);
    const res = await h.get("/V1/products/SKU-00001", { credentials: creds });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: "The consumer isn't authorized to access %resources.", parameters: { resources: "Magento_Catalog::products" } });
    const ship = await h.post("/V1/order/1/ship", {}, { credentials: creds });
    expect(ship.body.parameters).toEqual({ resources: "Magento_Sales::ship" });
  });

  it("treats an inactive integration as anonymous", async () => {
    const integration = h.instance.createIntegration({ name: "inactive", active: false });
    const res = await h.get("/V1/store/storeViews", { credentials: integration });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: "The consumer isn't authorized to access %resources.", parameters: { resources: "Magento_Backend::store" } });
  });

  it("refuses a request without any Authorization header the same way", async () => {
    const res = await h.get("/V1/store/websites", { authorization: null });
    expect(res.status).toBe(401);
    expect(res.body.parameters).toEqual({ resources: "Magento_Backend::store" });
  });
});
