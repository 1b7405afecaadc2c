// Runs before every page: a fresh CSP nonce per request (Next.js puts it on its own scripts when it
// finds it in the request's CSP header) and the security headers.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, staticSecurityHeaders } from "@/lib/security-headers";

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const https = (process.env.APP_URL ?? "").startsWith("https://");
  const sandboxOrigin = process.env.CONNECTOR_MODE === "sandbox" ? originOf(process.env.SANDBOX_BRIGHTPEARL_URL) : undefined;
  const csp = contentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV !== "production",
    oauthOrigin: originOf(process.env.BRIGHTPEARL_OAUTH_URL),
    extraFrameAncestors: sandboxOrigin ? [sandboxOrigin] : [],
    https,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [k, v] of Object.entries(staticSecurityHeaders(https))) response.headers.set(k, v);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon.ico).*)" }],
};
