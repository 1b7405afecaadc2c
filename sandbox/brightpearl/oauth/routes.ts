// The OAuth 2.0 endpoints of an instance app: GET /authorize/{account} (consent page), POST
// /authorize/{account} (the merchant's decision), POST /token/{account} (code exchange, refresh).
// Error bodies are the recorded ones; those not seen in recordings are marked UNVERIFIED.
import { Hono, type Context } from "hono";
import type { SandboxContext } from "../context";
import { consentPage, errorPage } from "./pages";
import { activeInstallation, installFor, issueCode, newToken, pruneExpired, pruneStaleTokens, type OAuthState } from "./oauth-state";

const CODE_GONE = "The auth token has either expired or does not exist";
const REDIRECT_MISMATCH = "Redirect uri does not match that used to request auth token";
// UNVERIFIED: the refresh-failure description; the error code invalid_grant is what clients key on.
const REFRESH_GONE = "The refresh token has either expired or does not exist";

type AuthorizeParams = { responseType: string; clientId: string; redirectUri: string; state: string | undefined };

function readAuthorizeParams(get: (name: string) => string | undefined): AuthorizeParams {
  return {
    responseType: get("response_type") ?? "",
    clientId: get("client_id") ?? "",
    redirectUri: get("redirect_uri") ?? "",
    state: get("state"),
  };
}

function withParams(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** Problems that must not redirect (unknown account, app or redirect URI): an error page instead. */
function consentProblem(ctx: SandboxContext, account: string, p: AuthorizeParams): [number, string, string] | undefined {
  if (!ctx.accounts.has(account)) return [404, "Account not found", `There is no Brightpearl account "${account}". Check the account code and try again.`];
  if (p.clientId !== ctx.config.app.appRef) return [400, "Unknown app", `No app with the reference "${p.clientId}" is available to this account.`];
  if (!ctx.config.app.redirectUris.includes(p.redirectUri))
    return [400, "Invalid redirect URI", "The redirect_uri is not one registered for this app."];
  return undefined;
}

export function oauthRoutes(ctx: SandboxContext): Hono {
  const app = new Hono();

  app.get("/authorize/:account", (c) => {
    const account = c.req.param("account");
    const p = readAuthorizeParams((n) => c.req.query(n));
    const problem = consentProblem(ctx, account, p);
    if (problem) return c.html(errorPage(problem[1], problem[2]), problem[0] as 400);
    if (p.responseType !== "code") return c.redirect(withParams(p.redirectUri, { error: "unsupported_response_type", state: p.state }), 302);
    return c.html(consentPage({ account, appName: ctx.config.app.name, clientId: p.clientId, redirectUri: p.redirectUri, state: p.state, responseType: p.responseType }));
  });

  app.post("/authorize/:account", async (c) => {
    const account = c.req.param("account");
    const form = new URLSearchParams(await c.req.text());
    const p = readAuthorizeParams((n) => form.get(n) ?? undefined);
    const problem = consentProblem(ctx, account, p);
    if (problem) return c.html(errorPage(problem[1], problem[2]), problem[0] as 400);
    const decision = form.get("decision");
    // UNVERIFIED: Deny redirects back with the standard OAuth error=access_denied and the state.
    if (decision !== "approve") return c.redirect(withParams(p.redirectUri, { error: "access_denied", state: p.state }), 302);
    const code = approve(ctx, account, p.clientId, p.redirectUri);
    return c.redirect(withParams(p.redirectUri, { code, state: p.state }), 302);
  });

  app.post("/token/:account", async (c) => {
    const account = c.req.param("account");
    const type = c.req.header("content-type") ?? "";
    // UNVERIFIED: a non-form body is refused as invalid_request (the endpoint is documented as form-encoded).
    if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded")) return tokenError(c, "invalid_request", "The request body must be application/x-www-form-urlencoded");
    // URLSearchParams decodes "+" as a space, like any form parser: unencoded tokens fail, as they do for real.
    const form = new URLSearchParams(await c.req.text());
    const grant = form.get("grant_type");
    pruneExpired(ctx.oauth, ctx.now());
    pruneStaleTokens(ctx.oauth, ctx.now());
    if (grant === "authorization_code") return exchangeCode(c, ctx, account, form);
    if (grant === "refresh_token") return refresh(c, ctx, account, form);
    // UNVERIFIED: body for an unknown or missing grant type (standard OAuth error code).
    return tokenError(c, grant ? "unsupported_grant_type" : "invalid_request");
  });

  return app;
}

/** The merchant approved: install the app (or reuse the live installation) and issue a code. */
export function approve(ctx: SandboxContext, account: string, clientId: string, redirectUri: string): string {
  const now = ctx.now();
  const installation = installFor(ctx.oauth, account, ctx.config.app.appRef, now);
  const code = issueCode(ctx.oauth, { account, installationId: installation.id, clientId, redirectUri, expiresAt: now + ctx.config.codeLifetimeSeconds * 1000 });
  ctx.changed();
  return code;
}

function tokenError(c: Context, error: string, description?: string) {
  return c.json(description ? { error, error_description: description } : { error }, 400);
}

function apiDomain(ctx: SandboxContext, c: Context): string {
  if (ctx.config.publicUrl) return new URL(ctx.config.publicUrl).host;
  return c.req.header("host") ?? new URL(c.req.url).host;
}

function clientOk(ctx: SandboxContext, form: URLSearchParams, secretRequired: boolean): boolean {
  if (form.get("client_id") !== ctx.config.app.appRef) return false;
  const secret = form.get("client_secret");
  if (secret === null) return !secretRequired;
  return secret === ctx.config.app.clientSecret;
}

function mint(ctx: SandboxContext, state: OAuthState, account: string, installationId: number) {
  const now = ctx.now();
  const accessToken = newToken();
  const refreshToken = newToken();
  const lifetime = ctx.config.tokenLifetimeSeconds;
  state.accessTokens[accessToken] = { account, installationId, appRef: ctx.config.app.appRef, expiresAt: now + lifetime * 1000 };
  state.refreshTokens[refreshToken] = { account, installationId, appRef: ctx.config.app.appRef, accessToken };
  ctx.changed();
  return { accessToken, refreshToken, expiresIn: lifetime };
}

function exchangeCode(c: Context, ctx: SandboxContext, account: string, form: URLSearchParams) {
  // The app is a confidential client: the code exchange needs its secret.
  if (!clientOk(ctx, form, true)) return tokenError(c, "invalid_client");
  const value = form.get("code") ?? "";
  const code = ctx.oauth.codes[value];
  const installation = code ? ctx.oauth.installations[code.installationId] : undefined;
  if (!code || code.account !== account || code.expiresAt < ctx.now() || !installation?.active) {
    return tokenError(c, "invalid_grant", CODE_GONE);
  }
  if (form.get("redirect_uri") !== code.redirectUri) return tokenError(c, "invalid_grant", REDIRECT_MISMATCH);
  // Single use: gone whether or not the rest succeeds.
  delete ctx.oauth.codes[value];
  const t = mint(ctx, ctx.oauth, account, installation.id);
  return c.json({
    access_token: t.accessToken,
    refresh_token: t.refreshToken,
    installation_instance_id: String(installation.id),
    api_domain: apiDomain(ctx, c),
    token_type: "Bearer",
    expires_in: t.expiresIn,
  });
}

function refresh(c: Context, ctx: SandboxContext, account: string, form: URLSearchParams) {
  // Recorded refreshes succeeded without client_secret; a wrong one is still refused.
  if (!clientOk(ctx, form, false)) return tokenError(c, "invalid_client");
  const value = form.get("refresh_token") ?? "";
  const record = ctx.oauth.refreshTokens[value];
  const installation = record ? ctx.oauth.installations[record.installationId] : undefined;
  if (!record || record.account !== account || !installation?.active) return tokenError(c, "invalid_grant", REFRESH_GONE);
  // Rotation: the presented refresh token is spent; the response carries its successor.
  delete ctx.oauth.refreshTokens[value];
  const now = ctx.now();
  const current = ctx.oauth.accessTokens[record.accessToken];
  const newRefresh = newToken();
  let accessToken: string;
  let expiresIn: number;
  if (ctx.config.refreshKeepsLiveAccessToken && current && current.expiresAt > now) {
    accessToken = record.accessToken;
    expiresIn = Math.floor((current.expiresAt - now) / 1000);
  } else {
    accessToken = newToken();
    expiresIn = ctx.config.tokenLifetimeSeconds;
    ctx.oauth.accessTokens[accessToken] = { account, installationId: installation.id, appRef: record.appRef, expiresAt: now + expiresIn * 1000 };
  }
  ctx.oauth.refreshTokens[newRefresh] = { account, installationId: installation.id, appRef: record.appRef, accessToken };
  ctx.changed();
  // Recorded: a refresh response has no installation_instance_id.
  return c.json({ access_token: accessToken, refresh_token: newRefresh, api_domain: apiDomain(ctx, c), token_type: "Bearer", expires_in: expiresIn });
}

export { activeInstallation };
