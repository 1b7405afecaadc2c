// The events a webhook may subscribe to: the documented subscribable list plus the event codes
// integrations are seen using. Anything else is refused with INTC-064 (recorded). order.created
// and contact.* are not subscribable (community testing).
export const SUBSCRIBABLE_EVENTS = new Set([
  "goods-out-note",
  "goods-out-note.created",
  "goods-out-note.destroyed",
  "goods-out-note.modified",
  "goods-out-note.modified.printed",
  "goods-out-note.modified.picked",
  "goods-out-note.modified.packed",
  "goods-out-note.modified.un-printed",
  "goods-out-note.modified.un-picked",
  "goods-out-note.modified.un-packed",
  "goods-out-note.modified.shipped",
  "drop-ship-note",
  "drop-ship-note.created",
  "drop-ship-note.destroyed",
  "drop-ship-note.modified.shipped",
  "goods-in-note.created",
  "quarantine-release.created",
  "order",
  "order.modified",
  "order.modified.order-status",
  "order.modified.fully-shipped",
  "sales-order.created",
  "product",
  "product.created",
  "product.modified",
  "product.destroyed",
  "product.modified.on-hand-modified",
]);

/**
 * Whether a subscription receives an event: the exact event code, or a bare resource name
 * ("product") for every event of that resource, as doc examples subscribe. UNVERIFIED: that
 * "order.modified" does not also receive "order.modified.order-status" — the sandbox raises the
 * generic event alongside the specific one where integrations report seeing both.
 */
export function subscriptionMatches(subscribeTo: string, event: string): boolean {
  if (subscribeTo === event) return true;
  return !subscribeTo.includes(".") && event.startsWith(`${subscribeTo}.`);
}

/** Splits "product.modified.on-hand-modified" into the template variables. */
export function eventParts(event: string) {
  const [resourceType = "", lifecycleEvent = "", ...rest] = event.split(".");
  return { resourceType, lifecycleEvent, resourceSpecifier: rest.join(".") };
}
