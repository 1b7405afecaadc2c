// One error type for everything that goes wrong talking to Magento. `kind` decides retry;
// `reason` says precisely what happened, for messages and for connection checks.

export type MagentoErrorKind = "unreachable" | "timeout" | "auth" | "not-found" | "invalid" | "unavailable" | "malformed";

export type MagentoErrorReason =
  | "connection-refused"
  | "dns"
  | "tls"
  | "blocked-address"
  | "redirect"
  | "timeout"
  | "not-magento"
  | "signature-invalid"
  | "signature-method-unsupported"
  | "consumer-unknown"
  | "token-unknown"
  | "token-revoked"
  | "nonce-reused"
  | "timestamp-refused"
  | "resource-denied"
  | "unauthorized"
  | "no-route"
  | "not-found"
  | "invalid"
  | "server-error"
  | "throttled"
  | "malformed";

const RETRYABLE: ReadonlySet<MagentoErrorKind> = new Set(["unreachable", "timeout", "unavailable"]);

export class MagentoError extends Error {
  override name = "MagentoError";
  constructor(
    readonly kind: MagentoErrorKind,
    readonly reason: MagentoErrorReason,
    message: string,
    readonly options: { status?: number; method?: string; path?: string; parameters?: unknown; magentoMessage?: string; location?: string; detail?: string } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  get status(): number | undefined {
    return this.options.status;
  }
}

/** Magento sends message templates ("%1", "%fieldName") with their parameters; fill them in. */
export function renderMagentoMessage(message: string, parameters: unknown): string {
  if (Array.isArray(parameters)) return message.replace(/%(\d+)/g, (m, n: string) => (parameters[Number(n) - 1] !== undefined ? String(parameters[Number(n) - 1]) : m));
  if (parameters && typeof parameters === "object") {
    const named = parameters as Record<string, unknown>;
    return message.replace(/%([A-Za-z_]\w*)/g, (m, name: string) => (named[name] !== undefined ? String(named[name]) : m));
  }
  return message;
}

/** Classifies Magento's authentication answers (all 401s, or 400 for method/timestamp) by their template. */
export function authReason(status: number, template: string): MagentoErrorReason | undefined {
  const t = template.toLowerCase();
  if (t.includes("signature method") && t.includes("not supported")) return "signature-method-unsupported";
  if (t.includes("oauth_timestamp")) return "timestamp-refused";
  if (status !== 401) return undefined;
  if (t.includes("signature is invalid")) return "signature-invalid";
  if (t.includes("consumer") && (t.includes("does not exist") || t.includes("correct length"))) return "consumer-unknown";
  if (t.includes("token has been revoked")) return "token-revoked";
  if (t.includes("token") && (t.includes("does not exist") || t.includes("not associated"))) return "token-unknown";
  if (t.includes("nonce")) return "nonce-reused";
  if (t.includes("authorized to access")) return "resource-denied";
  return "unauthorized";
}
