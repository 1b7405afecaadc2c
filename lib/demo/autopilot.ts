import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";

// The demo autopilot, sandbox mode only: the Magento sandbox places an order every few seconds and
// the Brightpearl sandbox ships the orders the connector creates, so a newcomer sees the product
// work end to end. The app reaches the sandboxes only through their URLs, like any other service.

const status = z.array(z.object({ key: z.string(), everyMs: z.number(), runs: z.number(), lastError: z.string().optional() }).loose());

export type AutopilotTargets = { brightpearlAccount: string; magentoInstance: string };

function sandboxUrls(): { brightpearl: string; magento: string } | undefined {
  const e = env();
  if (e.CONNECTOR_MODE !== "sandbox" || !e.SANDBOX_BRIGHTPEARL_URL || !e.SANDBOX_MAGENTO_URL) return undefined;
  return { brightpearl: e.SANDBOX_BRIGHTPEARL_URL, magento: e.SANDBOX_MAGENTO_URL };
}

export const autopilotAvailable = () => sandboxUrls() !== undefined;

/** The Magento sandbox instance a base URL points at (…/m/<id>), or its default instance. */
export function magentoInstanceOf(baseUrl: string | undefined, magentoSandboxUrl: string): string {
  if (!baseUrl?.startsWith(magentoSandboxUrl)) return "default";
  return /\/m\/([^/]+)\/?$/.exec(baseUrl)?.[1] ?? "default";
}

export async function autopilotState(targets: AutopilotTargets): Promise<{ ordering: boolean; shipping: boolean } | undefined> {
  const urls = sandboxUrls();
  if (!urls) return undefined;
  try {
    const [bp, mg] = await Promise.all(
      [`${urls.brightpearl}/__sandbox/autopilot`, `${urls.magento}/__sandbox/autopilot`].map(async (u) => status.parse(await (await fetch(u, { signal: AbortSignal.timeout(3000) })).json())),
    );
    return { shipping: bp!.some((s) => s.key === targets.brightpearlAccount), ordering: mg!.some((s) => s.key === targets.magentoInstance) };
  } catch {
    return undefined;
  }
}

export async function setAutopilot(targets: AutopilotTargets, enabled: boolean): Promise<void> {
  const urls = sandboxUrls();
  if (!urls) throw new Error("the demo autopilot exists only in sandbox mode");
  const post = async (url: string) => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ enabled }), signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`the sandbox refused the autopilot (${response.status}): ${await response.text()}`);
  };
  await post(`${urls.magento}/__sandbox/instances/${encodeURIComponent(targets.magentoInstance)}/autopilot`);
  await post(`${urls.brightpearl}/__sandbox/accounts/${encodeURIComponent(targets.brightpearlAccount)}/autopilot`);
}
