"use server";
import { revalidatePath } from "next/cache";
import { cookies } from "next/headers";
import { z } from "zod";
import { inngest } from "@/inngest/client";
import { inventoryAuditRequested, pricesAuditRequested } from "@/inngest/events";
import { requireTenant } from "@/lib/auth/require-tenant";
import { CHECK_ANSWER_COOKIE, requestAudit, type AuditRequestAnswer } from "@/lib/sync/catalog/audit-requests";
import { tenantDb } from "@/lib/tenants/scope";

const input = z.object({ flow: z.enum(["INVENTORY", "PRICES"]) });

/**
 * "Check stock now" / "Check prices now": queues a drift check for the signed-in tenant (never one
 * named by the form), unless one runs, was asked for within the minute, or the flow is off.
 */
export async function checkNow(formData: FormData): Promise<void> {
  const tenant = await requireTenant();
  const parsed = input.safeParse({ flow: formData.get("flow") });
  const answer: AuditRequestAnswer & { flow?: string } = parsed.success
    ? {
        flow: parsed.data.flow,
        ...(await requestAudit(tenantDb(tenant.id), tenant.id, parsed.data.flow, () =>
          inngest.send((parsed.data.flow === "INVENTORY" ? inventoryAuditRequested : pricesAuditRequested).create({ tenantId: tenant.id, trigger: "on demand" })),
        )),
      }
    : { queued: false, message: "That check is not one the dashboard offers." };
  (await cookies()).set(CHECK_ANSWER_COOKIE, JSON.stringify(answer), { maxAge: 60, httpOnly: true, sameSite: "lax", path: "/dashboard" });
  revalidatePath("/dashboard");
}
