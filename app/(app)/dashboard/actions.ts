"use server";
import { revalidatePath } from "next/cache";
import { requireTenant } from "@/lib/auth/require-tenant";
import { autopilotTargets } from "./autopilot-targets";
import { setAutopilot } from "@/lib/demo/autopilot";

/** Sandbox mode: switches the demo autopilot for the signed-in account on or off. */
export async function switchAutopilot(formData: FormData): Promise<void> {
  const tenant = await requireTenant();
  await setAutopilot(await autopilotTargets(tenant), formData.get("enabled") === "on");
  revalidatePath("/dashboard");
}
