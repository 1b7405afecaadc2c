// Verifies a Magento connection live before anything is saved, and turns every way it can fail
// into a message that tells the merchant what to fix and where.
import { z } from "zod";
import { MagentoClient } from "./client";
import { MagentoError } from "./errors";
import { probeResource, RESOURCE_CHECKS, type FlowName, type ResourceCheck } from "./resources";
import type { MagentoCredentials } from "./signer";

export type ConnectionInput = { baseUrl: string; storeCode: string; credentials: MagentoCredentials };

export type CredentialField = "baseUrl" | "storeCode" | "consumerKey" | "consumerSecret" | "accessToken" | "accessTokenSecret";

export type VerifyProblem =
  | "unreachable"
  | "tls"
  | "timeout"
  | "not-magento"
  | "store-code"
  | "consumer-unknown"
  | "signature-invalid"
  | "token-unknown"
  | "token-revoked"
  | "resource-denied"
  | "sha1-only"
  | "clock"
  | "magento-error";

export type StoreView = { id: number; code: string; name: string; websiteId: number };

export type Verified = {
  ok: true;
  storeViews: StoreView[];
  /** Multi-Source Inventory modules present */
  msi: boolean;
  /** resources not granted that only flows the merchant has not switched on need */
  missingOptional: { resource: string; purpose: string; flows: FlowName[] }[];
};

export type VerifyFailure = { ok: false; problem: VerifyProblem; field?: CredentialField; message: string; resource?: string };

const storeViews = z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), website_id: z.number() }).loose());

const host = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

function explain(error: unknown, input: ConnectionInput, check?: ResourceCheck): VerifyFailure {
  if (!(error instanceof MagentoError)) throw error;
  const h = host(input.baseUrl);
  switch (error.reason) {
    case "dns":
    case "connection-refused":
      return { ok: false, problem: "unreachable", field: "baseUrl", message: `Nothing answered at ${h}. Check the store address: it is the one your customers use, e.g. https://shop.example.com.` };
    case "tls":
      return { ok: false, problem: "tls", field: "baseUrl", message: `${h} answered, but its HTTPS certificate could not be verified (expired, self-signed or for another name). Fix the certificate, or use the address the certificate is issued for.` };
    case "timeout":
      return { ok: false, problem: "timeout", field: "baseUrl", message: `${h} did not answer within 15 seconds. The store may be down or very slow; try again, and check the address.` };
    case "not-magento":
    case "malformed":
      return { ok: false, problem: "not-magento", field: "baseUrl", message: `${h} answered, but not like a Magento 2 store's REST API. Use the store's base address (e.g. https://shop.example.com), without /admin or /rest.` };
    case "consumer-unknown":
      return { ok: false, problem: "consumer-unknown", field: "consumerKey", message: "Magento does not recognise this Consumer Key. Copy it again from System › Extensions › Integrations › your integration › Integration Details." };
    case "signature-invalid":
      return {
        ok: false,
        problem: "signature-invalid",
        field: "consumerSecret",
        message: "Magento rejected the signature. A secret is probably in the wrong field — the Consumer Secret and the Access Token Secret are easy to swap — or has a stray character. Copy both again.",
      };
    case "token-unknown":
      return { ok: false, problem: "token-unknown", field: "accessToken", message: "Magento does not recognise this Access Token for this Consumer Key. If you re-authorized the integration, copy its new Access Token and Access Token Secret." };
    case "token-revoked":
      return { ok: false, problem: "token-revoked", field: "accessToken", message: "This Access Token has been revoked in Magento. Re-authorize the integration (Activate) and paste the new Access Token and Access Token Secret." };
    case "unauthorized":
      return { ok: false, problem: "token-unknown", field: "accessToken", message: `Magento refused the credentials: ${error.message}` };
    case "resource-denied": {
      const resource = resourceFrom(error) ?? check?.resource ?? "an API resource";
      const purpose = RESOURCE_CHECKS.find((c) => c.resource === resource)?.purpose ?? check?.purpose ?? "do its work";
      return {
        ok: false,
        problem: "resource-denied",
        resource,
        message: `The integration is not allowed to ${purpose} (Magento resource ${resource}). In Magento, edit the integration, tick it on the API tab (or choose Resource Access: All), save, then re-authorize and paste the new tokens. An integration that is not active gives this answer too.`,
      };
    }
    case "signature-method-unsupported":
      return {
        ok: false,
        problem: "sha1-only",
        message: "This Magento accepts only the old HMAC-SHA1 signatures, so it is older than 2.4.4. The connector signs with HMAC-SHA256, which Magento 2.4.4 and later require; please upgrade Magento (2.4.3 and older no longer receive security fixes).",
      };
    case "timestamp-refused":
      return { ok: false, problem: "clock", message: "Magento refused the request time. The store server's clock may be wrong; ask your host to enable time synchronisation." };
    default:
      return { ok: false, problem: "magento-error", message: `Magento answered with an error: ${error.message}` };
  }
}

function resourceFrom(error: MagentoError): string | undefined {
  const p = error.options.parameters as { resources?: unknown } | undefined;
  return typeof p?.resources === "string" ? p.resources : undefined;
}

/**
 * Calls the store as the connector will: a cheap read, then a probe for every resource. Resources
 * needed by `enabledFlows` must be granted; the others are reported so the merchant can grant them
 * before switching those flows on.
 */
export async function verifyMagentoConnection(
  input: ConnectionInput,
  enabledFlows: ReadonlySet<FlowName>,
  options: { fetch?: typeof fetch; timeoutMs?: number } = {},
): Promise<Verified | VerifyFailure> {
  const client = new MagentoClient({ ...input, fetch: options.fetch, timeoutMs: options.timeoutMs ?? 15_000 });
  let views: StoreView[];
  try {
    views = (await client.get("/V1/store/storeViews", storeViews)).map((v) => ({ id: v.id, code: v.code, name: v.name, websiteId: v.website_id }));
  } catch (error) {
    // An unknown store code is read as part of the route: Magento answers "no route". Ask the
    // default store view for the list of codes to say which ones exist.
    if (error instanceof MagentoError && error.reason === "no-route" && input.storeCode !== "default") {
      const fallback = new MagentoClient({ ...input, storeCode: "default", fetch: options.fetch, timeoutMs: options.timeoutMs ?? 15_000 });
      const known = await fallback.get("/V1/store/storeViews", storeViews).catch(() => undefined);
      if (known) {
        const codes = known.filter((v) => v.id !== 0).map((v) => v.code);
        return { ok: false, problem: "store-code", field: "storeCode", message: `This Magento has no store view with the code "${input.storeCode}". Its store views are: ${codes.join(", ")}.` };
      }
    }
    return explain(error, input);
  }
  if (!views.some((v) => v.code === input.storeCode) && input.storeCode !== "default") {
    return { ok: false, problem: "store-code", field: "storeCode", message: `This Magento has no store view with the code "${input.storeCode}". Its store views are: ${views.filter((v) => v.id !== 0).map((v) => v.code).join(", ")}.` };
  }

  let msi = true;
  const missingOptional: Verified["missingOptional"] = [];
  for (const check of RESOURCE_CHECKS.slice(1)) {
    let outcome;
    try {
      outcome = await probeResource(client, check);
    } catch (error) {
      return explain(error, input, check);
    }
    if (outcome === "module-absent") msi = false;
    if (outcome !== "denied") continue;
    const needed = check.flows.some((f) => enabledFlows.has(f));
    if (needed) return explain(new MagentoError("auth", "resource-denied", "denied", { parameters: { resources: check.resource } }), input, check);
    missingOptional.push({ resource: check.resource, purpose: check.purpose, flows: check.flows });
  }
  return { ok: true, storeViews: views.filter((v) => v.id !== 0), msi, missingOptional };
}
