import type { WebhookSpec } from "@/lib/brightpearl/webhooks";

/**
 * The Brightpearl webhooks a tenant needs, given which flows are on. The subscription function
 * registers exactly this set (reconciling what is already there), so switching a flow off removes
 * its webhooks too.
 */
export function wantedWebhooks(enabledFlows: ReadonlySet<string>): WebhookSpec[] {
  const specs = new Map<string, WebhookSpec>();
  for (const [flow, events] of Object.entries(FLOW_WEBHOOKS)) {
    if (!enabledFlows.has(flow)) continue;
    for (const spec of events) specs.set(spec.event, spec);
  }
  return [...specs.values()];
}

// At-least-once delivery with ID sets: handlers are idempotent and re-fetch what the ids name.
const atLeastOnce = (event: string): WebhookSpec => ({ event, qualityOfService: 1, idSetAccepted: true });

/** Flow → the Brightpearl events it reacts to. */
export const FLOW_WEBHOOKS: Record<string, WebhookSpec[]> = {
  // stock changes, and product changes that keep the SKU ↔ product map fresh
  inventory: ["product.modified.on-hand-modified", "product.created", "product.modified"].map(atLeastOnce),
  prices: ["product.modified", "product.created"].map(atLeastOnce),
  products: ["product.created", "product.modified"].map(atLeastOnce),
  // shipped goods-out and drop-ship notes; order status changes written back to Magento
  shipments: ["goods-out-note.modified.shipped", "drop-ship-note.modified.shipped", "order.modified.order-status"].map(atLeastOnce),
};
