import "server-only";
import { getServerSession, type NextAuthOptions } from "next-auth";
import { encode } from "next-auth/jwt";
import { env } from "@/lib/env";
import { cookiePolicy } from "./cookies";

// Sessions are next-auth JWTs (no session table) carrying the tenant they are bound to. They are
// minted by the Brightpearl OAuth callback: signing in is installing or reconnecting the app.

export const SESSION_MAX_AGE_S = 7 * 24 * 60 * 60;

declare module "next-auth" {
  interface Session {
    tenantId: string;
    accountCode: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    tenantId?: string;
    accountCode?: string;
  }
}

export function authOptions(): NextAuthOptions {
  const e = env();
  const policy = cookiePolicy(e.APP_URL);
  const cookie = (name: string, httpOnly = true) => ({
    name: `${policy.prefix}${name}`,
    options: { httpOnly, sameSite: policy.sameSite, path: "/", secure: policy.secure },
  });
  return {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    providers: [],
    cookies: {
      sessionToken: cookie("connector.session"),
      csrfToken: cookie("connector.csrf"),
      callbackUrl: cookie("connector.callback-url"),
    },
    pages: { signIn: "/" },
    callbacks: {
      session({ session, token }) {
        return { ...session, tenantId: token.tenantId ?? "", accountCode: token.accountCode ?? "" };
      },
    },
  };
}

export function sessionCookieName(): string {
  return authOptions().cookies!.sessionToken!.name;
}

/** A signed session cookie for the tenant, for the OAuth callback to set. */
export async function mintSessionCookie(tenant: { id: string; accountCode: string }) {
  const options = authOptions();
  const value = await encode({
    token: { sub: tenant.id, tenantId: tenant.id, accountCode: tenant.accountCode },
    secret: options.secret!,
    maxAge: SESSION_MAX_AGE_S,
  });
  const { name, options: cookieOptions } = options.cookies!.sessionToken!;
  return { name, value, options: { ...cookieOptions, maxAge: SESSION_MAX_AGE_S } };
}

export type SignedIn = { tenantId: string; accountCode: string };

/** The signed-in tenant of this request, or null. */
export async function currentSession(): Promise<SignedIn | null> {
  const session = await getServerSession(authOptions());
  return session?.tenantId ? { tenantId: session.tenantId, accountCode: session.accountCode } : null;
}
