import "server-only";
import { randomUUID } from "node:crypto";
import { decryptSecret } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import { disconnectTenant, secretContext, tokenFields } from "@/lib/tenants/tenants";
import type { TokenSource } from "./client";
import { BrightpearlError, BrightpearlOAuthError } from "./errors";
import { isAllowedApiDomain, refreshTokens, type OAuthApp } from "./oauth";

// Tokens are refreshed when less than this share of their lifetime is left (Brightpearl's last 7
// days; refreshed ones sometimes less), or when Brightpearl refuses one with a 401.
const REFRESH_WHEN_REMAINING = 0.2;
const MIN_REMAINING_MS = 5 * 60_000;
const LEASE_MS = 30_000;
const WAIT_FOR_OTHER_REFRESH_MS = 35_000;
const POLL_MS = 150;

const processId = randomUUID();
// In-process single flight: concurrent callers in one process share one refresh.
const inFlight = new Map<string, Promise<string>>();

export type TokenDeps = {
  db: Db;
  app: OAuthApp;
  /** hosts a token answer's api_domain may name (see isAllowedApiDomain) */
  apiHosts: string[];
  fetch?: typeof fetch;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
};

type TokenRow = {
  accountCode: string;
  status: string;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  accessTokenIssuedAt: Date | null;
  accessTokenExpiresAt: Date | null;
};

function needsRefresh(row: TokenRow, now: Date): boolean {
  if (!row.accessTokenExpiresAt) return true;
  const remaining = row.accessTokenExpiresAt.getTime() - now.getTime();
  const lifetime = row.accessTokenIssuedAt ? row.accessTokenExpiresAt.getTime() - row.accessTokenIssuedAt.getTime() : 0;
  return remaining < Math.max(MIN_REMAINING_MS, lifetime * REFRESH_WHEN_REMAINING);
}

function disconnected(accountCode: string): BrightpearlError {
  return new BrightpearlError("auth", `The connection to Brightpearl account ${accountCode} has ended. Reconnect Brightpearl in Settings.`);
}

/**
 * The access token of one tenant, refreshed ahead of expiry and once after a 401 — by a single
 * caller across all processes (a lease on the tenant row), the others wait for its result. Every
 * refresh saves the refresh token Brightpearl returns. A refresh refused with invalid_grant means
 * the installation is gone: the tenant is marked disconnected.
 */
export class TenantTokens implements TokenSource {
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly tenantId: string,
    private readonly deps: TokenDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async accessToken(): Promise<string> {
    const row = await this.read();
    if (!needsRefresh(row, this.now())) return this.decryptAccess(row);
    return this.refresh(undefined);
  }

  async refreshAfterRejection(rejected: string): Promise<string> {
    return this.refresh(rejected);
  }

  private async read(): Promise<TokenRow> {
    const row = await this.deps.db.tenant.findUnique({
      where: { id: this.tenantId },
      select: { accountCode: true, status: true, accessTokenEnc: true, refreshTokenEnc: true, accessTokenIssuedAt: true, accessTokenExpiresAt: true },
    });
    if (!row) throw new BrightpearlError("auth", "This Brightpearl connection no longer exists.");
    if (row.status !== "ACTIVE" || !row.accessTokenEnc || !row.refreshTokenEnc) throw disconnected(row.accountCode);
    return row;
  }

  private decryptAccess(row: TokenRow): string {
    return decryptSecret(row.accessTokenEnc!, secretContext(row.accountCode, "access_token"));
  }

  /** `rejected`: the token Brightpearl refused, if any; without it, refresh only if still due. */
  private refresh(rejected: string | undefined): Promise<string> {
    const key = `${this.tenantId}:${rejected ?? ""}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = this.refreshAcrossProcesses(rejected).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  private async refreshAcrossProcesses(rejected: string | undefined): Promise<string> {
    const deadline = Date.now() + WAIT_FOR_OTHER_REFRESH_MS;
    for (;;) {
      const row = await this.read();
      const current = this.decryptAccess(row);
      // Someone else refreshed since the caller looked: use their token.
      if (rejected ? current !== rejected : !needsRefresh(row, this.now())) return current;

      const holder = `${processId}:${randomUUID()}`;
      const now = this.now();
      const lease = await this.deps.db.tenant.updateMany({
        where: { id: this.tenantId, OR: [{ tokenLeaseUntil: null }, { tokenLeaseUntil: { lt: now } }] },
        data: { tokenLeaseHolder: holder, tokenLeaseUntil: new Date(now.getTime() + LEASE_MS) },
      });
      if (lease.count === 1) return this.refreshHoldingLease(holder, rejected);

      if (Date.now() > deadline) throw new BrightpearlError("unavailable", "Refreshing the Brightpearl authorization is taking too long; the connector retries automatically.");
      await this.sleep(POLL_MS);
    }
  }

  private async refreshHoldingLease(holder: string, rejected: string | undefined): Promise<string> {
    const release = { tokenLeaseHolder: null, tokenLeaseUntil: null };
    try {
      // Re-check under the lease: a refresh may have finished between our read and the lease.
      const row = await this.read();
      const current = this.decryptAccess(row);
      if (rejected ? current !== rejected : !needsRefresh(row, this.now())) {
        await this.deps.db.tenant.updateMany({ where: { id: this.tenantId, tokenLeaseHolder: holder }, data: release });
        return current;
      }
      const refreshToken = decryptSecret(row.refreshTokenEnc!, secretContext(row.accountCode, "refresh_token"));
      const fresh = await refreshTokens(this.deps.app, row.accountCode, refreshToken, this.deps.fetch);
      const now = this.now();
      // Brightpearl moves accounts between datacentres: every token answer's api_domain is
      // authoritative — but tokens are only ever sent to allowed hosts.
      const movedTo = isAllowedApiDomain(fresh.api_domain, this.deps.apiHosts) ? fresh.api_domain : undefined;
      if (!movedTo) log.error("brightpearl token answer named a host outside the allow-list; keeping the previous one", { tenantId: this.tenantId, apiDomain: fresh.api_domain });
      await this.deps.db.tenant.updateMany({
        where: { id: this.tenantId, tokenLeaseHolder: holder },
        data: {
          ...tokenFields(row.accountCode, { accessToken: fresh.access_token, refreshToken: fresh.refresh_token, expiresInSeconds: fresh.expires_in, now }),
          ...(movedTo ? { apiDomain: movedTo } : {}),
          ...release,
        },
      });
      log.info("brightpearl token refreshed", { tenantId: this.tenantId, expiresIn: fresh.expires_in });
      return fresh.access_token;
    } catch (error) {
      if (error instanceof BrightpearlOAuthError && error.reconnectNeeded) {
        await disconnectTenant(this.deps.db, this.tenantId, "DISCONNECTED", "Brightpearl refused to renew the connector's authorization (the app may have been turned off).");
        log.warn("brightpearl refresh refused; tenant disconnected", { tenantId: this.tenantId, err: error });
        throw new BrightpearlError("auth", "Brightpearl refused to renew the connector's authorization. Reconnect Brightpearl in Settings.");
      }
      await this.deps.db.tenant.updateMany({ where: { id: this.tenantId, tokenLeaseHolder: holder }, data: release }).catch(() => undefined);
      if (error instanceof BrightpearlOAuthError) {
        throw new BrightpearlError("unavailable", "Brightpearl's sign-in service did not renew the authorization; the connector retries automatically.");
      }
      throw error;
    }
  }
}
