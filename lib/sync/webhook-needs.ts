import type { WebhookSpec } from "@/lib/brightpearl/webhooks";

/**
 * The Brightpearl webhooks a tenant needs, given which flows are on. Each flow that listens to
 * Brightpearl adds its events here; the subscription function registers exactly this set.
 */
export function wantedWebhooks(enabledFlows: ReadonlySet<string>): WebhookSpec[] {
  const specs = new Map<string, WebhookSpec>();
  for (const [flow, events] of Object.entries(FLOW_WEBHOOKS)) {
    if (!enabledFlows.has(flow)) continue;
    for (const spec of events) specs.set(spec.event, spec);
  }
  return [...specs.values()];
}

/** Flow → the Brightpearl events it reacts to. */
export const FLOW_WEBHOOKS: Record<string, WebhookSpec[]> = {};
