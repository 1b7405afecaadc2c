import "server-only";
import { DecryptionError, decryptSecret, encryptSecret } from "@/lib/crypto";
import { env } from "@/lib/env";
import { fetchForMode } from "@/lib/magento/address-guard";
import { MagentoClient } from "@/lib/magento/client";
import {
  CREDENTIAL_FIELDS,
  CREDENTIAL_LABELS,
  fieldErrors,
  FORM_FIELDS,
  magentoConnectionForm,
  type CredentialFieldName,
  type FormField,
} from "@/lib/magento/connection-form";
import type { MagentoCredentials } from "@/lib/magento/signer";
import { verifyMagentoConnection, type Verified, type VerifyFailure, type VerifyProblem } from "@/lib/magento/verify";
import type { TenantDb } from "./scope";
import { enabledFlows, type FlowName } from "./settings";

type Field = CredentialFieldName;

const context = (tenantId: string, field: Field) => `magento:${tenantId}:${field}`;

export type CredentialHints = Record<Field, string>;

/** The last four characters of each credential: all the browser is ever shown after saving. */
export function credentialHints(credentials: MagentoCredentials): CredentialHints {
  return Object.fromEntries(CREDENTIAL_FIELDS.map((f) => [f, credentials[f].slice(-4)])) as CredentialHints;
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

export type ConnectionSummary = { baseUrl: string; storeCode: string; hints: CredentialHints; verifiedAt: Date | null };

/** What the page shows about a saved connection: nothing is decrypted. */
export async function magentoConnectionSummary(scoped: TenantDb, tenantId: string): Promise<ConnectionSummary | null> {
  const row = await scoped.magentoConnection.findUnique({ where: { tenantId }, select: { baseUrl: true, storeCode: true, credentialHints: true, verifiedAt: true } });
  return row ? { baseUrl: row.baseUrl, storeCode: row.storeCode, hints: row.credentialHints as CredentialHints, verifiedAt: row.verifiedAt } : null;
}

/** How the connector reaches stores in this deployment: production refuses non-public addresses. */
export type MagentoReach = { mode: "sandbox" | "production"; fetch: typeof fetch; timeoutMs: number; sandboxUrl?: string };

export function magentoReach(): MagentoReach {
  const e = env();
  return { mode: e.CONNECTOR_MODE, fetch: fetchForMode(e.CONNECTOR_MODE), timeoutMs: e.MAGENTO_TIMEOUT_MS, sandboxUrl: e.SANDBOX_MAGENTO_URL };
}

/** A Magento client for the tenant's saved connection, or null when there is none. */
export async function magentoFor(scoped: TenantDb, tenantId: string): Promise<MagentoClient | null> {
  const connection = await loadMagentoConnection(scoped, tenantId);
  if (!connection) return null;
  return new MagentoClient({
    baseUrl: connection.baseUrl,
    storeCode: connection.storeCode,
    credentials: connection.credentials,
    fetch: fetchForMode(env().CONNECTOR_MODE),
    timeoutMs: env().MAGENTO_TIMEOUT_MS,
  });
}

export type ConnectFailure = {
  ok: false;
  problem: VerifyProblem | "invalid-form";
  /** one message per field the failure points at */
  fieldErrors: Partial<Record<FormField, string>>;
  /** a failure that belongs to no single field */
  alert?: string;
};

export type ConnectResult = { ok: true; verified: Verified; baseUrl: string; storeCode: string; keptCredentials: Field[] } | ConnectFailure;

function failureOf(result: VerifyFailure): ConnectFailure {
  return result.field
    ? { ok: false, problem: result.problem, fieldErrors: { [result.field]: result.message } }
    : { ok: false, problem: result.problem, fieldErrors: {}, alert: result.message };
}

async function savedOrNull(scoped: TenantDb, tenantId: string): Promise<StoredConnection | null> {
  try {
    return await loadMagentoConnection(scoped, tenantId);
  } catch (error) {
    // A connection saved under a key that is no longer configured can only be replaced in full.
    if (error instanceof DecryptionError) return null;
    throw error;
  }
}

/**
 * Parses what the merchant submitted, verifies it live against the store and, only when that
 * passes, saves it (replacing any earlier connection). When replacing, a credential left empty
 * keeps the saved one — but only for the same store address, so saved credentials are never sent
 * to an address they were not verified with.
 */
export async function connectMagentoStore(
  scoped: TenantDb,
  tenantId: string,
  submitted: Partial<Record<FormField, string>>,
  options: MagentoReach & { flows?: ReadonlySet<FlowName>; now?: () => Date },
): Promise<ConnectResult> {
  const form = magentoConnectionForm(options.mode, { sandboxUrl: options.sandboxUrl });
  const values = Object.fromEntries(FORM_FIELDS.map((f) => [f, submitted[f] ?? ""])) as Record<FormField, string>;
  const blanks = CREDENTIAL_FIELDS.filter((f) => values[f].trim() === "");
  const kept: Field[] = [];
  const notReusable: Partial<Record<FormField, string>> = {};
  if (blanks.length) {
    const saved = await savedOrNull(scoped, tenantId);
    const base = form.shape.baseUrl.safeParse(values.baseUrl);
    for (const f of blanks) {
      if (!saved) continue;
      if (base.success && base.data === saved.baseUrl) {
        values[f] = saved.credentials[f];
        kept.push(f);
      } else if (base.success) {
        notReusable[f] = `Paste the ${CREDENTIAL_LABELS[f]} again: saved credentials are only reused for the store address they were checked with (${saved.baseUrl}).`;
      }
    }
  }
  const parsed = form.safeParse(values);
  if (!parsed.success) return { ok: false, problem: "invalid-form", fieldErrors: { ...fieldErrors(parsed.error), ...notReusable } };

  const { baseUrl, storeCode, ...credentials } = parsed.data;
  const flows = options.flows ?? (await enabledFlows(scoped));
  const result = await verifyMagentoConnection({ baseUrl, storeCode, credentials }, flows, { fetch: options.fetch, timeoutMs: options.timeoutMs });
  if (!result.ok) return failureOf(result);
  await saveMagentoConnection(scoped, tenantId, { baseUrl, storeCode, credentials, verifiedAt: (options.now ?? (() => new Date()))() });
  return { ok: true, verified: result, baseUrl, storeCode, keptCredentials: kept };
}

export type CheckResult = Verified | VerifyFailure;

/** Verifies the saved connection as it is now; changes nothing. Null when there is none. */
export async function checkSavedConnection(
  scoped: TenantDb,
  tenantId: string,
  options: MagentoReach & { flows?: ReadonlySet<FlowName> },
): Promise<CheckResult | null> {
  const saved = await loadMagentoConnection(scoped, tenantId);
  if (!saved) return null;
  const flows = options.flows ?? (await enabledFlows(scoped));
  return verifyMagentoConnection({ baseUrl: saved.baseUrl, storeCode: saved.storeCode, credentials: saved.credentials }, flows, { fetch: options.fetch, timeoutMs: options.timeoutMs });
}

/** "Check again": verifies the saved connection and, when it still works, records when. */
export async function recheckMagentoConnection(
  scoped: TenantDb,
  tenantId: string,
  options: MagentoReach & { flows?: ReadonlySet<FlowName>; now?: () => Date },
): Promise<CheckResult | null> {
  const result = await checkSavedConnection(scoped, tenantId, options);
  if (result?.ok) await scoped.magentoConnection.update({ where: { tenantId }, data: { verifiedAt: (options.now ?? (() => new Date()))() } });
  return result;
}
