import { NextResponse, type NextRequest } from "next/server";
import { cookiePolicy, OAUTH_BROWSER_COOKIE } from "@/lib/auth/cookies";
import { oauthApp } from "@/lib/brightpearl/connect";
import { normaliseAccountCode, startInstall, STATE_TTL_MS } from "@/lib/brightpearl/install";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// The two ways in: the URL the Brightpearl App Store opens when the merchant turns the app on
// (GET, with ?accountCode= when Brightpearl supplies it), and the landing page's form (POST).

async function begin(rawAccountCode: unknown): Promise<NextResponse> {
  const { APP_URL } = env();
  if (rawAccountCode === null || rawAccountCode === undefined || rawAccountCode === "") {
    return NextResponse.redirect(`${APP_URL}/#connect`, 303);
  }
  const accountCode = normaliseAccountCode(rawAccountCode);
  if (!accountCode) return NextResponse.redirect(`${APP_URL}/?error=account-code#connect`, 303);
  const { authorizeUrl, browserNonce } = await startInstall(db(), oauthApp(), accountCode);
  const response = NextResponse.redirect(authorizeUrl, 303);
  const policy = cookiePolicy(APP_URL);
  response.cookies.set(OAUTH_BROWSER_COOKIE, browserNonce, {
    httpOnly: true,
    secure: policy.secure,
    sameSite: policy.sameSite,
    path: "/api/brightpearl/callback",
    maxAge: STATE_TTL_MS / 1000,
  });
  return response;
}

export async function GET(request: NextRequest) {
  return begin(request.nextUrl.searchParams.get("accountCode"));
}

export async function POST(request: NextRequest) {
  const form = await request.formData().catch(() => undefined);
  return begin(form?.get("accountCode") ?? "");
}
