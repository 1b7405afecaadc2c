// The Brightpearl sandbox on a free port, registered with this app's OAuth details, and helpers to
// connect a tenant through the real authorization flow.
import { afterAll } from "vitest";
import { BrightpearlClient } from "@/lib/brightpearl/client";
import { completeInstall, startInstall } from "@/lib/brightpearl/install";
import type { OAuthApp } from "@/lib/brightpearl/oauth";
import { TenantTokens } from "@/lib/brightpearl/tokens";
import { db } from "@/lib/db";
import { startBrightpearlSandbox, type BrightpearlSandboxOptions, type StartedBrightpearlSandbox } from "@/sandbox/brightpearl/sandbox";

export const TEST_APP = { appRef: "connector-test", devRef: "connector-test-dev", clientSecret: "connector-test-secret" };
const REDIRECT = "http://localhost:3999/api/brightpearl/callback";

export type BrightpearlHarness = {
  started: StartedBrightpearlSandbox;
  app: OAuthApp;
  apiHosts: string[];
  /** what the browser does on the authorize page: press Approve or Deny, follow nothing */
  decide: (authorizeUrl: string, decision: "approve" | "deny") => Promise<URL>;
  /** a fresh sandbox account connected as a tenant through the real authorization flow */
  connect: (accountCode?: string) => Promise<{ tenantId: string; accountCode: string }>;
  client: (tenantId: string, accountCode: string) => BrightpearlClient;
  tokens: (tenantId: string) => TenantTokens;
  /** requests the sandbox served, e.g. count("POST /token/:account", "acme") */
  count: (route: string, account?: string) => number;
};

let counter = 0;
export const uniqueAccount = (prefix = "acct") => `${prefix}${Date.now().toString(36)}${process.pid}${++counter}`;

export async function startBrightpearl(options: BrightpearlSandboxOptions = {}): Promise<BrightpearlHarness> {
  const started = await startBrightpearlSandbox({ admin: true, ...options, app: { ...TEST_APP, redirectUris: [REDIRECT], ...options.app } });
  afterAll(() => started.close());
  const app: OAuthApp = { oauthUrl: started.url, appRef: TEST_APP.appRef, clientSecret: TEST_APP.clientSecret, redirectUri: REDIRECT };
  const apiHosts = [new URL(started.url).host];
  const control = started.sandbox.control;

  const decide = async (authorizeUrl: string, decision: "approve" | "deny") => {
    const url = new URL(authorizeUrl);
    const form = new URLSearchParams(url.searchParams);
    form.set("decision", decision);
    const res = await fetch(`${url.origin}${url.pathname}`, { method: "POST", body: form, redirect: "manual" });
    const location = res.headers.get("location");
    if (!location) throw new Error(`authorize page answered ${res.status} without a redirect`);
    return new URL(location);
  };

  const tokens = (tenantId: string) => new TenantTokens(tenantId, { db: db(), app, apiHosts });
  const client = (tenantId: string, accountCode: string) =>
    new BrightpearlClient({ accountCode, apiDomain: apiHosts[0]!, appRef: TEST_APP.appRef, devRef: TEST_APP.devRef, tokens: tokens(tenantId) });

  const connect = async (accountCode = uniqueAccount()) => {
    control.createAccount({ code: accountCode });
    const started = await startInstall(db(), app, accountCode);
    const back = await decide(started.authorizeUrl, "approve");
    const result = await completeInstall(db(), app, apiHosts, {
      state: back.searchParams.get("state"),
      code: back.searchParams.get("code"),
      browserNonce: started.browserNonce,
    });
    if (!result.ok) throw new Error(`connecting ${accountCode} failed: ${result.problem}`);
    return { tenantId: result.tenant.id, accountCode };
  };

  const count = (route: string, account?: string) => control.requests.counts({ account }).byRoute[route] ?? 0;

  return { started, app, apiHosts, decide, connect, client, tokens, count };
}
