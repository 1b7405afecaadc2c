// OAuth 1.0a request signing as Magento 2.4.4+ verifies it: HMAC-SHA256 over the method, the URL
// without its query, and the oauth and query parameters (JSON bodies are never signed), with the
// integration's four credentials.
import { createHmac, randomBytes } from "node:crypto";
import OAuth from "oauth-1.0a";

export type MagentoCredentials = { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string };

export type SignatureMethod = "HMAC-SHA256" | "HMAC-SHA1";

export type Query = Record<string, string>;

/** RFC 3986 encoding, the one the signature base string uses; the query we send uses it too. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function encodeQuery(query: Query): string {
  return Object.entries(query)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join("&");
}

class CryptoNonceOAuth extends OAuth {
  // A reused nonce is refused by Magento; the library's default uses Math.random.
  override getNonce(): string {
    return randomBytes(16).toString("hex");
  }
}

/**
 * The Authorization header for one request. The query is passed decoded, separately from the URL:
 * oauth-1.0a re-encodes keys it reads out of a URL without decoding them first, which breaks every
 * searchCriteria[...] key.
 */
export function oauthHeader(credentials: MagentoCredentials, request: { method: string; url: string; query: Query }, method: SignatureMethod = "HMAC-SHA256"): string {
  const algorithm = method === "HMAC-SHA256" ? "sha256" : "sha1";
  const oauth = new CryptoNonceOAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: method,
    hash_function: (base, key) => createHmac(algorithm, key).update(base).digest("base64"),
  });
  const data = oauth.authorize({ url: request.url, method: request.method.toUpperCase(), data: request.query }, { key: credentials.accessToken, secret: credentials.accessTokenSecret });
  return oauth.toHeader(data).Authorization;
}
