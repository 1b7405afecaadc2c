import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db";
import type { Tenant } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { installTenant } from "@/lib/tenants/tenants";
import { BrightpearlOAuthError } from "./errors";
import { authorizeUrl, exchangeCode, isAllowedApiDomain, type OAuthApp } from "./oauth";

export const STATE_TTL_MS = 10 * 60_000;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** Brightpearl account codes are short lower-case identifiers (the first part of the account's URL). */
export function normaliseAccountCode(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const code = raw.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9_-]{1,63}$/.test(code) ? code : undefined;
}

export type StartedInstall = { authorizeUrl: string; browserNonce: string };

/**
 * Begins the authorization: a single-use state, valid for ten minutes, bound to this browser by a
 * random value the caller puts in a cookie (only hashes are stored).
 */
export async function startInstall(db: Db, app: OAuthApp, accountCode: string, now = new Date()): Promise<StartedInstall> {
  const state = randomBytes(24).toString("base64url");
  const browserNonce = randomBytes(24).toString("base64url");
  await db.oAuthState.create({
    data: { stateHash: sha256(state), accountCode, browserHash: sha256(browserNonce), expiresAt: new Date(now.getTime() + STATE_TTL_MS) },
  });
  // Expired states are only clutter; clear them as we go.
  await db.oAuthState.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - STATE_TTL_MS) } } });
  return { authorizeUrl: authorizeUrl(app, accountCode, state), browserNonce };
}

export type InstallProblem =
  | "denied"
  | "state-missing"
  | "state-unknown"
  | "state-used"
  | "state-expired"
  | "state-foreign"
  | "code-missing"
  | "code-refused"
  | "api-domain-refused"
  | "brightpearl-unavailable";

export type InstallResult = { ok: true; tenant: Tenant } | { ok: false; problem: InstallProblem; accountCode?: string };

export type CallbackInput = { state?: string | null; code?: string | null; error?: string | null; browserNonce?: string | null };

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Finishes the authorization from Brightpearl's redirect. Nothing about the tenant is stored
 * unless the state is valid, unused, unexpired and this browser's, and Brightpearl issued tokens
 * for an allowed API host.
 */
export async function completeInstall(
  db: Db,
  app: OAuthApp,
  apiHosts: string[],
  input: CallbackInput,
  options: { now?: Date; fetch?: typeof fetch } = {},
): Promise<InstallResult> {
  const now = options.now ?? new Date();
  if (!input.state) return { ok: false, problem: "state-missing" };
  const record = await db.oAuthState.findUnique({ where: { stateHash: sha256(input.state) } });
  if (!record) return { ok: false, problem: "state-unknown" };
  const accountCode = record.accountCode;
  if (record.usedAt) return { ok: false, problem: "state-used", accountCode };
  if (record.expiresAt <= now) return { ok: false, problem: "state-expired", accountCode };
  if (!input.browserNonce || !sameHash(sha256(input.browserNonce), record.browserHash)) return { ok: false, problem: "state-foreign", accountCode };

  // Claim the state; of two concurrent callbacks with it, only one gets here.
  const claimed = await db.oAuthState.updateMany({ where: { stateHash: record.stateHash, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) return { ok: false, problem: "state-used", accountCode };

  if (input.error) return { ok: false, problem: "denied", accountCode };
  if (!input.code) return { ok: false, problem: "code-missing", accountCode };

  let tokens;
  try {
    tokens = await exchangeCode(app, accountCode, input.code, options.fetch);
  } catch (error) {
    log.warn("brightpearl code exchange failed", { accountCode, err: error });
    const refused = error instanceof BrightpearlOAuthError && error.status !== undefined && error.status < 500 && error.error !== "malformed";
    return { ok: false, problem: refused ? "code-refused" : "brightpearl-unavailable", accountCode };
  }
  if (!isAllowedApiDomain(tokens.api_domain, apiHosts)) {
    log.error("brightpearl token answer named a host outside the allow-list", { accountCode, apiDomain: tokens.api_domain });
    return { ok: false, problem: "api-domain-refused", accountCode };
  }
  if (!tokens.installation_instance_id) {
    log.error("brightpearl token answer had no installation_instance_id", { accountCode });
    return { ok: false, problem: "brightpearl-unavailable", accountCode };
  }
  const tenant = await installTenant(db, {
    accountCode,
    installationInstanceId: tokens.installation_instance_id,
    apiDomain: tokens.api_domain,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresInSeconds: tokens.expires_in,
    now,
  });
  log.info("brightpearl account connected", { tenantId: tenant.id, accountCode });
  return { ok: true, tenant };
}
