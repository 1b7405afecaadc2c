import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/session";

// next-auth's endpoints (session, csrf, sign-out). Options are built per request: configuration
// is read at run time, not while the app is being built.
type Context = { params: Promise<{ nextauth: string[] }> };
const handler = (request: Request, context: Context) => NextAuth(authOptions())(request, context);

export { handler as GET, handler as POST };
