// Brightpearl's OAuth2 authorization-code flow for instance apps: the authorize URL, the code
// exchange and the refresh. The token endpoint takes form-encoded bodies; Brightpearl warns that
// values with special characters fail intermittently unless every value is URL-encoded, which
// URLSearchParams does.
import { z } from "zod";
import { BrightpearlOAuthError } from "./errors";

export type OAuthApp = { oauthUrl: string; appRef: string; clientSecret: string; redirectUri: string };

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  // a string in recorded answers, an integer on orders; absent on refresh
  installation_instance_id: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String).optional(),
  api_domain: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().int().positive(),
});
export type TokenResponse = z.output<typeof tokenResponse>;

const errorResponse = z.object({ error: z.string(), error_description: z.string().optional() }).loose();

export function authorizeUrl(app: OAuthApp, accountCode: string, state: string): string {
  const url = new URL(`${app.oauthUrl}/authorize/${encodeURIComponent(accountCode)}`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", app.appRef);
  url.searchParams.set("redirect_uri", app.redirectUri);
  url.searchParams.set("state", state);
  return url.toString();
}

async function tokenRequest(app: OAuthApp, accountCode: string, params: Record<string, string>, fetchFn: typeof fetch): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetchFn(`${app.oauthUrl}/token/${encodeURIComponent(accountCode)}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({ ...params, client_id: app.appRef, client_secret: app.clientSecret }).toString(),
      signal: AbortSignal.timeout(20_000),
    });
  } catch {
    throw new BrightpearlOAuthError("unavailable", "Brightpearl's sign-in service could not be reached", undefined);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BrightpearlOAuthError(response.ok ? "malformed" : "unavailable", `unreadable answer (HTTP ${response.status})`, response.status);
  }
  if (!response.ok) {
    const error = errorResponse.safeParse(json);
    if (error.success) throw new BrightpearlOAuthError(error.data.error, error.data.error_description, response.status);
    throw new BrightpearlOAuthError(response.status >= 500 ? "unavailable" : "malformed", `HTTP ${response.status}`, response.status);
  }
  const parsed = tokenResponse.safeParse(json);
  if (!parsed.success) throw new BrightpearlOAuthError("malformed", `token response missing ${parsed.error.issues[0]?.path.join(".")}`, response.status);
  return parsed.data;
}

export function exchangeCode(app: OAuthApp, accountCode: string, code: string, fetchFn: typeof fetch = fetch): Promise<TokenResponse> {
  return tokenRequest(app, accountCode, { grant_type: "authorization_code", code, redirect_uri: app.redirectUri }, fetchFn);
}

export function refreshTokens(app: OAuthApp, accountCode: string, refreshToken: string, fetchFn: typeof fetch = fetch): Promise<TokenResponse> {
  return tokenRequest(app, accountCode, { grant_type: "refresh_token", refresh_token: refreshToken }, fetchFn);
}

/** Whether `apiDomain` is one of the allowed Brightpearl hosts (exact host:port, or *.domain). */
export function isAllowedApiDomain(apiDomain: string, patterns: string[]): boolean {
  const host = apiDomain.trim().toLowerCase();
  if (!/^[a-z0-9.-]+(:\d+)?$/.test(host)) return false;
  return patterns.some((p) => (p.startsWith("*.") ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p));
}
