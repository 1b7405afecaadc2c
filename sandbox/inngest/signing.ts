// Request signing between engine and app, as inngest 4.24.0 implements it:
// - calls to the app carry X-Inngest-Signature "t=<unix seconds>&s=<hex HMAC-SHA256>", keyed with
//   the signing key minus its "signkey-<env>-" prefix (the hex text itself, not its bytes), over
//   body + t. The SDK verifies over canonicalize(JSON.parse(body)) (RFC 8785 JCS), so the engine
//   sends exactly that canonical text.
// - the app authenticates its own calls (sync) with "Authorization: Bearer signkey-<env>-<sha256
//   of the hex-decoded key>".
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

const PREFIX = /^signkey-\w+-/;

export const SIGNING_KEY_PATTERN = /^signkey-\w+-([0-9a-fA-F]{2})+$/;

/** RFC 8785 canonical JSON of a value (undefined fields dropped, keys sorted). */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? "null";
}

export function signatureHeader(body: string, signingKey: string, unixSeconds: number): string {
  const t = String(unixSeconds);
  const mac = createHmac("sha256", signingKey.replace(PREFIX, "")).update(body + t).digest("hex");
  return `t=${t}&s=${mac}`;
}

/** The form the SDK sends as a bearer token: the prefix kept, the key hashed. */
export function hashedSigningKey(signingKey: string): string {
  const prefix = PREFIX.exec(signingKey)?.[0] ?? "";
  const key = signingKey.replace(PREFIX, "");
  return prefix + createHash("sha256").update(Buffer.from(key, "hex")).digest("hex");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Accepts the hashed key (what SDKs send) or the raw key (what people put in curl). */
export function bearerMatches(authorization: string | undefined | null, signingKey: string): boolean {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim();
  if (!token) return false;
  return safeEqual(token, hashedSigningKey(signingKey)) || safeEqual(token, signingKey);
}
