import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, staticSecurityHeaders } from "@/lib/security-headers";

const directive = (csp: string, name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));

describe("content security policy", () => {
  const base = { nonce: "abc123", development: false, https: true, oauthOrigin: "https://oauth.brightpearl.com" };

  it("lets only this app and Brightpearl frame the pages", () => {
    const csp = contentSecurityPolicy(base);
    expect(directive(csp, "frame-ancestors")).toBe(
      "frame-ancestors 'self' https://*.brightpearl.com https://*.brightpearlapp.com https://*.brightpearlconnect.com",
    );
  });

  it("allows scripts only by nonce in production, eval only in development", () => {
    expect(directive(contentSecurityPolicy(base), "script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(directive(contentSecurityPolicy({ ...base, development: true }), "script-src")).toContain("'unsafe-eval'");
  });

  it("permits the OAuth redirect after the install form and upgrades requests over https", () => {
    const csp = contentSecurityPolicy(base);
    expect(directive(csp, "form-action")).toBe("form-action 'self' https://oauth.brightpearl.com");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy({ ...base, https: false })).not.toContain("upgrade-insecure-requests");
  });

  it("never sends X-Frame-Options, which would block the Brightpearl iframe", () => {
    expect(Object.keys(staticSecurityHeaders(true))).not.toContain("X-Frame-Options");
    expect(staticSecurityHeaders(true)["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(staticSecurityHeaders(false)["Strict-Transport-Security"]).toBeUndefined();
  });
});
