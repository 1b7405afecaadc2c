// Redaction for anything that leaves a request: logs and the payloads stored on sync records.
// Secrets are replaced outright; personal data is masked so a record stays recognisable.

const SECRET_KEY = /(token|secret|password|authorization|signature|api[_-]?key|cookie|credential)/i;
const PERSONAL_KEY = /^(email|customer_email|telephone|phone|mobileTelephone|postcode|postalCode|street|addressLine\d)$/i;

export const REDACTED = "[redacted]";

function maskPersonal(value: unknown): unknown {
  if (typeof value !== "string") return REDACTED;
  if (value.includes("@")) {
    const [user, domain] = value.split("@");
    return `${(user ?? "").slice(0, 1)}***@${domain}`;
  }
  return value.length <= 2 ? "***" : `${value.slice(0, 1)}***${value.slice(-1)}`;
}

/** A deep copy of `value` with secrets removed and personal data masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 12) return "[truncated]";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k)) out[k] = REDACTED;
      else if (PERSONAL_KEY.test(k)) out[k] = Array.isArray(v) ? v.map(maskPersonal) : maskPersonal(v);
      else out[k] = redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
