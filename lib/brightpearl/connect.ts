import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { BrightpearlClient } from "./client";
import { BrightpearlError } from "./errors";
import { SharedBudget } from "./shared-budget";
import type { OAuthApp } from "./oauth";
import { TenantTokens } from "./tokens";

/** The app's Brightpearl registration, from configuration. */
export function oauthApp(): OAuthApp {
  const e = env();
  return {
    oauthUrl: e.BRIGHTPEARL_OAUTH_URL,
    appRef: e.BRIGHTPEARL_APP_REF,
    clientSecret: e.BRIGHTPEARL_CLIENT_SECRET,
    redirectUri: `${e.APP_URL}/api/brightpearl/callback`,
  };
}

/** The token lifecycle of one tenant. */
export function tenantTokens(tenantId: string, options: { fetch?: typeof fetch } = {}): TenantTokens {
  return new TenantTokens(tenantId, { db: db(), app: oauthApp(), apiHosts: env().BRIGHTPEARL_API_HOSTS, fetch: options.fetch });
}

/** A Brightpearl client for one tenant, with its token lifecycle. */
export async function brightpearlFor(tenantId: string, options: { fetch?: typeof fetch } = {}): Promise<BrightpearlClient> {
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { accountCode: true, apiDomain: true, status: true } });
  if (!tenant?.apiDomain || tenant.status !== "ACTIVE") {
    throw new BrightpearlError("auth", "This Brightpearl account is not connected. Reconnect Brightpearl in Settings.");
  }
  const e = env();
  return new BrightpearlClient({
    accountCode: tenant.accountCode,
    apiDomain: tenant.apiDomain,
    appRef: e.BRIGHTPEARL_APP_REF,
    devRef: e.BRIGHTPEARL_DEV_REF,
    tokens: tenantTokens(tenantId, options),
    budget: new SharedBudget(db(), tenantId, { perMinute: e.BRIGHTPEARL_REQUESTS_PER_MINUTE }),
    timeoutMs: e.BRIGHTPEARL_TIMEOUT_MS,
    fetch: options.fetch,
  });
}
