import { NextResponse, type NextRequest } from "next/server";
import { inngest } from "@/inngest/client";
import { brightpearlTenantConnected } from "@/inngest/events";
import { OAUTH_BROWSER_COOKIE } from "@/lib/auth/cookies";
import { mintSessionCookie } from "@/lib/auth/session";
import { oauthApp } from "@/lib/brightpearl/connect";
import { completeInstall } from "@/lib/brightpearl/install";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/** Brightpearl's redirect after the merchant approved or denied the app. */
export async function GET(request: NextRequest) {
  const { APP_URL, BRIGHTPEARL_API_HOSTS } = env();
  const params = request.nextUrl.searchParams;
  const result = await completeInstall(db(), oauthApp(), BRIGHTPEARL_API_HOSTS, {
    state: params.get("state"),
    code: params.get("code"),
    error: params.get("error"),
    browserNonce: request.cookies.get(OAUTH_BROWSER_COOKIE)?.value,
  });
  let response: NextResponse;
  if (result.ok) {
    try {
      await inngest.send(brightpearlTenantConnected.create({ tenantId: result.tenant.id }));
    } catch (error) {
      // The merchant is connected either way; the daily audit registers webhooks if this was lost.
      log.error("tenant.connected could not be enqueued", { tenantId: result.tenant.id, err: error });
    }
    response = NextResponse.redirect(`${APP_URL}/onboarding`, 303);
    const session = await mintSessionCookie(result.tenant);
    response.cookies.set(session.name, session.value, session.options);
  } else {
    const query = new URLSearchParams({ reason: result.problem, ...(result.accountCode ? { account: result.accountCode } : {}) });
    response = NextResponse.redirect(`${APP_URL}/connect/problem?${query}`, 303);
  }
  response.cookies.delete({ name: OAUTH_BROWSER_COOKIE, path: "/api/brightpearl/callback" });
  return response;
}
