import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publicOnlyFetch } from "@/lib/magento/address-guard";
import { RESOURCE_CHECKS } from "@/lib/magento/resources";
import type { MagentoCredentials } from "@/lib/magento/signer";
import { verifyMagentoConnection, type Verified, type VerifyFailure } from "@/lib/magento/verify";
import type { FlowName } from "@/lib/tenants/settings";
import { startBrightpearlSandbox } from "@/sandbox/brightpearl/sandbox";
import { type CreateInstanceInput, startMagentoSandbox } from "@/sandbox/magento/sandbox";
import { closedPortUrl, type LocalServer, startHttpServer, startHttpsServer, startPlainWebsite, startRedirect } from "./local-servers";

let magento: Awaited<ReturnType<typeof startMagentoSandbox>>;
const servers: LocalServer[] = [];

beforeAll(async () => {
  magento = await startMagentoSandbox({ admin: true, log: () => {} });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await magento.close();
});

const NO_FLOWS: ReadonlySet<FlowName> = new Set();
const flows = (...names: FlowName[]) => new Set<FlowName>(names);
const random32 = () => randomBytes(16).toString("hex");
const ALL_RESOURCES_BUT = (...missing: string[]) => RESOURCE_CHECKS.map((c) => c.resource).filter((r) => !missing.includes(r));

function store(input: CreateInstanceInput = {}) {
  const instance = magento.sandbox.createInstance({ integrations: [{ resources: "all" }], ...input });
  const i = instance.state.integrations[0]!;
  const credentials: MagentoCredentials = { consumerKey: i.consumerKey, consumerSecret: i.consumerSecret, accessToken: i.accessToken, accessTokenSecret: i.accessTokenSecret };
  return { instance, integration: i, baseUrl: magento.sandbox.baseUrlOf(instance.id), credentials };
}

async function failure(result: Promise<Verified | VerifyFailure>): Promise<VerifyFailure> {
  const r = await result;
  if (r.ok) throw new Error("expected the connection check to fail, but it passed");
  return r;
}

async function success(result: Promise<Verified | VerifyFailure>): Promise<Verified> {
  const r = await result;
  if (!r.ok) throw new Error(`expected the connection check to pass: ${r.problem}: ${r.message}`);
  return r;
}

describe("verifyMagentoConnection against the Magento sandbox", () => {
  it("passes with a full-access integration and reports the store views and MSI", async () => {
    const s = store({ config: { storeViews: [{ code: "default", name: "Default Store View" }, { code: "fr", name: "French" }] } });
    const verified = await success(verifyMagentoConnection({ ...s, storeCode: "fr" }, flows("orders", "inventory", "prices", "products", "shipments", "refunds")));
    expect(verified.storeViews.map((v) => v.code)).toEqual(["default", "fr"]);
    expect(verified.msi).toBe(true);
    expect(verified.missingOptional).toEqual([]);
  });

  it("makes one cheap call and one probe per resource, and changes nothing in the store", async () => {
    const s = store({ catalogue: { count: 5 }, orders: { count: 3, seed: 7 } });
    const before = JSON.stringify(s.instance.state.orders);
    magento.sandbox.requests.clear();
    await success(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS));
    expect(magento.sandbox.requests.list({ account: s.instance.id })).toHaveLength(RESOURCE_CHECKS.length);
    expect(JSON.stringify(s.instance.state.orders)).toBe(before);
    expect(s.instance.state.shipments).toHaveLength(0);
    expect(s.instance.state.invoices).toHaveLength(0);
  });

  it("names the unknown consumer key", async () => {
    const s = store();
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default", credentials: { ...s.credentials, consumerKey: random32() } }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "consumer-unknown", field: "consumerKey" });
    expect(f.message).toContain("does not know this Consumer Key");
  });

  it("says the two secrets are in each other's fields when they are", async () => {
    const s = store();
    const c = s.credentials;
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default", credentials: { ...c, consumerSecret: c.accessTokenSecret, accessTokenSecret: c.consumerSecret } }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "credentials-swapped", field: "consumerSecret" });
    expect(f.message).toBe("The Consumer Secret and the Access Token Secret are in each other's fields. Swap them and try again.");
  });

  it("says the consumer key and access token are in each other's fields when they are", async () => {
    const s = store();
    const c = s.credentials;
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default", credentials: { ...c, consumerKey: c.accessToken, accessToken: c.consumerKey } }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "credentials-swapped", field: "consumerKey" });
    expect(f.message).toContain("The Consumer Key and the Access Token are in each other's fields");
  });

  it("says the two pairs are in each other's fields when the token pair was pasted first", async () => {
    const s = store();
    const c = s.credentials;
    const swapped = { consumerKey: c.accessToken, consumerSecret: c.accessTokenSecret, accessToken: c.consumerKey, accessTokenSecret: c.consumerSecret };
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default", credentials: swapped }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "credentials-swapped", field: "consumerKey" });
    expect(f.message).toContain("Swap the two pairs");
  });

  it("never sends a secret over the wire, even while looking for mix-ups", async () => {
    const s = store();
    const sent: string[] = [];
    const recording: typeof fetch = (input, init) => {
      sent.push(`${String(input)} ${new Headers(init?.headers).get("authorization")} ${String(init?.body ?? "")}`);
      return fetch(input, init);
    };
    const wrong = { ...s.credentials, consumerKey: random32(), consumerSecret: random32(), accessTokenSecret: random32() };
    await failure(verifyMagentoConnection({ ...s, storeCode: "default", credentials: wrong }, NO_FLOWS, { fetch: recording }));
    await success(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS, { fetch: recording }));
    expect(sent.length).toBeGreaterThan(RESOURCE_CHECKS.length);
    for (const secret of [wrong.consumerSecret, wrong.accessTokenSecret, s.credentials.consumerSecret, s.credentials.accessTokenSecret]) {
      expect(sent.some((line) => line.includes(secret))).toBe(false);
    }
  });

  it("reports an invalid signature when a secret is simply wrong", async () => {
    const s = store();
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default", credentials: { ...s.credentials, accessTokenSecret: random32() } }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "signature-invalid", field: "consumerSecret" });
    expect(f.message).toContain("A secret is probably in the wrong field");
  });

  it("names an unknown access token, and a token that belongs to another integration", async () => {
    const s = store();
    const unknown = await failure(verifyMagentoConnection({ ...s, storeCode: "default", credentials: { ...s.credentials, accessToken: random32() } }, NO_FLOWS));
    expect(unknown).toMatchObject({ problem: "token-unknown", field: "accessToken" });
    const other = s.instance.createIntegration({ resources: "all" });
    const foreign = await failure(
      verifyMagentoConnection({ ...s, storeCode: "default", credentials: { ...s.credentials, accessToken: other.accessToken, accessTokenSecret: other.accessTokenSecret } }, NO_FLOWS),
    );
    expect(foreign).toMatchObject({ problem: "token-unknown", field: "accessToken" });
  });

  it("says a revoked token was revoked", async () => {
    const s = store();
    s.integration.revoked = true;
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "token-revoked", field: "accessToken" });
    expect(f.message).toContain("revoked");
  });

  it("refuses when a resource an enabled flow needs is not granted, naming every missing one", async () => {
    const s = store({ integrations: [{ resources: ALL_RESOURCES_BUT("Magento_Sales::actions_view", "Magento_Customer::customer", "Magento_Sales::ship") }] });
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, flows("orders")));
    expect(f.problem).toBe("resource-denied");
    expect(f.field).toBeUndefined();
    expect(f.resources).toEqual(["Magento_Sales::actions_view", "Magento_Customer::customer"]);
    expect(f.message).toContain("Sales › Operations › Orders › Actions › View (Magento_Sales::actions_view) to read orders");
    expect(f.message).toContain("Magento_Customer::customer");
    expect(f.message).not.toContain("Magento_Sales::ship");
  });

  it("passes when only flows that are off need the missing resource, and reports it as optional", async () => {
    const s = store({ integrations: [{ resources: ALL_RESOURCES_BUT("Magento_Sales::ship", "Magento_Sales::shipment") }] });
    const verified = await success(verifyMagentoConnection({ ...s, storeCode: "default" }, flows("orders")));
    expect(verified.missingOptional.map((m) => m.resource)).toEqual(["Magento_Sales::ship", "Magento_Sales::shipment"]);
    expect(verified.missingOptional[0]).toMatchObject({ purpose: "create shipments with tracking", flows: ["shipments"] });
  });

  it("needs the catalogue (bundles' shipment type) and the invoices (statuses follow) for the shipments flow", async () => {
    const s = store({ integrations: [{ resources: ALL_RESOURCES_BUT("Magento_Catalog::products", "Magento_Sales::sales_invoice") }] });
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, flows("shipments")));
    expect(f.problem).toBe("resource-denied");
    expect(f.resources).toEqual(["Magento_Sales::sales_invoice", "Magento_Catalog::products"]);
    expect(f.message).toContain("Sales › Operations › Invoices (Magento_Sales::sales_invoice)");
    const refundsOnly = await success(verifyMagentoConnection({ ...s, storeCode: "default" }, flows("refunds")));
    expect(refundsOnly.missingOptional.map((m) => [m.resource, m.flows])).toEqual([
      ["Magento_Sales::sales_invoice", ["shipments"]],
      ["Magento_Catalog::products", ["orders", "inventory", "prices", "products", "shipments"]],
    ]);
  });

  it("names the store resource when even the store views may not be read (or the integration is inactive)", async () => {
    const s = store({ integrations: [{ resources: "all", active: false }] });
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "resource-denied", resources: ["Magento_Backend::store"] });
    expect(f.message).toContain("not active");
  });

  it("recognises a store that accepts only HMAC-SHA1, and says whether the credentials are right", async () => {
    const s = store({ config: { signatureMethods: ["HMAC-SHA1"] } });
    const right = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS));
    expect(right.problem).toBe("sha1-only");
    expect(right.message).toMatch(/^The credentials are right, but this Magento accepts only HMAC-SHA1/);
    const wrong = await failure(verifyMagentoConnection({ ...s, storeCode: "default", credentials: { ...s.credentials, consumerSecret: random32() } }, NO_FLOWS));
    expect(wrong.problem).toBe("sha1-only");
    expect(wrong.message).toMatch(/^This Magento accepts only HMAC-SHA1/);
  });

  it("lists the real store view codes when the code is wrong, even when there is no 'default'", async () => {
    const s = store({ config: { storeViews: [{ code: "en", name: "English" }, { code: "fr", name: "French" }] } });
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "store-code", field: "storeCode" });
    expect(f.message).toBe('This Magento has no store view with the code "default". Its store views are: en (English), fr (French). Use one of these codes.');
    await success(verifyMagentoConnection({ ...s, storeCode: "en" }, NO_FLOWS));
  });

  it("reports the credential problem rather than the store code when both are wrong", async () => {
    const s = store({ config: { storeViews: [{ code: "en", name: "English" }] } });
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "nope", credentials: { ...s.credentials, consumerKey: random32() } }, NO_FLOWS));
    expect(f.problem).toBe("consumer-unknown");
  });

  it("passes a store without MSI (legacy stock), and needs the legacy stock resource for the inventory flow", async () => {
    const s = store({ config: { msi: false } });
    const verified = await success(verifyMagentoConnection({ ...s, storeCode: "default" }, flows("inventory", "orders")));
    expect(verified.msi).toBe(false);
    expect(verified.missingOptional).toEqual([]);
    const noStock = store({ config: { msi: false }, integrations: [{ resources: ALL_RESOURCES_BUT("Magento_CatalogInventory::cataloginventory") }] });
    const f = await failure(verifyMagentoConnection({ ...noStock, storeCode: "default" }, flows("inventory")));
    expect(f.resources).toEqual(["Magento_CatalogInventory::cataloginventory"]);
  });

  it("says nothing answered on a closed port", async () => {
    const s = store();
    const f = await failure(verifyMagentoConnection({ ...s, baseUrl: await closedPortUrl(), storeCode: "default" }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "unreachable", field: "baseUrl" });
    expect(f.message).toMatch(/^Nothing answered at localhost:\d+/);
  });

  it("says a host name does not exist", async () => {
    const s = store();
    const f = await failure(verifyMagentoConnection({ ...s, baseUrl: "https://no-such-store.invalid", storeCode: "default" }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "unreachable", field: "baseUrl" });
    expect(f.message).toContain("The host name no-such-store.invalid could not be found");
  });

  it("explains a self-signed certificate", async () => {
    const server = await startHttpsServer((_req, res) => res.end("{}"));
    servers.push(server);
    const s = store();
    const f = await failure(verifyMagentoConnection({ ...s, baseUrl: server.url, storeCode: "default" }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "tls", field: "baseUrl" });
    expect(f.message).toContain("the certificate is self-signed");
  });

  it("explains https sent to a port that speaks plain http", async () => {
    const s = store();
    const f = await failure(verifyMagentoConnection({ ...s, baseUrl: magento.url.replace("http://", "https://"), storeCode: "default" }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "tls", field: "baseUrl" });
    expect(f.message).toContain("does not speak HTTPS on this port");
  });

  it("recognises a web site that is not Magento, the Brightpearl sandbox, and a wrong path on a Magento host", async () => {
    const site = await startPlainWebsite();
    servers.push(site);
    const bp = await startBrightpearlSandbox({ admin: true, log: () => {} });
    try {
      const s = store();
      for (const baseUrl of [site.url, bp.url, `${magento.url}/m/no-such-instance`]) {
        const f = await failure(verifyMagentoConnection({ ...s, baseUrl, storeCode: "default" }, NO_FLOWS));
        expect(f, baseUrl).toMatchObject({ problem: "not-magento", field: "baseUrl" });
        expect(f.message).toContain("not like a Magento 2 store's REST API");
      }
    } finally {
      await bp.close();
    }
  });

  it("points at a firewall when the address answers 403 without Magento behind it", async () => {
    const waf = await startHttpServer((_req, res) => {
      res.writeHead(403, { "content-type": "text/html" });
      res.end("<html><body>Access denied</body></html>");
    });
    servers.push(waf);
    const s = store();
    const f = await failure(verifyMagentoConnection({ ...s, baseUrl: waf.url, storeCode: "default" }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "not-magento", field: "baseUrl" });
    expect(f.message).toContain("firewall");
  });

  it("does not follow a redirect and suggests the address it leads to", async () => {
    const redirect = await startRedirect("https://www.shop.example.com");
    servers.push(redirect);
    const s = store();
    const f = await failure(verifyMagentoConnection({ ...s, baseUrl: redirect.url, storeCode: "default" }, NO_FLOWS));
    expect(f).toMatchObject({ problem: "redirect", field: "baseUrl" });
    expect(f.message).toBe(`localhost:${redirect.port} redirects to https://www.shop.example.com/rest/default/V1/store/storeViews. Use https://www.shop.example.com as the store address.`);
  });

  it("gives up after the timeout when the store does not answer", async () => {
    const s = store();
    magento.sandbox.faults.add({ account: s.instance.id, timeoutRate: 1 });
    const started = Date.now();
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS, { timeoutMs: 500 }));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(f).toMatchObject({ problem: "timeout", field: "baseUrl" });
    expect(f.message).toContain("did not answer within 0.5 seconds");
  });

  it("says the store had a problem when it answers with an internal error", async () => {
    const s = store();
    magento.sandbox.faults.add({ account: s.instance.id, errorRate: 1, status: 500 });
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS));
    expect(f.problem).toBe("store-error");
    expect(f.message).toContain("Report ID");
  });

  it("points at the store's clock when Magento refuses the request time", async () => {
    const s = store();
    s.instance.state.clockOffsetMs = -3600_000;
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS));
    expect(f.problem).toBe("clock");
  });

  it("in production, refuses a store on a loopback address before sending anything", async () => {
    const s = store();
    magento.sandbox.requests.clear();
    const f = await failure(verifyMagentoConnection({ ...s, storeCode: "default" }, NO_FLOWS, { fetch: publicOnlyFetch }));
    expect(f).toMatchObject({ problem: "private-address", field: "baseUrl" });
    expect(f.message).toMatch(/^localhost:\d+ is not on the public internet \(it is at (127\.0\.0\.1|::1)\)/);
    expect(magento.sandbox.requests.list({ account: s.instance.id })).toHaveLength(0);
  });
});
