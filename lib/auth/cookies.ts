// Cookie settings. The app runs inside an iframe in Brightpearl, where only SameSite=None; Secure
// cookies are sent; browsers treat http://localhost as secure, so the sandbox behaves the same.

export function cookiePolicy(appUrl: string): { secure: boolean; sameSite: "none" | "lax"; prefix: string } {
  const url = new URL(appUrl);
  const https = url.protocol === "https:";
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  const secure = https || loopback;
  return { secure, sameSite: secure ? "none" : "lax", prefix: https ? "__Secure-" : "" };
}

export const OAUTH_BROWSER_COOKIE = "connector.oauth-browser";
