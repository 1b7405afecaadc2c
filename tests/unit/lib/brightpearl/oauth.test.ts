import { describe, expect, it } from "vitest";
import { BrightpearlOAuthError } from "@/lib/brightpearl/errors";
import { authorizeUrl, exchangeCode, isAllowedApiDomain, refreshTokens } from "@/lib/brightpearl/oauth";

const app = { oauthUrl: "https://oauth.brightpearl.com", appRef: "acme-app", clientSecret: "s3cr=t+/&", redirectUri: "https://connector.example.com/api/brightpearl/callback" };

function fakeTokenEndpoint(status: number, body: unknown) {
  const calls: { url: string; body: string; contentType: string | null }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, body: String(init.body), contentType: new Headers(init.headers).get("content-type") });
    return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe("Brightpearl OAuth", () => {
  it("builds the authorize URL with the account code in the path", () => {
    const url = new URL(authorizeUrl(app, "acmeltd", "st8"));
    expect(url.origin + url.pathname).toBe("https://oauth.brightpearl.com/authorize/acmeltd");
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: "code", client_id: "acme-app", redirect_uri: app.redirectUri, state: "st8" });
  });

  it("exchanges a code with a form-encoded body, every value URL-encoded", async () => {
    const { calls, fetchFn } = fakeTokenEndpoint(200, {
      access_token: "a+/=",
      refresh_token: "r+/=",
      installation_instance_id: "13",
      api_domain: "ws-use.brightpearl.com",
      token_type: "Bearer",
      expires_in: 604800,
    });
    const tokens = await exchangeCode(app, "acmeltd", "c+d/e=", fetchFn);
    expect(tokens).toMatchObject({ access_token: "a+/=", installation_instance_id: "13", expires_in: 604800 });
    expect(calls[0]!.url).toBe("https://oauth.brightpearl.com/token/acmeltd");
    expect(calls[0]!.contentType).toBe("application/x-www-form-urlencoded");
    expect(calls[0]!.body).toContain("code=c%2Bd%2Fe%3D");
    expect(calls[0]!.body).toContain("client_secret=s3cr%3Dt%2B%2F%26");
    expect(Object.fromEntries(new URLSearchParams(calls[0]!.body))).toMatchObject({ grant_type: "authorization_code", redirect_uri: app.redirectUri, client_id: "acme-app" });
  });

  it("accepts a refresh answer without installation_instance_id", async () => {
    const { calls, fetchFn } = fakeTokenEndpoint(200, { access_token: "a2", refresh_token: "r2", api_domain: "ws-use.brightpearl.com", expires_in: 537227 });
    const tokens = await refreshTokens(app, "acmeltd", "r1", fetchFn);
    expect(tokens.installation_instance_id).toBeUndefined();
    expect(new URLSearchParams(calls[0]!.body).get("grant_type")).toBe("refresh_token");
  });

  it("turns Brightpearl's error bodies into errors that say whether to reconnect", async () => {
    const { fetchFn } = fakeTokenEndpoint(400, { error: "invalid_grant", error_description: "The auth token has either expired or does not exist" });
    const error = await refreshTokens(app, "acmeltd", "r1", fetchFn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrightpearlOAuthError);
    expect((error as BrightpearlOAuthError).reconnectNeeded).toBe(true);
    const html = fakeTokenEndpoint(502, "<html>bad gateway</html>");
    const outage = (await refreshTokens(app, "acmeltd", "r1", html.fetchFn).catch((e: unknown) => e)) as BrightpearlOAuthError;
    expect(outage.reconnectNeeded).toBe(false);
    expect(outage.error).toBe("unavailable");
  });

  it("refuses a token answer missing what the connector needs", async () => {
    const { fetchFn } = fakeTokenEndpoint(200, { access_token: "a", api_domain: "x.brightpearl.com", expires_in: 10 });
    await expect(exchangeCode(app, "acmeltd", "c", fetchFn)).rejects.toThrow(/refresh_token/);
  });

  it("sends tokens only to allowed Brightpearl hosts", () => {
    const allowed = ["*.brightpearlconnect.com", "*.brightpearl.com", "localhost:3001"];
    expect(isAllowedApiDomain("euw1.brightpearlconnect.com", allowed)).toBe(true);
    expect(isAllowedApiDomain("ws-use.brightpearl.com", allowed)).toBe(true);
    expect(isAllowedApiDomain("localhost:3001", allowed)).toBe(true);
    expect(isAllowedApiDomain("evilbrightpearl.com", allowed)).toBe(false);
    expect(isAllowedApiDomain("brightpearl.com.evil.io", allowed)).toBe(false);
    expect(isAllowedApiDomain("euw1.brightpearlconnect.com/../x", allowed)).toBe(false);
    expect(isAllowedApiDomain("localhost:3002", allowed)).toBe(false);
  });
});
