import type { NextRequest } from "next/server";
import { inngest } from "@/inngest/client";
import { brightpearlAppOffReported } from "@/inngest/events";
import { normaliseAccountCode } from "@/lib/brightpearl/install";
import { log } from "@/lib/log";

// The URL Brightpearl calls when the merchant turns the app off. The request's shape is not
// documented (accountCode as a query parameter, a form field or JSON are all accepted) and nothing
// authenticates it, so it only starts a verification with Brightpearl (see lib/brightpearl/app-off.ts).

async function accountCodeOf(request: NextRequest): Promise<string | undefined> {
  const fromQuery = request.nextUrl.searchParams.get("accountCode");
  if (fromQuery) return normaliseAccountCode(fromQuery);
  if (request.method !== "POST") return undefined;
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = (await request.json().catch(() => undefined)) as { accountCode?: unknown } | undefined;
    return normaliseAccountCode(body?.accountCode);
  }
  const form = await request.formData().catch(() => undefined);
  return normaliseAccountCode(form?.get("accountCode"));
}

async function handle(request: NextRequest) {
  const accountCode = await accountCodeOf(request);
  if (!accountCode) return Response.json({ error: "accountCode is required" }, { status: 400 });
  try {
    await inngest.send(brightpearlAppOffReported.create({ accountCode }));
  } catch (error) {
    log.error("app-off report could not be enqueued", { accountCode, err: error });
    return Response.json({ error: "try again" }, { status: 503 });
  }
  return Response.json({ accepted: true }, { status: 202 });
}

export const GET = handle;
export const POST = handle;
