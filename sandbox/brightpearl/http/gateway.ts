// What stands in front of every /public-api call: the URI length limit, the per-account throttle
// (whose headers go on every response, 401s and 503s included), and authentication: the bearer
// token, then the brightpearl-app-ref and brightpearl-dev-ref headers.
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { SandboxContext } from "../context";
import { THROTTLED_BODY, type RollingThrottle } from "./throttle";
import type { ApiEnv } from "./request";

/** Requests made by multi-message on behalf of its caller: already counted, never logged twice. */
export const internalRequests = new WeakSet<Request>();

/** UNVERIFIED limit; an integration reports 414s for long availability ID sets. */
export const MAX_URI_LENGTH = 8192;

export function accountFromPath(path: string): string | undefined {
  const m = /^\/(?:public-api|token|authorize)\/([^/]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

export function throttleGate(ctx: SandboxContext, throttle: RollingThrottle): MiddlewareHandler {
  return async (c, next) => {
    if (internalRequests.has(c.req.raw)) return next();
    const account = accountFromPath(c.req.path) ?? "";
    const settings = ctx.accounts.get(account)?.settings.throttle;
    const limit = settings?.limit ?? ctx.config.throttle.limit;
    const windowMs = settings?.windowMs ?? ctx.config.throttle.windowMs;
    // Instance apps get a pool per account and developer.
    const key = `${account}|${c.req.header("brightpearl-dev-ref") ?? ""}`;
    const decision = throttle.take(key, ctx.now(), limit, windowMs);
    const stamp = (headers?: Headers) => {
      const set = headers ? (k: string, v: string) => headers.set(k, v) : (k: string, v: string) => c.header(k, v);
      set("brightpearl-requests-remaining", String(decision.remaining));
      set("brightpearl-next-throttle-period", String(decision.nextPeriodMs));
      set("ruid", randomUUID());
    };
    if (!decision.allowed) {
      stamp();
      return c.json(THROTTLED_BODY, 503);
    }
    const url = c.req.url;
    if (url.length - url.indexOf("/", url.indexOf("//") + 2) > MAX_URI_LENGTH) {
      stamp();
      return c.text("Request-URI Too Long", 414);
    }
    await next();
    stamp(c.res.headers);
  };
}

const unauthorized = (message: string) => ({ response: message });

export function authGate(ctx: SandboxContext): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const code = accountFromPath(c.req.path) ?? "";
    const header = c.req.header("authorization") ?? "";
    const m = /^Bearer\s+(.+)$/i.exec(header);
    // UNVERIFIED: the body for a request without a bearer token.
    if (!m) return c.json(unauthorized("Not authenticated: an Authorization: Bearer token is required"), 401);
    const token = m[1]!.trim();
    const record = ctx.oauth.accessTokens[token];
    const installation = record ? ctx.oauth.installations[record.installationId] : undefined;
    const account = ctx.accounts.get(code);
    if (!record || record.account !== code || !installation?.active || !account) return c.json(unauthorized(`Invalid instance token: ${token}`), 401);
    if (record.expiresAt <= ctx.now()) return c.json(unauthorized("Authorization token expired"), 401);
    // UNVERIFIED: the bodies for a missing or wrong app / developer reference.
    if (c.req.header("brightpearl-app-ref") !== record.appRef) return c.json(unauthorized("Invalid or missing brightpearl-app-ref header"), 401);
    if (c.req.header("brightpearl-dev-ref") !== ctx.config.app.devRef) return c.json(unauthorized("Invalid or missing brightpearl-dev-ref header"), 401);
    c.set("account", account);
    c.set("installationId", installation.id);
    c.header("brightpearl-installed-integration-instance-id", String(installation.id));
    await next();
  };
}
