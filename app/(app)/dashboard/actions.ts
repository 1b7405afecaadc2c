"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { inngest } from "@/inngest/client";
import { brightpearlNoteShipped, brightpearlOrderStatusChanged, magentoCreditMemoDetected, magentoOrderDetected, orderImportRequested } from "@/inngest/events";
import { requireTenant } from "@/lib/auth/require-tenant";
import { setAutopilot } from "@/lib/demo/autopilot";
import { FULFILMENT_FLOWS, retryTarget, type RetryTarget } from "@/lib/sync/dashboard";
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
const RETRYABLE = ["FAILED", "BLOCKED", "RETRYING"] as const;

/** Retry one order that failed or is blocked. Only the signed-in tenant's own records can be named. */
export async function retryOrder(formData: FormData): Promise<void> {
  const tenant = await requireTenant();
  const parsed = sourceId.safeParse(formData.get("sourceId"));
  if (!parsed.success) return;
  const record = await tenantDb(tenant.id).syncRecord.findFirst({ where: { flow: "ORDERS", sourceId: parsed.data, status: { in: [...RETRYABLE] } } });
  if (!record) return;
  await inngest.send(magentoOrderDetected.create({ tenantId: tenant.id, orderId: Number(record.sourceId), reason: "retry" }));
  revalidatePath("/dashboard");
}

/** The event a flow starts from, for one record of it. */
function retryEvent(tenantId: string, target: RetryTarget) {
  if (target.flow === "SHIPMENTS") return brightpearlNoteShipped.create({ tenantId, kind: target.kind, noteId: target.noteId, reason: "retry" });
  if (target.flow === "ORDER_STATUS") return brightpearlOrderStatusChanged.create({ tenantId, orderId: target.orderId, reason: "retry" });
  return magentoCreditMemoDetected.create({ tenantId, creditMemoId: target.creditMemoId, reason: "retry" });
}

const fulfilmentRecord = z.object({ flow: z.enum(FULFILMENT_FLOWS), sourceId: z.string().regex(/^[a-z-]{0,12}:?\d{1,12}$/) });

/** Retry one shipment, status write-back or refund. Only the signed-in tenant's own records can be named. */
export async function retryFulfilment(formData: FormData): Promise<void> {
  const tenant = await requireTenant();
  const parsed = fulfilmentRecord.safeParse({ flow: formData.get("flow"), sourceId: formData.get("sourceId") });
  if (!parsed.success) return;
  const record = await tenantDb(tenant.id).syncRecord.findFirst({ where: { flow: parsed.data.flow, sourceId: parsed.data.sourceId, status: { in: [...RETRYABLE] } } });
  const target = record && retryTarget(parsed.data.flow, record.sourceId);
  if (!target) return;
  await inngest.send(retryEvent(tenant.id, target));
  revalidatePath("/dashboard");
}

/** Retry everything that failed, in every flow. */
export async function retryFailedOrders(): Promise<void> {
  const tenant = await requireTenant();
  const failed = await tenantDb(tenant.id).syncRecord.findMany({ where: { flow: { in: ["ORDERS", ...FULFILMENT_FLOWS] }, status: "FAILED" }, select: { flow: true, sourceId: true } });
  const orders = failed.filter((r) => r.flow === "ORDERS" && /^\d+$/.test(r.sourceId));
  const others = failed.flatMap((r) => {
    const target = r.flow === "ORDERS" ? undefined : retryTarget(r.flow as (typeof FULFILMENT_FLOWS)[number], r.sourceId);
    return target ? [target] : [];
  });
  const events = [
    ...orders.map((r) => magentoOrderDetected.create({ tenantId: tenant.id, orderId: Number(r.sourceId), reason: "retry" })),
    ...others.map((target) => retryEvent(tenant.id, target)),
  ];
  if (events.length) await inngest.send(events);
  revalidatePath("/dashboard");
}
