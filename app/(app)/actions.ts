"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { sessionCookieName } from "@/lib/auth/session";

/** Ends the session in this browser; the connection keeps running. */
export async function signOut(): Promise<void> {
  (await cookies()).delete(sessionCookieName());
  redirect("/");
}
