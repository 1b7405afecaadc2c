// Security headers for every page. The settings pages are embedded in Brightpearl in an iframe, so
// framing is allowed only for this app and Brightpearl's domains (frame-ancestors), never anyone else.

export const BRIGHTPEARL_FRAME_ANCESTORS = ["https://*.brightpearl.com", "https://*.brightpearlapp.com", "https://*.brightpearlconnect.com"];

export type CspOptions = {
  nonce: string;
  development: boolean;
  /** Where the OAuth form posts end up (form-action also governs the redirect after a submit). */
  oauthOrigin?: string;
  /** Extra origins allowed to frame the app (the Brightpearl sandbox in sandbox mode). */
  extraFrameAncestors?: string[];
  https: boolean;
};

export function contentSecurityPolicy(o: CspOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // strict-dynamic: scripts loaded by a nonce'd script are trusted, host allow-lists are ignored.
    "script-src": ["'self'", `'nonce-${o.nonce}'`, "'strict-dynamic'", ...(o.development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(o.development ? ["ws:", "wss:"] : [])],
    "frame-ancestors": ["'self'", ...BRIGHTPEARL_FRAME_ANCESTORS, ...(o.extraFrameAncestors ?? [])],
    "form-action": ["'self'", ...(o.oauthOrigin ? [o.oauthOrigin] : [])],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  const policy = Object.entries(directives).map(([k, v]) => `${k} ${v.join(" ")}`);
  if (o.https) policy.push("upgrade-insecure-requests");
  return policy.join("; ");
}

/** Headers that do not depend on the request, for pages and API routes alike. */
export function staticSecurityHeaders(https: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
    ...(https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
