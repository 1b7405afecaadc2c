"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { inngest } from "@/inngest/client";
import { magentoConnectionVerified } from "@/inngest/events";
import { requireTenant } from "@/lib/auth/require-tenant";
import { DecryptionError } from "@/lib/crypto";
import { FORM_FIELDS, type FormField } from "@/lib/magento/connection-form";
import { log } from "@/lib/log";
import { connectMagentoStore, magentoReach, recheckMagentoConnection } from "@/lib/tenants/magento";
import { tenantDb } from "@/lib/tenants/scope";
import type { ConnectFormState } from "./form-state";

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
};

/**
 * Connects (or replaces) the tenant's Magento store: verified live first, saved only when the store
 * accepted everything. The tenant comes from the session, never from the form.
 */
export async function connectMagento(previous: ConnectFormState, formData: FormData): Promise<ConnectFormState> {
  const tenant = await requireTenant();
  const submitted = Object.fromEntries(FORM_FIELDS.map((f) => [f, String(formData.get(f) ?? "")])) as Record<FormField, string>;
  const result = await connectMagentoStore(tenantDb(tenant.id), tenant.id, submitted, magentoReach());
  if (!result.ok) {
    log.info("magento connection not saved", { tenantId: tenant.id, problem: result.problem, host: hostOf(submitted.baseUrl) });
    return {
      attempt: previous.attempt + 1,
      fieldErrors: result.fieldErrors,
      alert: result.alert,
      values: { baseUrl: submitted.baseUrl, storeCode: submitted.storeCode },
    };
  }
  log.info("magento connected", { tenantId: tenant.id, host: hostOf(result.baseUrl), storeCode: result.storeCode, kept: result.keptCredentials });
  try {
    await inngest.send(magentoConnectionVerified.create({ tenantId: tenant.id }));
  } catch (error) {
    // The connection is saved either way; what reacts to the event can be run again from the page.
    log.error("magento/connection.verified could not be enqueued", { tenantId: tenant.id, err: error });
  }
  revalidatePath("/", "layout");
  redirect("/onboarding/magento?connected=1");
}

/** "Check again": verifies the saved connection now; a passing check records the time. */
export async function checkMagentoAgain(): Promise<void> {
  const tenant = await requireTenant();
  try {
    const result = await recheckMagentoConnection(tenantDb(tenant.id), tenant.id, magentoReach());
    if (result && !result.ok) log.info("magento check failed", { tenantId: tenant.id, problem: result.problem });
  } catch (error) {
    // Saved under an encryption key that is gone: the page explains it and offers to replace them.
    if (!(error instanceof DecryptionError)) throw error;
  }
  revalidatePath("/", "layout");
  redirect("/onboarding/magento");
}
