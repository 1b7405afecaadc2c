// Verifies a Magento connection live before anything is saved, and turns every way it can fail
// into a message that tells the merchant what to fix and where.
import { z } from "zod";
import { MagentoClient } from "./client";
import { MagentoError } from "./errors";
import { probeResource, RESOURCE_CHECKS, type FlowName, type ProbeOutcome, type ResourceCheck } from "./resources";
import type { MagentoCredentials, SignatureMethod } from "./signer";

export type ConnectionInput = { baseUrl: string; storeCode: string; credentials: MagentoCredentials };

export type CredentialField = "baseUrl" | "storeCode" | "consumerKey" | "consumerSecret" | "accessToken" | "accessTokenSecret";

export type VerifyProblem =
  | "unreachable"
  | "tls"
  | "private-address"
  | "redirect"
  | "timeout"
  | "not-magento"
  | "store-code"
  | "consumer-unknown"
  | "signature-invalid"
  | "credentials-swapped"
  | "token-unknown"
  | "token-revoked"
  | "resource-denied"
  | "sha1-only"
  | "clock"
  | "store-error"
  | "magento-error";

export type StoreView = { id: number; code: string; name: string; websiteId: number };

export type MissingResource = { resource: string; label: string; purpose: string; flows: FlowName[] };

export type Verified = {
  ok: true;
  storeViews: StoreView[];
  /** Multi-Source Inventory modules present */
  msi: boolean;
  /** resources not granted that only flows the merchant has not switched on need */
  missingOptional: MissingResource[];
};

export type VerifyFailure = {
  ok: false;
  problem: VerifyProblem;
  field?: CredentialField;
  message: string;
  /** resource-denied: every resource the enabled flows need and the integration lacks */
  resources?: string[];
};

export type VerifyOptions = { fetch?: typeof fetch; timeoutMs?: number };

export const DEFAULT_TIMEOUT_MS = 15_000;

const storeViewsSchema = z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), website_id: z.number() }).loose());
type RawStoreViews = z.output<typeof storeViewsSchema>;

const FIELD_LABEL: Record<keyof MagentoCredentials, string> = {
  consumerKey: "Consumer Key",
  consumerSecret: "Consumer Secret",
  accessToken: "Access Token",
  accessTokenSecret: "Access Token Secret",
};

const host = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** The store's base address from a URL that points into it (a redirect target, an admin page). */
function baseOf(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.replace(/\/(index\.php\/)?(rest|admin[^/]*)(\/.*)?$/i, "").replace(/\/+$/, "")}`;
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} seconds` : `${(ms / 1000).toFixed(1)} seconds`);

const fail = (problem: VerifyProblem, message: string, field?: CredentialField): VerifyFailure => ({ ok: false, problem, message, ...(field ? { field } : {}) });

function explain(error: unknown, input: ConnectionInput, timeoutMs: number): VerifyFailure {
  if (!(error instanceof MagentoError)) throw error;
  const h = host(input.baseUrl);
  switch (error.reason) {
    case "dns":
      return fail("unreachable", `The host name ${h} could not be found. Check the store address for typos: it is the one your customers use, e.g. https://shop.example.com.`, "baseUrl");
    case "connection-refused":
      return fail("unreachable", `Nothing answered at ${h}. Check the store address (and its port, if it has one): it is the one your customers use, e.g. https://shop.example.com.`, "baseUrl");
    case "blocked-address":
      return fail(
        "private-address",
        `${h} is not on the public internet${error.options.detail ? ` (it is at ${error.options.detail})` : ""}. The connector only connects to stores it can reach over the internet; use your store's public address.`,
        "baseUrl",
      );
    case "tls":
      return fail(
        "tls",
        `${h} answered, but its HTTPS certificate could not be trusted${error.options.detail ? `: ${error.options.detail}` : " (expired, self-signed or issued for another name)"}. Ask your host to fix the certificate, or use the address the certificate is issued for.`,
        "baseUrl",
      );
    case "redirect": {
      const target = error.options.location ? new URL(error.options.location, input.baseUrl).toString() : undefined;
      return fail(
        "redirect",
        target
          ? `${h} redirects to ${target}. Use ${baseOf(target)} as the store address.`
          : `${h} answers with a redirect instead of Magento's REST API. Use the address the store finally opens at.`,
        "baseUrl",
      );
    }
    case "timeout":
      return fail("timeout", `${h} did not answer within ${seconds(timeoutMs)}. The store may be down or very slow; check the address and try again in a minute.`, "baseUrl");
    case "not-magento":
    case "malformed":
    case "no-route": {
      const status = error.status;
      if (status === 401 || status === 403) {
        return fail(
          "not-magento",
          `${h} answered HTTP ${status} without Magento's REST API behind it. A firewall, CDN or password protection in front of the store may be blocking the connector; ask your host to let it through, and check the address.`,
          "baseUrl",
        );
      }
      return fail("not-magento", `${h} answered, but not like a Magento 2 store's REST API. Use the store's base address (e.g. https://shop.example.com), without /admin or /rest.`, "baseUrl");
    }
    case "consumer-unknown":
      return fail("consumer-unknown", "Magento does not know this Consumer Key. Copy it again from System › Extensions › Integrations › your integration (Edit › Integration Details).", "consumerKey");
    case "signature-invalid":
      return fail(
        "signature-invalid",
        "Magento rejected the signature: the Consumer Secret or the Access Token Secret is not the one Magento has. A secret is probably in the wrong field, or has a stray character. Copy both secrets again.",
        "consumerSecret",
      );
    case "token-unknown":
    case "unauthorized":
      return fail("token-unknown", "Magento does not know this Access Token for this Consumer Key. If the integration was re-authorized, it has a new Access Token and Access Token Secret: copy both again.", "accessToken");
    case "token-revoked":
      return fail("token-revoked", "This Access Token has been revoked in Magento. Re-authorize the integration (Reauthorize in the integrations grid) and paste the new Access Token and Access Token Secret.", "accessToken");
    case "resource-denied": {
      const resource = resourceFrom(error);
      return resourceDenied([RESOURCE_CHECKS.find((c) => c.resource === resource) ?? { resource: resource ?? "an API resource", label: resource ?? "an API resource", purpose: "do its work" }]);
    }
    case "signature-method-unsupported":
      return sha1Only(false);
    case "timestamp-refused":
      return fail("clock", "Magento refused the request time. The store server's clock is probably wrong; ask your host to enable time synchronisation (NTP).");
    case "throttled":
    case "server-error":
      return fail("store-error", `${h} had a problem answering (${error.message}). Try again in a minute; if it keeps happening, your developer can look up the error in Magento's logs.`);
    default:
      return fail("magento-error", `Magento answered with an error: ${error.message}`);
  }
}

function resourceDenied(checks: Pick<ResourceCheck, "resource" | "label" | "purpose">[]): VerifyFailure {
  const what =
    checks.length === 1
      ? `The integration is not allowed to ${checks[0]!.purpose}: it needs the API resource ${checks[0]!.label} (${checks[0]!.resource}).`
      : `The integration is missing API resources the connector needs: ${checks.map((c) => `${c.label} (${c.resource}) to ${c.purpose}`).join("; ")}.`;
  return {
    ok: false,
    problem: "resource-denied",
    resources: checks.map((c) => c.resource),
    message: `${what} In Magento, edit the integration, tick ${checks.length === 1 ? "it" : "them"} on the API tab (or choose Resource Access: All), save, then Reauthorize and paste the new Access Token and Access Token Secret. An integration that is not active gets this answer too.`,
  };
}

function sha1Only(credentialsWork: boolean): VerifyFailure {
  return fail(
    "sha1-only",
    `${credentialsWork ? "The credentials are right, but this" : "This"} Magento accepts only HMAC-SHA1 signatures, so it is an old or modified version. The connector signs with HMAC-SHA256, which Magento 2.4.4 and later require; ask your developer to upgrade Magento (older versions no longer receive security fixes).`,
  );
}

function resourceFrom(error: MagentoError): string | undefined {
  const p = error.options.parameters as { resources?: unknown } | undefined;
  return typeof p?.resources === "string" ? p.resources : undefined;
}

type Swap = [keyof MagentoCredentials, keyof MagentoCredentials][];

/**
 * Mix-ups people make copying four look-alike values, tried when Magento refuses the credentials.
 * Only swaps that keep secrets in secret positions: a secret is only ever a signing key, never sent.
 */
const MIX_UPS: Swap[] = [
  [["consumerSecret", "accessTokenSecret"]],
  [["consumerKey", "accessToken"]],
  [
    ["consumerKey", "accessToken"],
    ["consumerSecret", "accessTokenSecret"],
  ],
];

function applySwap(credentials: MagentoCredentials, swap: Swap): MagentoCredentials {
  const out = { ...credentials };
  for (const [a, b] of swap) [out[a], out[b]] = [credentials[b], credentials[a]];
  return out;
}

function swapMessage(swap: Swap): string {
  if (swap.length === 2) return "The Consumer Key and Consumer Secret are in the Access Token and Access Token Secret fields, and the other way round. Swap the two pairs and try again.";
  const [a, b] = swap[0]!;
  return `The ${FIELD_LABEL[a]} and the ${FIELD_LABEL[b]} are in each other's fields. Swap them and try again.`;
}

export class MagentoVerifier {
  readonly timeoutMs: number;

  constructor(
    private readonly input: ConnectionInput,
    private readonly options: VerifyOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  client(overrides: { credentials?: MagentoCredentials; signatureMethod?: SignatureMethod } = {}): MagentoClient {
    return new MagentoClient({ ...this.input, ...overrides, fetch: this.options.fetch, timeoutMs: this.timeoutMs });
  }

  private storeViews(client: MagentoClient, scope: "store" | "all" = "store"): Promise<RawStoreViews> {
    return client.request("GET", "/V1/store/storeViews", { schema: storeViewsSchema, scope });
  }

  /** The first call failed: find out precisely why, with a few extra calls where they tell more. */
  private async diagnose(error: unknown): Promise<VerifyFailure> {
    if (!(error instanceof MagentoError)) throw error;
    // An unknown store code is read as part of the route, so Magento answers "no route" before it
    // looks at the credentials. The admin scope ("all") always exists and lists the real codes.
    if (error.reason === "no-route") {
      try {
        const known = await this.storeViews(this.client(), "all");
        return this.wrongStoreCode(known);
      } catch (fallback) {
        return explain(fallback, this.input, this.timeoutMs);
      }
    }
    if (error.reason === "consumer-unknown" || error.reason === "signature-invalid" || error.reason === "token-unknown") {
      const attempts = await Promise.all(
        MIX_UPS.map((swap) =>
          this.storeViews(this.client({ credentials: applySwap(this.input.credentials, swap) })).then(
            () => true,
            () => false,
          ),
        ),
      );
      const found = MIX_UPS.find((_, i) => attempts[i]);
      if (found) return fail("credentials-swapped", swapMessage(found), found[0]![0]);
    }
    if (error.reason === "signature-method-unsupported") {
      const works = await this.storeViews(this.client({ signatureMethod: "HMAC-SHA1" })).then(
        () => true,
        () => false,
      );
      return sha1Only(works);
    }
    return explain(error, this.input, this.timeoutMs);
  }

  private wrongStoreCode(known: RawStoreViews): VerifyFailure {
    const views = known.filter((v) => v.id !== 0).map((v) => `${v.code} (${v.name})`);
    return fail("store-code", `This Magento has no store view with the code "${this.input.storeCode}". Its store views are: ${views.join(", ")}. Use one of these codes.`, "storeCode");
  }

  /**
   * Calls the store as the connector will: a cheap read, then a probe for every resource (in
   * parallel). Resources needed by `enabledFlows` must be granted; the others are reported so the
   * merchant can grant them before switching those flows on.
   */
  async verify(enabledFlows: ReadonlySet<FlowName>): Promise<Verified | VerifyFailure> {
    const client = this.client();
    let raw: RawStoreViews;
    try {
      raw = await this.storeViews(client);
    } catch (error) {
      return this.diagnose(error);
    }
    const views = raw.filter((v) => v.id !== 0).map((v) => ({ id: v.id, code: v.code, name: v.name, websiteId: v.website_id }));
    if (!raw.some((v) => v.code === this.input.storeCode)) return this.wrongStoreCode(raw);

    const checks = RESOURCE_CHECKS.slice(1);
    const outcomes = await Promise.all(checks.map((check) => probeResource(client, check).then((outcome): ProbeOutcome | { error: unknown } => outcome, (error: unknown) => ({ error }))));
    const thrown = outcomes.find((o): o is { error: unknown } => typeof o === "object");
    if (thrown) return explain(thrown.error, this.input, this.timeoutMs);

    const denied = checks.filter((_, i) => outcomes[i] === "denied");
    const needed = denied.filter((c) => c.flows.some((f) => enabledFlows.has(f)));
    if (needed.length) return resourceDenied(needed);
    return {
      ok: true,
      storeViews: views,
      msi: !checks.some((_, i) => outcomes[i] === "module-absent"),
      missingOptional: denied.map(({ resource, label, purpose, flows }) => ({ resource, label, purpose, flows })),
    };
  }
}

export function verifyMagentoConnection(input: ConnectionInput, enabledFlows: ReadonlySet<FlowName>, options: VerifyOptions = {}): Promise<Verified | VerifyFailure> {
  return new MagentoVerifier(input, options).verify(enabledFlows);
}
