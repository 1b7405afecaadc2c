"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { inngest } from "@/inngest/client";
import { brightpearlWebhooksSyncRequested, setupChanged } from "@/inngest/events";
import { requireTenant } from "@/lib/auth/require-tenant";
import { log } from "@/lib/log";
import { parseGoLive, parseOptionsForm } from "@/lib/setup/options-form";
import { missingFor, type Missing } from "@/lib/setup/requirements";
import { discoveriesOf, loadSnapshots } from "@/lib/setup/snapshots";
import { MagentoError } from "@/lib/magento/errors";
import { missingGrants } from "@/lib/magento/resources";
import { magentoFor } from "@/lib/tenants/magento";
import { loadMappings } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { FLOW_NAMES, GoLiveError, loadSetup, saveFlowSwitches, saveOptions, setGoLive, type SettingsOptions } from "@/lib/tenants/settings";

const PAGE = "/onboarding/go-live";

/** Orders held for a setting are tried again once the settings change. */
async function announceChange(tenantId: string, reason: string): Promise<void> {
  try {
    await inngest.send(setupChanged.create({ tenantId, reason }));
  } catch (error) {
    // The change is saved; blocked orders are also retried on their own schedule.
    log.error("setup change could not be announced", { tenantId, err: error });
  }
}

export type GoLiveState = { status: "idle" | "saved" | "error"; message?: string };

export async function saveGoLiveDate(_previous: GoLiveState, form: FormData): Promise<GoLiveState> {
  const tenant = await requireTenant();
  const raw = form.get("goLiveAt");
  const date = typeof raw === "string" ? parseGoLive(raw) : undefined;
  if (!date) return { status: "error", message: "Enter a date and time, e.g. 2026-03-01 09:00 (UTC)." };
  try {
    await setGoLive(tenantDb(tenant.id), tenant.id, date);
  } catch (error) {
    if (error instanceof GoLiveError) return { status: "error", message: error.message };
    throw error;
  }
  await announceChange(tenant.id, "go-live date changed");
  revalidatePath(PAGE);
  return { status: "saved", message: "Go-live date saved." };
}

export type OptionsState = { status: "idle" | "saved" | "error"; errors?: Partial<Record<keyof SettingsOptions, string>> };

export async function saveSettingsOptions(_previous: OptionsState, form: FormData): Promise<OptionsState> {
  const tenant = await requireTenant();
  const scoped = tenantDb(tenant.id);
  const { brightpearl } = await loadSnapshots(scoped);
  const parsed = parseOptionsForm(form, brightpearl?.data?.nominalCodes.map((n) => n.code));
  if (!parsed.ok) return { status: "error", errors: parsed.errors };
  await saveOptions(scoped, tenant.id, parsed.options);
  await announceChange(tenant.id, "choices saved");
  revalidatePath(PAGE);
  return { status: "saved" };
}

export type FlowState = { status: "idle" | "saved" | "refused"; message?: string; missing?: Missing[] };

const flowSchema = z.object({ flow: z.enum(FLOW_NAMES), on: z.enum(["true", "false"]).transform((v) => v === "true") });

/**
 * Switches one flow. Turning a flow on is refused while anything it needs is missing; turning one
 * off always works. Brightpearl's webhooks are then brought in line with the flows that are on.
 */
export async function switchFlow(_previous: FlowState, form: FormData): Promise<FlowState> {
  const tenant = await requireTenant();
  const parsed = flowSchema.safeParse({ flow: form.get("flow"), on: form.get("on") });
  if (!parsed.success) return { status: "refused", message: "That flow switch is not one the connector knows." };
  const { flow, on } = parsed.data;
  const scoped = tenantDb(tenant.id);
  const [setup, mappings, snapshots] = await Promise.all([loadSetup(scoped), loadMappings(scoped), loadSnapshots(scoped)]);
  if (on) {
    const missing = missingFor(flow, discoveriesOf(snapshots), mappings, setup);
    if (missing.length) return { status: "refused", message: `The ${flow} flow cannot be turned on yet. Missing:`, missing };
    // Permissions are optional while every flow is off; this flow needs its own now.
    const magento = await magentoFor(scoped, tenant.id);
    if (magento) {
      try {
        const denied = await missingGrants(magento, flow);
        if (denied.length) {
          return {
            status: "refused",
            message: `The ${flow} flow needs the Magento integration to have more API resources. In Magento, edit the integration, tick them on the API tab, save and re-authorize, then paste the new tokens:`,
            missing: denied.map((d) => ({ text: `${d.label} (${d.resource}) — to ${d.purpose}`, href: "/onboarding/magento" })),
          };
        }
      } catch (error) {
        if (!(error instanceof MagentoError)) throw error;
        return { status: "refused", message: `Magento could not be checked before turning the ${flow} flow on: ${error.message}` };
      }
    }
  }
  if (setup.flows[flow] === on) return { status: "saved" };
  await saveFlowSwitches(scoped, tenant.id, { ...setup.flows, [flow]: on });
  try {
    await inngest.send(brightpearlWebhooksSyncRequested.create({ tenantId: tenant.id, reason: `${flow} flow turned ${on ? "on" : "off"}` }));
  } catch (error) {
    // The switch stands; the daily webhook audit brings the subscriptions in line if this was lost.
    log.error("webhook sync could not be requested", { tenantId: tenant.id, err: error });
  }
  revalidatePath(PAGE);
  return { status: "saved", message: `The ${flow} flow is ${on ? "on" : "off"}.` };
}
