import "server-only";
import { randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import type { Db } from "@/lib/db";
import type { Tenant } from "@/lib/generated/prisma/client";

// Secrets are bound to the account they belong to (AES-GCM additional data), so a ciphertext
// copied onto another tenant's row does not decrypt.
export const secretContext = (accountCode: string, field: "access_token" | "refresh_token" | "webhook_secret") => `brightpearl:${accountCode}:${field}`;

export type InstallInput = {
  accountCode: string;
  installationInstanceId: string;
  apiDomain: string;
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  now: Date;
};

export function tokenFields(accountCode: string, t: { accessToken: string; refreshToken: string; expiresInSeconds: number; now: Date }) {
  return {
    accessTokenEnc: encryptSecret(t.accessToken, secretContext(accountCode, "access_token")),
    refreshTokenEnc: encryptSecret(t.refreshToken, secretContext(accountCode, "refresh_token")),
    accessTokenIssuedAt: t.now,
    accessTokenExpiresAt: new Date(t.now.getTime() + t.expiresInSeconds * 1000),
  };
}

/**
 * Creates the tenant of a Brightpearl account, or — when the account installs again — reuses it
 * with its settings, mappings and history, and new tokens.
 */
export async function installTenant(db: Db, input: InstallInput): Promise<Tenant> {
  const tokens = tokenFields(input.accountCode, input);
  const connected = {
    apiDomain: input.apiDomain,
    installationInstanceId: input.installationInstanceId,
    ...tokens,
    tokenLeaseHolder: null,
    tokenLeaseUntil: null,
    status: "ACTIVE" as const,
    statusReason: null,
    statusChangedAt: input.now,
  };
  return db.tenant.upsert({
    where: { accountCode: input.accountCode },
    create: {
      accountCode: input.accountCode,
      webhookSecretEnc: encryptSecret(randomBytes(24).toString("base64url"), secretContext(input.accountCode, "webhook_secret")),
      ...connected,
    },
    update: connected,
  });
}

/**
 * Stops a tenant: its tokens are deleted (so nothing can call Brightpearl for it) and every
 * schedule skips it; settings, mappings and sync history stay for when it reconnects.
 */
export async function disconnectTenant(db: Db, tenantId: string, status: "DISCONNECTED" | "UNINSTALLED", reason: string, now = new Date()): Promise<void> {
  await db.tenant.update({
    where: { id: tenantId },
    data: {
      status,
      statusReason: reason,
      statusChangedAt: now,
      accessTokenEnc: null,
      refreshTokenEnc: null,
      accessTokenIssuedAt: null,
      accessTokenExpiresAt: null,
      tokenLeaseHolder: null,
      tokenLeaseUntil: null,
    },
  });
}

/** Tenants whose schedules run: connected ones only. */
export async function activeTenantIds(db: Db): Promise<string[]> {
  const rows = await db.tenant.findMany({ where: { status: "ACTIVE" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => r.id);
}

export function webhookSecretOf(tenant: Pick<Tenant, "accountCode" | "webhookSecretEnc">): string {
  if (!tenant.webhookSecretEnc) throw new Error(`tenant ${tenant.accountCode} has no webhook secret`);
  return decryptSecret(tenant.webhookSecretEnc, secretContext(tenant.accountCode, "webhook_secret"));
}
