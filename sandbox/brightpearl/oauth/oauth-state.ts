// Installations of the app in accounts, authorization codes and tokens. An installation is what
// approving the app creates; turning the app off (revoke) kills its tokens, and approving again
// creates a new installation with a new installation_instance_id.
import { randomBytes } from "node:crypto";

export type Installation = { id: number; account: string; appRef: string; active: boolean; createdOn: number; revokedOn: number | null };
export type AuthorizationCode = { account: string; installationId: number; clientId: string; redirectUri: string; expiresAt: number };
export type AccessToken = { account: string; installationId: number; appRef: string; expiresAt: number };
export type RefreshToken = { account: string; installationId: number; appRef: string; accessToken: string };

export type OAuthState = {
  installations: Record<string, Installation>;
  codes: Record<string, AuthorizationCode>;
  accessTokens: Record<string, AccessToken>;
  refreshTokens: Record<string, RefreshToken>;
  nextInstallationId: number;
};

export function emptyOAuthState(): OAuthState {
  return { installations: {}, codes: {}, accessTokens: {}, refreshTokens: {}, nextInstallationId: 1 };
}

/** Tokens look like Brightpearl's: base64 with "+", "/" and "=", so clients must URL-encode them. */
export function newToken(): string {
  let token = randomBytes(33).toString("base64");
  // Every token carries a "+", which an unencoded form body turns into a space.
  if (!token.includes("+")) token = `${token.slice(0, -1)}+`;
  return `${token}=`;
}

export function activeInstallation(state: OAuthState, account: string, appRef: string): Installation | undefined {
  return Object.values(state.installations).find((i) => i.account === account && i.appRef === appRef && i.active);
}

export function installFor(state: OAuthState, account: string, appRef: string, now: number): Installation {
  const existing = activeInstallation(state, account, appRef);
  if (existing) return existing;
  const installation: Installation = { id: state.nextInstallationId++, account, appRef, active: true, createdOn: now, revokedOn: null };
  state.installations[installation.id] = installation;
  return installation;
}

/** Turns the app off in an account: its tokens stop working and refreshes fail with invalid_grant. */
export function revokeInstallations(state: OAuthState, account: string, now: number, installationId?: number): number[] {
  const revoked: number[] = [];
  for (const inst of Object.values(state.installations)) {
    if (inst.account !== account || !inst.active) continue;
    if (installationId !== undefined && inst.id !== installationId) continue;
    inst.active = false;
    inst.revokedOn = now;
    revoked.push(inst.id);
  }
  for (const [token, t] of Object.entries(state.accessTokens)) if (revoked.includes(t.installationId)) delete state.accessTokens[token];
  for (const [token, t] of Object.entries(state.refreshTokens)) if (revoked.includes(t.installationId)) delete state.refreshTokens[token];
  for (const [code, c] of Object.entries(state.codes)) if (revoked.includes(c.installationId)) delete state.codes[code];
  return revoked;
}

/** Makes access tokens expire now (all, or one account's) so clients meet the "expired" 401. */
export function expireAccessTokens(state: OAuthState, now: number, account?: string): number {
  let n = 0;
  for (const t of Object.values(state.accessTokens)) {
    if (account !== undefined && t.account !== account) continue;
    t.expiresAt = Math.min(t.expiresAt, now - 1);
    n++;
  }
  return n;
}

export function issueCode(state: OAuthState, code: AuthorizationCode): string {
  const value = randomBytes(24).toString("base64url");
  state.codes[value] = code;
  return value;
}

export function pruneExpired(state: OAuthState, now: number): void {
  for (const [code, c] of Object.entries(state.codes)) if (c.expiresAt < now) delete state.codes[code];
}

const KEEP_EXPIRED_MS = 30 * 24 * 3600_000;

/** Forgets expired tokens long past expiry; recently expired ones still answer "expired". */
export function pruneStaleTokens(state: OAuthState, now: number): void {
  for (const [token, t] of Object.entries(state.accessTokens)) if (t.expiresAt + KEEP_EXPIRED_MS < now) delete state.accessTokens[token];
}
