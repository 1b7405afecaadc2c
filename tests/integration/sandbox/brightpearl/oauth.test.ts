import { describe, expect, it } from "vitest";
import { APP, apiFor, startSandbox } from "./helpers";

const started = await startSandbox();
const { url } = started;
const control = started.sandbox.control;
const redirectUri = APP.redirectUris[0]!;
control.createAccount({ code: "oauthacme" });
control.createAccount({ code: "oauthother" });

function authorizeQuery(extra: Record<string, string> = {}) {
  return new URLSearchParams({ response_type: "code", client_id: APP.appRef, redirect_uri: redirectUri, state: "st-123", ...extra }).toString();
}

async function decide(account: string, decision: "approve" | "deny", params: Record<string, string> = {}) {
  const form = new URLSearchParams({ response_type: "code", client_id: APP.appRef, redirect_uri: redirectUri, state: "st-123", decision, ...params });
  const res = await fetch(`${url}/authorize/${account}`, { method: "POST", body: form, redirect: "manual" });
  return { status: res.status, location: new URL(res.headers.get("location") ?? "http://invalid/") };
}

async function token(account: string, fields: Record<string, string>, contentType = "application/x-www-form-urlencoded") {
  const body = contentType.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(fields).toString() : JSON.stringify(fields);
  const res = await fetch(`${url}/token/${account}`, { method: "POST", headers: { "content-type": contentType }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const exchange = (account: string, code: string, extra: Record<string, string> = {}) =>
  token(account, { grant_type: "authorization_code", code, client_id: APP.appRef, client_secret: APP.clientSecret, redirect_uri: redirectUri, ...extra });

async function codeFor(account: string) {
  const { location } = await decide(account, "approve");
  return location.searchParams.get("code")!;
}

describe("Brightpearl sandbox OAuth: authorize page", () => {
  it("shows an HTML consent page with Approve and Deny for a known account", async () => {
    const res = await fetch(`${url}/authorize/oauthacme?${authorizeQuery()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('value="approve"');
    expect(html).toContain('value="deny"');
    expect(html).toContain("oauthacme");
    expect(html).toContain('name="state" value="st-123"');
  });

  it("shows an error page, not a redirect, for an unknown account", async () => {
    const res = await fetch(`${url}/authorize/nosuchaccount?${authorizeQuery()}`, { redirect: "manual" });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toMatch(/no Brightpearl account/i);
    expect(html).toContain("nosuchaccount");
  });

  it("refuses an unknown client_id or an unregistered redirect_uri with an error page", async () => {
    const badClient = await fetch(`${url}/authorize/oauthacme?${authorizeQuery({ client_id: "someone-else" })}`, { redirect: "manual" });
    expect(badClient.status).toBe(400);
    expect(badClient.headers.get("location")).toBeNull();
    const badRedirect = await fetch(`${url}/authorize/oauthacme?${authorizeQuery({ redirect_uri: "https://evil.example/cb" })}`, { redirect: "manual" });
    expect(badRedirect.status).toBe(400);
    expect(badRedirect.headers.get("location")).toBeNull();
  });

  it("approve redirects to redirect_uri with a code and the state", async () => {
    const { status, location } = await decide("oauthacme", "approve");
    expect(status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get("code")).toMatch(/.{16,}/);
    expect(location.searchParams.get("state")).toBe("st-123");
  });

  it("deny redirects to redirect_uri with error=access_denied and the state", async () => {
    const { status, location } = await decide("oauthacme", "deny");
    expect(status).toBe(302);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st-123");
    expect(location.searchParams.get("code")).toBeNull();
  });
});

describe("Brightpearl sandbox OAuth: token endpoint", () => {
  it("exchanges a code for tokens with installation_instance_id as a string and api_domain as host:port", async () => {
    const { status, json } = await exchange("oauthacme", await codeFor("oauthacme"));
    expect(status).toBe(200);
    expect(json).toMatchObject({ token_type: "Bearer", expires_in: 604800, api_domain: new URL(url).host });
    expect(typeof json.installation_instance_id).toBe("string");
    expect(json.installation_instance_id).toMatch(/^\d+$/);
    expect(json.access_token).toMatch(/[+/=]/);
  });

  it("accepts a code once: the second exchange is invalid_grant", async () => {
    const code = await codeFor("oauthacme");
    expect((await exchange("oauthacme", code)).status).toBe(200);
    const again = await exchange("oauthacme", code);
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ error: "invalid_grant", error_description: "The auth token has either expired or does not exist" });
  });

  it("expires codes after their lifetime", async () => {
    control.configure({ codeLifetimeSeconds: 1 });
    try {
      const code = await codeFor("oauthacme");
      await new Promise((r) => setTimeout(r, 1100));
      const res = await exchange("oauthacme", code);
      expect(res.status).toBe(400);
      expect(res.json.error).toBe("invalid_grant");
    } finally {
      control.configure({ codeLifetimeSeconds: 600 });
    }
  });

  it("refuses a code issued for another account", async () => {
    const res = await exchange("oauthother", await codeFor("oauthacme"));
    expect(res.json).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a redirect_uri that differs from the authorize call", async () => {
    const res = await exchange("oauthacme", await codeFor("oauthacme"), { redirect_uri: "http://127.0.0.1:9/other" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: "invalid_grant", error_description: "Redirect uri does not match that used to request auth token" });
  });

  it("answers invalid_client for a wrong secret, a missing secret or a wrong client_id", async () => {
    const code = await codeFor("oauthacme");
    expect((await exchange("oauthacme", code, { client_secret: "nope" })).json).toEqual({ error: "invalid_client" });
    expect((await token("oauthacme", { grant_type: "authorization_code", code, client_id: APP.appRef, redirect_uri: redirectUri })).json).toEqual({ error: "invalid_client" });
    const wrongClient = await exchange("oauthacme", code, { client_id: "other-app" });
    expect(wrongClient.status).toBe(400);
    expect(wrongClient.json).toEqual({ error: "invalid_client" });
  });

  it("only reads form-encoded bodies, so a token sent unencoded (with +) fails", async () => {
    const code = await codeFor("oauthacme");
    const json = await token("oauthacme", { grant_type: "authorization_code", code, client_id: APP.appRef, client_secret: APP.clientSecret, redirect_uri: redirectUri }, "application/json");
    expect(json.status).toBe(400);
    const { json: tokens } = await exchange("oauthacme", await codeFor("oauthacme"));
    const refresh = String(tokens.refresh_token);
    expect(refresh).toMatch(/\+/);
    const raw = `grant_type=refresh_token&client_id=${APP.appRef}&refresh_token=${refresh}`;
    const res = await fetch(`${url}/token/oauthacme`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: raw });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_grant");
  });

  it("refreshes without installation_instance_id, rotating the refresh token", async () => {
    const { json: first } = await exchange("oauthacme", await codeFor("oauthacme"));
    const refreshed = await token("oauthacme", { grant_type: "refresh_token", refresh_token: String(first.refresh_token), client_id: APP.appRef });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).not.toHaveProperty("installation_instance_id");
    expect(refreshed.json).toMatchObject({ token_type: "Bearer", api_domain: new URL(url).host });
    expect(refreshed.json.refresh_token).not.toBe(first.refresh_token);
    expect(Number(refreshed.json.expires_in)).toBeLessThanOrEqual(604800);
    const reused = await token("oauthacme", { grant_type: "refresh_token", refresh_token: String(first.refresh_token), client_id: APP.appRef });
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe("invalid_grant");
    const next = await token("oauthacme", { grant_type: "refresh_token", refresh_token: String(refreshed.json.refresh_token), client_id: APP.appRef, client_secret: APP.clientSecret });
    expect(next.status).toBe(200);
  });

  it("a refresh while the access token is still valid returns it with its remaining lifetime", async () => {
    const { json: first } = await exchange("oauthacme", await codeFor("oauthacme"));
    await new Promise((r) => setTimeout(r, 1100));
    const refreshed = await token("oauthacme", { grant_type: "refresh_token", refresh_token: String(first.refresh_token), client_id: APP.appRef });
    expect(refreshed.json.access_token).toBe(first.access_token);
    expect(Number(refreshed.json.expires_in)).toBeLessThan(604800);
    expect(Number(refreshed.json.expires_in)).toBeGreaterThan(604790);
  });

  it("refuses a refresh with a wrong client secret", async () => {
    const { json } = await exchange("oauthacme", await codeFor("oauthacme"));
    const res = await token("oauthacme", { grant_type: "refresh_token", refresh_token: String(json.refresh_token), client_id: APP.appRef, client_secret: "nope" });
    expect(res.json).toEqual({ error: "invalid_client" });
  });

  it("answers unsupported_grant_type for other grants", async () => {
    const res = await token("oauthacme", { grant_type: "password", client_id: APP.appRef });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("unsupported_grant_type");
  });
});

describe("Brightpearl sandbox OAuth: tokens on API calls", () => {
  async function fresh() {
    const { json } = await exchange("oauthacme", await codeFor("oauthacme"));
    return { access: String(json.access_token), refresh: String(json.refresh_token), api: apiFor(url, "oauthacme", String(json.access_token)) };
  }

  it("a token works on its own account only, and answers carry the installation id", async () => {
    const { access } = await fresh();
    const ok = await apiFor(url, "oauthacme", access).get("/warehouse-service/warehouse");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("brightpearl-installed-integration-instance-id")).toMatch(/^\d+$/);
    const other = await apiFor(url, "oauthother", access).get("/warehouse-service/warehouse");
    expect(other.status).toBe(401);
    expect(other.json).toEqual({ response: `Invalid instance token: ${access}` });
  });

  it("an expired access token answers 401 {response: 'Authorization token expired'} without WWW-Authenticate, and a refresh gives a working one", async () => {
    control.configure({ tokenLifetimeSeconds: 1 });
    try {
      const { api, refresh } = await fresh();
      await new Promise((r) => setTimeout(r, 1100));
      const res = await api.get("/warehouse-service/warehouse");
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ response: "Authorization token expired" });
      expect(res.headers.get("www-authenticate")).toBeNull();
      expect(res.headers.get("brightpearl-requests-remaining")).not.toBeNull();
      const refreshed = await token("oauthacme", { grant_type: "refresh_token", refresh_token: refresh, client_id: APP.appRef });
      expect(refreshed.json.expires_in).toBe(1);
      expect(refreshed.json.access_token).not.toBe(api.token);
      expect((await apiFor(url, "oauthacme", String(refreshed.json.access_token)).get("/warehouse-service/warehouse")).status).toBe(200);
    } finally {
      control.configure({ tokenLifetimeSeconds: 604800 });
    }
  });

  it("the control API can expire tokens on demand", async () => {
    const { api } = await fresh();
    control.expireAccessTokens("oauthacme");
    expect((await api.get("/warehouse-service/warehouse")).json).toEqual({ response: "Authorization token expired" });
  });

  it("requires the brightpearl-app-ref and brightpearl-dev-ref headers", async () => {
    const { api } = await fresh();
    expect((await api.call("GET", "/warehouse-service/warehouse", undefined, { "brightpearl-dev-ref": "" })).status).toBe(401);
    expect((await api.call("GET", "/warehouse-service/warehouse", undefined, { "brightpearl-app-ref": "another-app" })).status).toBe(401);
    const noBearer = await fetch(`${url}/public-api/oauthacme/warehouse-service/warehouse`, { headers: { "brightpearl-app-ref": APP.appRef, "brightpearl-dev-ref": APP.devRef } });
    expect(noBearer.status).toBe(401);
  });

  it("a revoked installation (app turned off) gets 401 Invalid instance token and invalid_grant on refresh; approving again makes a new installation", async () => {
    const { json } = await exchange("oauthacme", await codeFor("oauthacme"));
    const api = apiFor(url, "oauthacme", String(json.access_token));
    control.revokeInstallation("oauthacme");
    const res = await api.get("/warehouse-service/warehouse");
    expect(res.status).toBe(401);
    expect(res.json.response).toBe(`Invalid instance token: ${api.token}`);
    const refresh = await token("oauthacme", { grant_type: "refresh_token", refresh_token: String(json.refresh_token), client_id: APP.appRef });
    expect(refresh.json.error).toBe("invalid_grant");
    const again = await exchange("oauthacme", await codeFor("oauthacme"));
    expect(again.json.installation_instance_id).not.toBe(json.installation_instance_id);
  });

  it("keeps accounts apart: revoking one account leaves the other's tokens working", async () => {
    const a = await exchange("oauthother", await codeFor("oauthother"));
    control.revokeInstallation("oauthacme");
    expect((await apiFor(url, "oauthother", String(a.json.access_token)).get("/warehouse-service/warehouse")).status).toBe(200);
  });
});
