// Who is calling: Magento's OauthUserContext / TokenUserContext, in the order and with the errors
// of 2.4.4+ (Framework/Oauth/Oauth.php::validateAccessTokenRequest, Token/Provider.php,
// Nonce/Generator.php). A request that is not OAuth, a Bearer token the store does not accept, or an
// inactive integration is anonymous; the ACL check then refuses it with 401.
import { timingSafeEqual } from "node:crypto";
import type { MagentoInstance } from "../instance";
import type { Integration } from "../domain/types";
import { aggregateInputErrors, errors, MagentoError } from "./errors";
import {
  computeSignature,
  formBodySignatureParams,
  isProtocolParameter,
  normaliseBaseUrl,
  parseOAuthHeader,
  querySignatureParams,
  type SignatureMethod,
  signatureBaseString,
} from "./oauth-signature";
import { isAllowed } from "./acl";

export type RequestFacts = {
  method: string;
  scheme: string;
  /** the Host header as sent */
  host: string;
  /** request-target path as sent (percent-encoding untouched), without the query */
  rawPath: string;
  rawQuery: string;
  authorization: string | undefined;
  contentType: string | undefined;
  rawBody: string;
};

export type Caller = { kind: "integration"; integration: Integration } | { kind: "anonymous" };

const REQUIRED = ["oauth_consumer_key", "oauth_signature", "oauth_signature_method", "oauth_nonce", "oauth_timestamp", "oauth_token"];
const TIME_DEVIATION_S = 600;

function oauthParams(facts: RequestFacts, header: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = { ...header };
  const headerWasEmpty = Object.keys(params).length === 0;
  if (facts.contentType?.startsWith("application/x-www-form-urlencoded") && facts.rawBody) {
    for (const [k, v] of Object.entries(formBodySignatureParams(facts.rawBody))) {
      if (!isProtocolParameter(k) || headerWasEmpty) params[k] = v;
    }
  }
  // Protocol parameters in the query string are never used: Magento's fallback for them checks
  // is_array() on the raw query string and so never runs. The header is the only source.
  Object.assign(params, querySignatureParams(facts.rawQuery));
  return params;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function verifyOAuth(instance: MagentoInstance, facts: RequestFacts, header: Record<string, string>): Integration {
  const params = oauthParams(facts, header);
  if (params.oauth_version !== undefined && params.oauth_version !== "1.0") {
    throw new MagentoError(400, 'The "%1" Oauth version isn\'t supported.', [params.oauth_version]);
  }
  const missing = REQUIRED.filter((name) => params[name] === undefined);
  if (missing.length) {
    throw aggregateInputErrors(missing.map((fieldName) => ({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName } })));
  }
  const p = {
    oauth_consumer_key: params.oauth_consumer_key!,
    oauth_signature: params.oauth_signature!,
    oauth_signature_method: params.oauth_signature_method!,
    oauth_nonce: params.oauth_nonce!,
    oauth_timestamp: params.oauth_timestamp!,
    oauth_token: params.oauth_token!,
  };
  if (p.oauth_token.length !== 32) throw new MagentoError(400, "The token length is invalid. Check the length and try again.");
  const method = p.oauth_signature_method;
  if (!(instance.config.signatureMethods as string[]).includes(method)) {
    throw new MagentoError(400, "Signature method %1 is not supported", [method]);
  }
  const consumer = findConsumer(instance, p.oauth_consumer_key);

  // Nonce generator: (int) cast, then the window; the nonce is stored before the signature check.
  const timestamp = Number.parseInt(p.oauth_timestamp, 10);
  if (!(timestamp > 0) || timestamp > Math.floor(instance.now() / 1000) + TIME_DEVIATION_S) {
    throw new MagentoError(400, "Incorrect timestamp value in the oauth_timestamp parameter");
  }
  if (!instance.useNonce(consumer.consumerId, p.oauth_nonce)) {
    throw new MagentoError(401, "The nonce is already being used by the consumer with ID %1", [String(consumer.consumerId)]);
  }

  const tokenOwner = instance.state.integrations.find((i) => i.accessToken === p.oauth_token);
  if (!tokenOwner) throw new MagentoError(401, "Specified token does not exist");
  if (tokenOwner.consumerId !== consumer.consumerId) throw new MagentoError(401, "Token is not associated with the specified consumer");
  if (tokenOwner.revoked) throw new MagentoError(401, "Access token has been revoked");

  const base = signatureBaseString(facts.method, normaliseBaseUrl(facts.scheme, facts.host, facts.rawPath), params, instance.config.signatureParamOrder);
  const expected = computeSignature(base, method as SignatureMethod, consumer.consumerSecret, tokenOwner.accessTokenSecret);
  if (!safeEqual(expected, p.oauth_signature)) throw new MagentoError(401, "The signature is invalid. Verify and try again.");
  return consumer;
}

function findConsumer(instance: MagentoInstance, key: string): Integration {
  if (key.length !== 32) throw new MagentoError(401, "Consumer key is not the correct length");
  const consumer = instance.state.integrations.find((i) => i.consumerKey === key);
  if (!consumer) throw new MagentoError(401, "A consumer having the specified key does not exist");
  return consumer;
}

export function identifyCaller(instance: MagentoInstance, facts: RequestFacts): Caller {
  const header = facts.authorization;
  const bearer = header && /^bearer\s+(.+)$/i.exec(header.trim());
  if (bearer) {
    const token = bearer[1]!.trim();
    const integration = instance.state.integrations.find((i) => i.accessToken === token && !i.revoked);
    // 2.4.4+: an integration token alone is only a caller when the store opted in.
    if (integration && integration.active && instance.config.integrationAsBearer) return { kind: "integration", integration };
    return { kind: "anonymous" };
  }
  const oauth = parseOAuthHeader(header);
  if (!oauth) return { kind: "anonymous" };
  const integration = verifyOAuth(instance, facts, oauth);
  return integration.active ? { kind: "integration", integration } : { kind: "anonymous" };
}

/** The ACL check that runs after routing: anonymous callers and missing grants get the same 401. */
export function authorize(instance: MagentoInstance, facts: RequestFacts, resource: string): Integration {
  const caller = identifyCaller(instance, facts);
  if (caller.kind === "anonymous" || !isAllowed(caller.integration.resources, resource)) throw errors.notAuthorized(resource);
  return caller.integration;
}
