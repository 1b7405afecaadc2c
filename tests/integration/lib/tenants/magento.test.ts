import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import type { MagentoCredentials } from "@/lib/magento/signer";
import {
  checkSavedConnection,
  connectMagentoStore,
  loadMagentoConnection,
  magentoConnectionSummary,
  magentoFor,
  type MagentoReach,
  recheckMagentoConnection,
} from "@/lib/tenants/magento";
import { tenantDb } from "@/lib/tenants/scope";
import { FLOW_NAMES, saveFlowSwitches } from "@/lib/tenants/settings";
import { type CreateInstanceInput, startMagentoSandbox } from "@/sandbox/magento/sandbox";

let magento: Awaited<ReturnType<typeof startMagentoSandbox>>;
const reach: MagentoReach = { mode: "sandbox", fetch: (input, init) => fetch(input, init), timeoutMs: 5_000 };
let counter = 0;

beforeAll(async () => {
  magento = await startMagentoSandbox({ admin: true, log: () => {} });
});
afterAll(async () => {
  await magento.close();
  await db().$disconnect();
});

async function newTenant(): Promise<string> {
  const tenant = await db().tenant.create({ data: { accountCode: `mgconn${Date.now().toString(36)}${++counter}`, installationInstanceId: String(counter) } });
  return tenant.id;
}

function store(input: CreateInstanceInput = {}) {
  const instance = magento.sandbox.createInstance({ integrations: [{ resources: "all" }], ...input });
  const i = instance.state.integrations[0]!;
  const credentials: MagentoCredentials = { consumerKey: i.consumerKey, consumerSecret: i.consumerSecret, accessToken: i.accessToken, accessTokenSecret: i.accessTokenSecret };
  return { instance, integration: i, baseUrl: magento.sandbox.baseUrlOf(instance.id), credentials };
}

const form = (s: { baseUrl: string; credentials: MagentoCredentials }, overrides: Record<string, string> = {}) => ({ baseUrl: s.baseUrl, storeCode: "default", ...s.credentials, ...overrides });
const rowOf = (tenantId: string) => db().magentoConnection.findUnique({ where: { tenantId } });

describe("connecting a tenant's Magento store", () => {
  it("saves nothing when the form is invalid or the store refuses the credentials", async () => {
    const tenantId = await newTenant();
    const s = store();
    const invalid = await connectMagentoStore(tenantDb(tenantId), tenantId, form(s, { consumerKey: "nope" }), reach);
    expect(invalid).toMatchObject({ ok: false, problem: "invalid-form", fieldErrors: { consumerKey: expect.stringContaining("32 characters") } });
    s.integration.revoked = true;
    const refused = await connectMagentoStore(tenantDb(tenantId), tenantId, form(s), reach);
    expect(refused).toMatchObject({ ok: false, problem: "token-revoked", fieldErrors: { accessToken: expect.stringContaining("revoked") } });
    expect(await rowOf(tenantId)).toBeNull();
  });

  it("saves a verified connection encrypted, with the last four characters as hints and the time it was verified", async () => {
    const tenantId = await newTenant();
    const s = store();
    const at = new Date("2026-03-01T10:00:00Z");
    const result = await connectMagentoStore(tenantDb(tenantId), tenantId, form(s, { baseUrl: `${s.baseUrl}/admin/` }), { ...reach, now: () => at });
    expect(result).toMatchObject({ ok: true, baseUrl: s.baseUrl, storeCode: "default", keptCredentials: [] });
    const row = (await rowOf(tenantId))!;
    const stored = JSON.stringify(row);
    for (const secret of Object.values(s.credentials)) expect(stored).not.toContain(secret);
    expect(row.verifiedAt).toEqual(at);
    expect(row.credentialHints).toEqual({
      consumerKey: s.credentials.consumerKey.slice(-4),
      consumerSecret: s.credentials.consumerSecret.slice(-4),
      accessToken: s.credentials.accessToken.slice(-4),
      accessTokenSecret: s.credentials.accessTokenSecret.slice(-4),
    });
    expect((await loadMagentoConnection(tenantDb(tenantId), tenantId))?.credentials).toEqual(s.credentials);
    const summary = await magentoConnectionSummary(tenantDb(tenantId), tenantId);
    expect(Object.keys(summary!).sort()).toEqual(["baseUrl", "hints", "storeCode", "verifiedAt"]);
  });

  it("keeps the saved connection when a replacement fails, and replaces it when the new one verifies", async () => {
    const tenantId = await newTenant();
    const first = store();
    await connectMagentoStore(tenantDb(tenantId), tenantId, form(first), reach);
    const before = (await rowOf(tenantId))!;
    const second = store();
    const failed = await connectMagentoStore(tenantDb(tenantId), tenantId, form(second, { consumerSecret: second.credentials.accessTokenSecret, accessTokenSecret: second.credentials.consumerSecret }), reach);
    expect(failed).toMatchObject({ ok: false, problem: "credentials-swapped" });
    expect(await rowOf(tenantId)).toEqual(before);
    const replaced = await connectMagentoStore(tenantDb(tenantId), tenantId, form(second), reach);
    expect(replaced.ok).toBe(true);
    const loaded = (await loadMagentoConnection(tenantDb(tenantId), tenantId))!;
    expect(loaded.baseUrl).toBe(second.baseUrl);
    expect(loaded.credentials).toEqual(second.credentials);
  });

  it("reuses saved credentials left empty for the same store, e.g. after Reauthorize only the token pair is new", async () => {
    const tenantId = await newTenant();
    const s = store();
    await connectMagentoStore(tenantDb(tenantId), tenantId, form(s), reach);
    s.instance.reauthorize(s.integration.id);
    const result = await connectMagentoStore(
      tenantDb(tenantId),
      tenantId,
      { baseUrl: s.baseUrl, storeCode: "default", consumerKey: "", consumerSecret: " ", accessToken: s.integration.accessToken, accessTokenSecret: s.integration.accessTokenSecret },
      reach,
    );
    expect(result).toMatchObject({ ok: true, keptCredentials: ["consumerKey", "consumerSecret"] });
    expect((await loadMagentoConnection(tenantDb(tenantId), tenantId))!.credentials.accessToken).toBe(s.integration.accessToken);
  });

  it("never sends saved credentials to a different store address", async () => {
    const tenantId = await newTenant();
    const s = store();
    await connectMagentoStore(tenantDb(tenantId), tenantId, form(s), reach);
    const other = store();
    magento.sandbox.requests.clear();
    const result = await connectMagentoStore(tenantDb(tenantId), tenantId, { baseUrl: other.baseUrl, storeCode: "default", consumerKey: "", consumerSecret: "", accessToken: "", accessTokenSecret: "" }, reach);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.consumerKey).toBe(`Paste the Consumer Key again: saved credentials are only reused for the store address they were checked with (${s.baseUrl}).`);
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["accessToken", "accessTokenSecret", "consumerKey", "consumerSecret"]);
    expect(magento.sandbox.requests.list({ account: other.instance.id })).toHaveLength(0);
  });

  it("does not reuse another tenant's saved credentials", async () => {
    const owner = await newTenant();
    const s = store();
    await connectMagentoStore(tenantDb(owner), owner, form(s), reach);
    const intruder = await newTenant();
    const result = await connectMagentoStore(tenantDb(intruder), intruder, { baseUrl: s.baseUrl, storeCode: "default", consumerKey: "", consumerSecret: "", accessToken: "", accessTokenSecret: "" }, reach);
    expect(result).toMatchObject({ ok: false, problem: "invalid-form", fieldErrors: { consumerKey: "Paste the Consumer Key from the integration's details." } });
    expect(await rowOf(intruder)).toBeNull();
  });

  it("requires the resources of the flows the tenant has switched on", async () => {
    const tenantId = await newTenant();
    await saveFlowSwitches(tenantDb(tenantId), tenantId, Object.fromEntries(FLOW_NAMES.map((f) => [f, f === "orders"])) as Record<(typeof FLOW_NAMES)[number], boolean>);
    const s = store({ integrations: [{ resources: ["Magento_Backend::store", "Magento_Catalog::products", "Magento_Customer::customer", "Magento_Sales::comment"] }] });
    const result = await connectMagentoStore(tenantDb(tenantId), tenantId, form(s), reach);
    expect(result).toMatchObject({ ok: false, problem: "resource-denied", fieldErrors: {} });
    if (result.ok) return;
    expect(result.alert).toContain("Magento_Sales::actions_view");
    expect(await rowOf(tenantId)).toBeNull();
  });

  it("checks again: records the time when the connection still works, and leaves it when it does not", async () => {
    const tenantId = await newTenant();
    const s = store();
    await connectMagentoStore(tenantDb(tenantId), tenantId, form(s), { ...reach, now: () => new Date("2026-01-01T00:00:00Z") });
    const later = new Date("2026-02-01T00:00:00Z");
    expect((await recheckMagentoConnection(tenantDb(tenantId), tenantId, { ...reach, now: () => later }))?.ok).toBe(true);
    expect((await rowOf(tenantId))!.verifiedAt).toEqual(later);
    s.integration.revoked = true;
    const failed = await recheckMagentoConnection(tenantDb(tenantId), tenantId, { ...reach, now: () => new Date("2026-03-01T00:00:00Z") });
    expect(failed).toMatchObject({ ok: false, problem: "token-revoked" });
    expect((await rowOf(tenantId))!.verifiedAt).toEqual(later);
    expect(await checkSavedConnection(tenantDb(await newTenant()), "nobody", reach)).toBeNull();
  });

  it("gives flows a signed client for the saved store", async () => {
    const tenantId = await newTenant();
    const s = store({ config: { storeViews: [{ code: "default", name: "Default" }, { code: "de", name: "German" }] } });
    await connectMagentoStore(tenantDb(tenantId), tenantId, form(s, { storeCode: "de" }), reach);
    const client = (await magentoFor(tenantDb(tenantId), tenantId))!;
    const views = await client.get("/V1/store/storeViews", z.array(z.object({ code: z.string() }).loose()));
    expect(views.map((v) => v.code)).toContain("de");
    expect(client.url("/V1/orders")).toBe(`${s.baseUrl}/rest/de/V1/orders`);
    expect(await magentoFor(tenantDb(await newTenant()), "nobody")).toBeNull();
  });
});
