"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { inngest } from "@/inngest/client";
import { setupChanged, setupDiscoveryRequested } from "@/inngest/events";
import { requireTenant } from "@/lib/auth/require-tenant";
import { log } from "@/lib/log";
import { parseMappingRow } from "@/lib/setup/mapping-form";
import { loadSnapshots } from "@/lib/setup/snapshots";
import { deleteMapping, mappingKinds, saveMapping, type MappingKind, type MappingTarget } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";

export type RowState = { status: "idle" | "saved" | "error"; message?: string; field?: string };

const PAGE = "/onboarding/mappings";

/** Orders held for a missing mapping are tried again once the mappings change. */
async function announceChange(tenantId: string, reason: string): Promise<void> {
  try {
    await inngest.send(setupChanged.create({ tenantId, reason }));
  } catch (error) {
    // The change is saved; blocked orders are also retried on their own schedule.
    log.error("setup change could not be announced", { tenantId, err: error });
  }
}

/** Saves one row as the merchant's choice (a suggestion saved this way is confirmed). */
export async function saveMappingRow(_previous: RowState, form: FormData): Promise<RowState> {
  const tenant = await requireTenant();
  const scoped = tenantDb(tenant.id);
  const { brightpearl } = await loadSnapshots(scoped);
  const parsed = parseMappingRow(form, brightpearl?.data ?? null);
  if (!parsed.ok) return { status: "error", message: parsed.error, field: parsed.field };
  const { kind, sourceKey, target } = parsed.row;
  await saveMapping(scoped, tenant.id, kind, sourceKey, target as MappingTarget<MappingKind>, false);
  await announceChange(tenant.id, `${kind} mapping for ${sourceKey} saved`);
  revalidatePath(PAGE);
  return { status: "saved", message: "Saved" };
}

const deleteSchema = z.object({ kind: z.enum(mappingKinds as [MappingKind, ...MappingKind[]]), sourceKey: z.string().min(1).max(255) });

export async function deleteMappingRow(form: FormData): Promise<void> {
  const tenant = await requireTenant();
  const parsed = deleteSchema.safeParse({ kind: form.get("kind"), sourceKey: form.get("sourceKey") });
  if (!parsed.success) return;
  await deleteMapping(tenantDb(tenant.id), parsed.data.kind, parsed.data.sourceKey);
  await announceChange(tenant.id, `${parsed.data.kind} mapping for ${parsed.data.sourceKey} deleted`);
  revalidatePath(PAGE);
}

/** Accepts every suggestion as it stands. */
export async function confirmAllSuggestions(): Promise<void> {
  const tenant = await requireTenant();
  await tenantDb(tenant.id).mapping.updateMany({ where: { suggested: true }, data: { suggested: false } });
  revalidatePath(PAGE);
}

/** Reads both sides again in the background; the page follows the run until the new read lands. */
export async function refreshDiscovery(): Promise<void> {
  const tenant = await requireTenant();
  const requestedAt = Date.now();
  try {
    await inngest.send(setupDiscoveryRequested.create({ tenantId: tenant.id, reason: "refresh pressed on the mappings page" }));
  } catch (error) {
    log.error("discovery could not be requested", { tenantId: tenant.id, err: error });
    redirect(`${PAGE}?refresh=failed`);
  }
  redirect(`${PAGE}?refresh=${requestedAt}`);
}
