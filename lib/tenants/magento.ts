import "server-only";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { MagentoClient } from "@/lib/magento/client";
import type { MagentoCredentials } from "@/lib/magento/signer";
import type { TenantDb } from "./scope";

const FIELDS = ["consumerKey", "consumerSecret", "accessToken", "accessTokenSecret"] as const;
type Field = (typeof FIELDS)[number];

const context = (tenantId: string, field: Field) => `magento:${tenantId}:${field}`;

export type CredentialHints = Record<Field, string>;

/** The last four characters of each credential: all the browser is ever shown after saving. */
export function credentialHints(credentials: MagentoCredentials): CredentialHints {
  return Object.fromEntries(FIELDS.map((f) => [f, credentials[f].slice(-4)])) as CredentialHints;
}

/** Stores a verified connection, the four credentials encrypted, replacing any earlier one. */
export async function saveMagentoConnection(
  scoped: TenantDb,
  tenantId: string,
  input: { baseUrl: string; storeCode: string; credentials: MagentoCredentials; verifiedAt: Date },
): Promise<void> {
  const encrypted = {
    consumerKeyEnc: encryptSecret(input.credentials.consumerKey, context(tenantId, "consumerKey")),
    consumerSecretEnc: encryptSecret(input.credentials.consumerSecret, context(tenantId, "consumerSecret")),
    accessTokenEnc: encryptSecret(input.credentials.accessToken, context(tenantId, "accessToken")),
    accessTokenSecretEnc: encryptSecret(input.credentials.accessTokenSecret, context(tenantId, "accessTokenSecret")),
  };
  const data = { baseUrl: input.baseUrl, storeCode: input.storeCode, ...encrypted, credentialHints: credentialHints(input.credentials), verifiedAt: input.verifiedAt };
  await scoped.magentoConnection.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
}

export type StoredConnection = { baseUrl: string; storeCode: string; credentials: MagentoCredentials; hints: CredentialHints; verifiedAt: Date | null };

export async function loadMagentoConnection(scoped: TenantDb, tenantId: string): Promise<StoredConnection | null> {
  const row = await scoped.magentoConnection.findUnique({ where: { tenantId } });
  if (!row) return null;
  return {
    baseUrl: row.baseUrl,
    storeCode: row.storeCode,
    credentials: {
      consumerKey: decryptSecret(row.consumerKeyEnc, context(tenantId, "consumerKey")),
      consumerSecret: decryptSecret(row.consumerSecretEnc, context(tenantId, "consumerSecret")),
      accessToken: decryptSecret(row.accessTokenEnc, context(tenantId, "accessToken")),
      accessTokenSecret: decryptSecret(row.accessTokenSecretEnc, context(tenantId, "accessTokenSecret")),
    },
    hints: row.credentialHints as CredentialHints,
    verifiedAt: row.verifiedAt,
  };
}

/** A Magento client for the tenant's saved connection, or null when there is none. */
export async function magentoFor(scoped: TenantDb, tenantId: string, options: { fetch?: typeof fetch } = {}): Promise<MagentoClient | null> {
  const connection = await loadMagentoConnection(scoped, tenantId);
  return connection ? new MagentoClient({ baseUrl: connection.baseUrl, storeCode: connection.storeCode, credentials: connection.credentials, fetch: options.fetch }) : null;
}
