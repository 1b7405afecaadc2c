"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { inngest } from "@/inngest/client";
import { magentoOrderDetected, orderImportRequested } from "@/inngest/events";
import { requireTenant } from "@/lib/auth/require-tenant";
import { setAutopilot } from "@/lib/demo/autopilot";
import { tenantDb } from "@/lib/tenants/scope";
import { autopilotTargets } from "./autopilot-targets";

export type ActionResult = { ok: boolean; message: string };

/** Sandbox mode: switches the demo autopilot for the signed-in account on or off. */
export async function switchAutopilot(formData: FormData): Promise<void> {
  const tenant = await requireTenant();
  await setAutopilot(await autopilotTargets(tenant), formData.get("enabled") === "on");
  revalidatePath("/dashboard");
}

const orderNumber = z
  .string()
  .trim()
  .transform((v) => v.replace(/^#/, ""))
  .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,50}$/, "Enter the order number as Magento shows it, e.g. 000000123."));

/** "Import order #…": queues the order by its Magento number. */
export async function importOrderByNumber(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const tenant = await requireTenant();
  const parsed = orderNumber.safeParse(formData.get("incrementId") ?? "");
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  await inngest.send(orderImportRequested.create({ tenantId: tenant.id, incrementId: parsed.data }));
  return { ok: true, message: `Order #${parsed.data} is queued; it appears below within a few seconds.` };
}

const sourceId = z.string().regex(/^\d{1,12}$/);

/** Retry one order that failed or is blocked. Only the signed-in tenant's own records can be named. */
export async function retryOrder(formData: FormData): Promise<void> {
  const tenant = await requireTenant();
  const parsed = sourceId.safeParse(formData.get("sourceId"));
  if (!parsed.success) return;
  const record = await tenantDb(tenant.id).syncRecord.findFirst({ where: { flow: "ORDERS", sourceId: parsed.data, status: { in: ["FAILED", "BLOCKED", "RETRYING"] } } });
  if (!record) return;
  await inngest.send(magentoOrderDetected.create({ tenantId: tenant.id, orderId: Number(record.sourceId), reason: "retry" }));
  revalidatePath("/dashboard");
}

/** Retry every failed order. */
export async function retryFailedOrders(): Promise<void> {
  const tenant = await requireTenant();
  const failed = await tenantDb(tenant.id).syncRecord.findMany({ where: { flow: "ORDERS", status: "FAILED" }, select: { sourceId: true } });
  if (failed.length) await inngest.send(failed.map((r) => magentoOrderDetected.create({ tenantId: tenant.id, orderId: Number(r.sourceId), reason: "retry" })));
  revalidatePath("/dashboard");
}
