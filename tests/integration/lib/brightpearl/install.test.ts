import { afterAll, describe, expect, it } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import { completeInstall, startInstall, STATE_TTL_MS } from "@/lib/brightpearl/install";
import { db } from "@/lib/db";
import { secretContext } from "@/lib/tenants/tenants";
import { startBrightpearl, uniqueAccount } from "../../../helpers/brightpearl";

const bp = await startBrightpearl();
const control = bp.started.sandbox.control;

afterAll(async () => {
  await db().$disconnect();
});

async function begin(accountCode: string) {
  control.createAccount({ code: accountCode });
  const started = await startInstall(db(), bp.app, accountCode);
  return { ...started, state: new URL(started.authorizeUrl).searchParams.get("state")! };
}

const tenantCount = (accountCode: string) => db().tenant.count({ where: { accountCode } });

describe("Brightpearl install (authorization code flow against the sandbox)", () => {
  it("sends the merchant to the account's authorize page with a fresh state", async () => {
    const code = uniqueAccount();
    const { authorizeUrl, state } = await begin(code);
    const url = new URL(authorizeUrl);
    expect(url.pathname).toBe(`/authorize/${code}`);
    expect(url.searchParams.get("client_id")).toBe(bp.app.appRef);
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(await db().oAuthState.count({ where: { stateHash: state } })).toBe(0); // only its hash is stored
    const page = await fetch(authorizeUrl);
    expect(await page.text()).toContain('value="approve"');
  });

  it("on approval stores the tenant with encrypted tokens, api_domain and the installation id", async () => {
    const code = uniqueAccount();
    const { authorizeUrl, browserNonce } = await begin(code);
    const back = await bp.decide(authorizeUrl, "approve");
    const result = await completeInstall(db(), bp.app, bp.apiHosts, { state: back.searchParams.get("state"), code: back.searchParams.get("code"), browserNonce });
    expect(result.ok).toBe(true);
    const tenant = await db().tenant.findUniqueOrThrow({ where: { accountCode: code } });
    expect(tenant.status).toBe("ACTIVE");
    expect(tenant.apiDomain).toBe(bp.apiHosts[0]);
    expect(tenant.installationInstanceId).toMatch(/^\d+$/);
    expect(tenant.accessTokenEnc).toMatch(/^enc:v1:/);
    const access = decryptSecret(tenant.accessTokenEnc!, secretContext(code, "access_token"));
    expect(tenant.accessTokenEnc).not.toContain(access);
    expect(tenant.accessTokenExpiresAt!.getTime() - tenant.accessTokenIssuedAt!.getTime()).toBe(604_800_000);
    // the token works against the account's API
    expect(await bp.client(tenant.id, code).get("/product-service/price-list", (await import("zod")).z.array((await import("zod")).z.unknown()))).toBeInstanceOf(Array);
  });

  it("stores nothing when the merchant denies", async () => {
    const code = uniqueAccount();
    const { authorizeUrl, browserNonce } = await begin(code);
    const back = await bp.decide(authorizeUrl, "deny");
    const result = await completeInstall(db(), bp.app, bp.apiHosts, { state: back.searchParams.get("state"), error: back.searchParams.get("error"), browserNonce });
    expect(result).toEqual({ ok: false, problem: "denied", accountCode: code });
    expect(await tenantCount(code)).toBe(0);
  });

  it("refuses a replayed callback, and the replay changes nothing", async () => {
    const code = uniqueAccount();
    const { authorizeUrl, browserNonce } = await begin(code);
    const back = await bp.decide(authorizeUrl, "approve");
    const input = { state: back.searchParams.get("state"), code: back.searchParams.get("code"), browserNonce };
    expect((await completeInstall(db(), bp.app, bp.apiHosts, input)).ok).toBe(true);
    const before = await db().tenant.findUniqueOrThrow({ where: { accountCode: code } });
    expect(await completeInstall(db(), bp.app, bp.apiHosts, input)).toEqual({ ok: false, problem: "state-used", accountCode: code });
    expect((await db().tenant.findUniqueOrThrow({ where: { accountCode: code } })).updatedAt).toEqual(before.updatedAt);
  });

  it("refuses a missing, unknown, expired or foreign state without storing anything", async () => {
    const code = uniqueAccount();
    const { authorizeUrl, browserNonce } = await begin(code);
    const back = await bp.decide(authorizeUrl, "approve");
    const state = back.searchParams.get("state");
    const authCode = back.searchParams.get("code");
    expect((await completeInstall(db(), bp.app, bp.apiHosts, { code: authCode, browserNonce })).ok).toBe(false);
    expect(await completeInstall(db(), bp.app, bp.apiHosts, { state: "forged-state", code: authCode, browserNonce })).toMatchObject({ problem: "state-unknown" });
    expect(await completeInstall(db(), bp.app, bp.apiHosts, { state, code: authCode, browserNonce: "another-browser" })).toMatchObject({ problem: "state-foreign" });
    const later = new Date(Date.now() + STATE_TTL_MS + 1000);
    expect(await completeInstall(db(), bp.app, bp.apiHosts, { state, code: authCode, browserNonce }, { now: later })).toMatchObject({ problem: "state-expired" });
    expect(await tenantCount(code)).toBe(0);
    // the untouched state still completes for the browser that started it
    expect((await completeInstall(db(), bp.app, bp.apiHosts, { state, code: authCode, browserNonce })).ok).toBe(true);
  });

  it("refuses an api_domain outside the allow-list and stores nothing", async () => {
    const code = uniqueAccount();
    const { authorizeUrl, browserNonce } = await begin(code);
    const back = await bp.decide(authorizeUrl, "approve");
    const result = await completeInstall(db(), bp.app, ["*.brightpearlconnect.com"], { state: back.searchParams.get("state"), code: back.searchParams.get("code"), browserNonce });
    expect(result).toMatchObject({ ok: false, problem: "api-domain-refused" });
    expect(await tenantCount(code)).toBe(0);
  });

  it("reports a code Brightpearl refuses (e.g. already exchanged elsewhere)", async () => {
    const code = uniqueAccount();
    const { authorizeUrl, browserNonce } = await begin(code);
    const back = await bp.decide(authorizeUrl, "approve");
    const result = await completeInstall(db(), bp.app, bp.apiHosts, { state: back.searchParams.get("state"), code: "not-a-real-code", browserNonce });
    expect(result).toMatchObject({ ok: false, problem: "code-refused" });
    expect(await tenantCount(code)).toBe(0);
  });

  it("reuses the tenant, its settings and history when the account installs again", async () => {
    const { tenantId, accountCode } = await bp.connect();
    await db().tenantSettings.create({ data: { tenantId, flows: { orders: true } } });
    await db().syncRecord.create({ data: { tenantId, flow: "ORDERS", sourceId: "42" } });
    await db().tenant.update({ where: { id: tenantId }, data: { status: "DISCONNECTED", accessTokenEnc: null, refreshTokenEnc: null } });
    const again = await startInstall(db(), bp.app, accountCode);
    const back = await bp.decide(again.authorizeUrl, "approve");
    const result = await completeInstall(db(), bp.app, bp.apiHosts, { state: back.searchParams.get("state"), code: back.searchParams.get("code"), browserNonce: again.browserNonce });
    expect(result.ok && result.tenant.id).toBe(tenantId);
    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, include: { settings: true } });
    expect(tenant.status).toBe("ACTIVE");
    expect(tenant.accessTokenEnc).not.toBeNull();
    expect(tenant.settings?.flows).toEqual({ orders: true });
    expect(await db().syncRecord.count({ where: { tenantId } })).toBe(1);
  });
});
