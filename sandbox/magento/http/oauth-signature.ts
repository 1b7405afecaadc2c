// OAuth 1.0a request signatures the way Magento 2.4.4+ computes them (Framework/Oauth/Helper/Request.php
// and the Laminas/Zend HMAC signer): what is collected into the parameter set, how it is sorted,
// normalised and hashed. Pure functions; the request flow around them is in oauth-verifier.ts.
import { createHmac } from "node:crypto";
import { percentDecode, rfc3986 } from "./php-query";

export type SignatureMethod = "HMAC-SHA256" | "HMAC-SHA1";
export type ParamOrder = "natural" | "byte";

/** Magento's `_isProtocolParameter`: an unanchored match, so any name containing oauth_x counts. */
export function isProtocolParameter(name: string): boolean {
  return /oauth_[a-z_-]+/.test(name);
}

/**
 * Parses `Authorization: OAuth k="v", ...`. Returns undefined unless the header contains "oauth "
 * (case-insensitive), which is Magento's test for "this is an OAuth request". Pieces are split on
 * commas, names must look like oauth_*, values lose their quotes and are rawurldecoded.
 */
export function parseOAuthHeader(header: string | undefined): Record<string, string> | undefined {
  if (!header) return undefined;
  const at = header.toLowerCase().indexOf("oauth ");
  if (at < 0) return undefined;
  const params: Record<string, string> = {};
  for (const piece of header.slice(at + 6).split(",")) {
    const trimmed = piece.trim();
    const eq = trimmed.indexOf("=");
    if (eq < 0) continue;
    const name = trimmed.slice(0, eq);
    if (!isProtocolParameter(name)) continue;
    params[percentDecode(name)] = percentDecode(trimmed.slice(eq + 1).replace(/^"+|"+$/g, ""));
  }
  return params;
}

/**
 * Query-string pairs as Magento adds them to the signature set: split on & and =, pairs that do not
 * split into exactly two parts are dropped, protocol parameters are skipped, later keys win.
 */
export function querySignatureParams(rawQuery: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!rawQuery) return out;
  for (const pair of rawQuery.split("&")) {
    const parts = pair.split("=");
    if (parts.length !== 2 || isProtocolParameter(parts[0]!)) continue;
    out[percentDecode(parts[0]!)] = percentDecode(parts[1]!);
  }
  return out;
}

/** Form-encoded body parameters (PHP parse_str flattening is not needed: REST bodies are flat here). */
export function formBodySignatureParams(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const decode = (s: string) => percentDecode(s.replace(/\+/g, " "));
    out[decode(eq < 0 ? pair : pair.slice(0, eq))] = decode(eq < 0 ? "" : pair.slice(eq + 1));
  }
  return out;
}

/** PHP strnatcmp: digit runs compare as numbers, everything else byte by byte. */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  const isDigit = (ch: string | undefined) => ch !== undefined && ch >= "0" && ch <= "9";
  while (i < a.length && j < b.length) {
    const ca = a[i]!;
    const cb = b[j]!;
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      let ej = j;
      while (isDigit(a[ei])) ei++;
      while (isDigit(b[ej])) ej++;
      const na = a.slice(i, ei).replace(/^0+(?=\d)/, "");
      const nb = b.slice(j, ej).replace(/^0+(?=\d)/, "");
      if (na.length !== nb.length) return na.length < nb.length ? -1 : 1;
      if (na !== nb) return na < nb ? -1 : 1;
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca < cb ? -1 : 1;
    i++;
    j++;
  }
  return a.length - i === b.length - j ? 0 : a.length - i < b.length - j ? -1 : 1;
}

const byteCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `scheme://host[:port]/path`: host lower-cased, default ports dropped, query and fragment removed. */
export function normaliseBaseUrl(scheme: string, host: string, rawPath: string): string {
  const lowerScheme = scheme.toLowerCase();
  let lowerHost = host.toLowerCase();
  if ((lowerScheme === "http" && lowerHost.endsWith(":80")) || (lowerScheme === "https" && lowerHost.endsWith(":443"))) {
    lowerHost = lowerHost.slice(0, lowerHost.lastIndexOf(":"));
  }
  const path = rawPath.split("?")[0]!.split("#")[0]!;
  return `${lowerScheme}://${lowerHost}${path}`;
}

export function signatureBaseString(method: string, baseUrl: string, params: Record<string, string>, order: ParamOrder): string {
  const encoded = Object.entries(params)
    .filter(([key]) => key !== "oauth_signature")
    .map(([key, value]) => [rfc3986(key), rfc3986(value)] as const);
  const compare = order === "natural" ? naturalCompare : byteCompare;
  encoded.sort((x, y) => compare(x[0], y[0]) || compare(x[1], y[1]));
  const normalized = encoded.map(([k, v]) => `${k}=${v}`).join("&");
  return `${method.toUpperCase()}&${rfc3986(baseUrl)}&${rfc3986(normalized)}`;
}

export function computeSignature(baseString: string, method: SignatureMethod, consumerSecret: string, tokenSecret: string): string {
  const key = `${rfc3986(consumerSecret)}&${rfc3986(tokenSecret)}`;
  return createHmac(method === "HMAC-SHA256" ? "sha256" : "sha1", key).update(baseString).digest("base64");
}
