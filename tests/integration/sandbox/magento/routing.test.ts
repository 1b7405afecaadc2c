import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MagentoHarness, oauthHeader, sc } from "./harness";

let h: MagentoHarness;

beforeAll(async () => {
  h = await MagentoHarness.start({
    config: {
      websites: [
        { code: "base", name: "Main Website" },
        { code: "uk", name: "UK Website", baseCurrency: "GBP" },
      ],
      storeViews: [
        { code: "default", name: "Default Store View", website: "base" },
        { code: "uk_en", name: "UK English", website: "uk" },
      ],
    },
    catalogue: { count: 5 },
  });
});
afterAll(async () => h.close());

const NO_ROUTE = { message: "Request does not match any route." };

describe("store codes in the URL", () => {
  it("serves /rest/V1, /rest/<code>/V1 and /rest/all/V1", async () => {
    for (const store of [undefined, "default", "uk_en", "all"]) {
      const res = await h.get("/V1/store/storeViews", { store });
      expect(res.status, String(store)).toBe(200);
    }
  });

  it("treats an unknown store segment as part of the route: 404 before authentication", async () => {
    for (const authorization of [undefined, null]) {
      const res = await h.get("/V1/store/storeViews", { store: "nope", authorization });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(NO_ROUTE);
    }
    expect((await h.get("/V1/store/storeViews", { store: "admin" })).status).toBe(404);
  });

  it("lists the admin store, website and group first", async () => {
    expect((await h.get("/V1/store/storeViews")).body.map((s: any) => s.code)).toEqual(["admin", "default", "uk_en"]);
    expect((await h.get("/V1/store/websites")).body.map((w: any) => [w.id, w.code])).toEqual([
      [0, "admin"],
      [1, "base"],
      [2, "uk"],
    ]);
    const configs = (await h.get("/V1/store/storeConfigs", { query: { "storeCodes[0]": "uk_en" } })).body;
    expect(configs).toHaveLength(1);
    expect(configs[0]).toMatchObject({ code: "uk_en", base_currency_code: "GBP", base_url: `${h.baseUrl}/` });
  });
});

describe("routes", () => {
  it("answers a wrong HTTP verb and an unknown path with no route", async () => {
    const put = await h.call("PUT", "/V1/orders/1", { body: { entity: {} } });
    expect(put.status).toBe(404);
    expect(put.body).toEqual(NO_ROUTE);
    expect((await h.get("/V1/nothing/here")).body).toEqual(NO_ROUTE);
    expect((await h.call("DELETE", "/V1/store/websites")).status).toBe(404);
  });

  it("splits an encoded slash in a SKU into path segments", async () => {
    const res = await h.get("/V1/products/ABC%2F10");
    expect(res.status).toBe(404);
    expect(res.body).toEqual(NO_ROUTE);
  });

  it("converts integer path parameters the way the input processor does", async () => {
    const res = await h.get("/V1/orders/abc");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'The "abc" value\'s type is invalid. The "int" type was expected. Verify and try again.' });
  });
});

describe("request bodies", () => {
  const prices = JSON.stringify({ prices: [{ sku: "SKU-00001", price: 3, store_id: 0 }] });

  it("needs a Content-Type on a body", async () => {
    const res = await h.call("POST", "/V1/products/base-prices", { rawBody: prices, contentType: null });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: "Content-Type header is empty." });
  });

  it("refuses bodies it cannot decode", async () => {
    expect((await h.call("POST", "/V1/products/base-prices", { rawBody: "{nope", contentType: "application/json" })).body).toEqual({ message: "Decoding error." });
    expect((await h.call("POST", "/V1/products/base-prices", { rawBody: prices, contentType: "application/json; charset=latin1" })).body).toEqual({
      message: "UTF-8 is the only supported charset.",
    });
    expect((await h.call("POST", "/V1/products/base-prices", { rawBody: prices, contentType: "text/plain" })).body).toEqual({
      message: "Server cannot understand Content-Type HTTP header media type %1",
      parameters: ["text/plain"],
    });
  });

  it("accepts an empty body without a Content-Type", async () => {
    const res = await h.call("POST", "/V1/orders/999/cancel", { contentType: null });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: "The entity that was requested doesn't exist. Verify the entity and try again." });
  });
});

describe("instances", () => {
  it("keeps instances apart: their own data and credentials under /m/<id>/", async () => {
    const other = h.sandbox.createInstance({ integrations: [{ resources: "all" }], catalogue: { count: 3 } });
    const mine = await h.get("/V1/products", { query: sc({}) });
    const theirs = await h.call("GET", "/V1/products", {
      query: sc({}),
      sendPath: `/m/${other.id}/rest/V1/products`,
      authorization: oauthHeader(`${h.url}/m/${other.id}/rest/V1/products`, "GET", sc({}), other.state.integrations[0]!),
    });
    expect(theirs.status).toBe(200);
    expect(theirs.body.total_count).not.toBe(mine.body.total_count);
    const crossed = await h.call("GET", "/V1/products", {
      query: sc({}),
      sendPath: `/m/${other.id}/rest/V1/products`,
      authorization: oauthHeader(`${h.url}/m/${other.id}/rest/V1/products`, "GET", sc({}), h.credentials),
    });
    expect(crossed.status).toBe(401);
  });

  it("serves the default instance at the root as well", async () => {
    const root = h.sandbox.defaultInstance;
    const integration = root.createIntegration({ resources: "all" });
    const url = `${h.url}/rest/V1/store/storeViews`;
    const res = await fetch(url, { headers: { Authorization: oauthHeader(url, "GET", undefined, integration) } });
    expect(res.status).toBe(200);
    expect((await fetch(`${h.url}/m/unknown/rest/V1/store/storeViews`)).status).toBe(404);
  });

  it("shows the credentials on the instance page and answers /health", async () => {
    const page = await (await fetch(`${h.url}/m/${h.instance.id}`)).text();
    expect(page).toContain(h.credentials.consumerKey);
    expect(page).toContain(h.credentials.accessTokenSecret);
    expect(await (await fetch(`${h.url}/health`)).json()).toEqual({ status: "ok", service: "magento" });
  });

  it("adds a trace to errors in developer mode", async () => {
    h.instance.updateConfig({ developerMode: true });
    try {
      const res = await h.get("/V1/orders/999");
      expect(res.body.trace).toEqual(expect.any(String));
    } finally {
      h.instance.updateConfig({ developerMode: false });
    }
  });
});

describe("main.ts", () => {
  it("stops with one clear line on a bad environment value", () => {
    const root = path.resolve(__dirname, "../../../..");
    const run = spawnSync(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "sandbox/magento/main.ts")], {
      env: { ...process.env, PORT: "not-a-port" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual(["Configuration error: PORT is invalid; expected a TCP port number."]);
  });
});
