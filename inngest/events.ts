// Every event the product sends or reacts to, declared once with its schema. Names follow
// domain/noun.verb. Flows add their events here.
import { eventType } from "inngest";
import { z } from "zod";

/** Ask for the housekeeping pass now instead of waiting for its nightly schedule. */
export const maintenancePruneRequested = eventType("system/history.prune.requested", {
  schema: z.object({ olderThanDays: z.number().int().positive().optional() }),
});

/** A Brightpearl webhook delivery, accepted by the receiver (secret and account checked). */
export const brightpearlWebhookReceived = eventType("brightpearl/webhook.received", {
  schema: z.object({
    tenantId: z.string(),
    fullEvent: z.string(),
    resourceType: z.string(),
    lifecycleEvent: z.string(),
    /** the ids as Brightpearl sent them: an ID set such as "1-5,9" */
    idSet: z.string(),
    raisedOn: z.string().optional(),
  }),
});

/** A Brightpearl account finished the authorization (first install or reconnect). */
export const brightpearlTenantConnected = eventType("brightpearl/tenant.connected", {
  schema: z.object({ tenantId: z.string() }),
});

/** Bring a tenant's Brightpearl webhooks in line with the flows it has switched on. */
export const brightpearlWebhooksSyncRequested = eventType("brightpearl/webhooks.sync.requested", {
  schema: z.object({ tenantId: z.string(), reason: z.string() }),
});

/** Renew a tenant's access token ahead of its expiry. */
export const brightpearlTokenRefreshRequested = eventType("brightpearl/token.refresh.requested", {
  schema: z.object({ tenantId: z.string() }),
});

/** Something called the app-off URL for an account; verified with Brightpearl before acting. */
export const brightpearlAppOffReported = eventType("brightpearl/app.off.reported", {
  schema: z.object({ accountCode: z.string() }),
});

/** A tenant saved a verified Magento connection (first time or replaced). */
export const magentoConnectionVerified = eventType("magento/connection.verified", {
  schema: z.object({ tenantId: z.string() }),
});

/** Read both sides again: stores, sources, channels, warehouses, statuses, methods, taxes. */
export const setupDiscoveryRequested = eventType("setup/discovery.requested", {
  schema: z.object({ tenantId: z.string(), reason: z.string() }),
});

/** Look for Magento orders that changed since the tenant's cursor. */
export const ordersPollRequested = eventType("orders/poll.requested", {
  schema: z.object({ tenantId: z.string() }),
});

/** A Magento order to import (found by the schedule, a reconciliation, or asked for by the merchant). */
export const magentoOrderDetected = eventType("magento/order.detected", {
  schema: z.object({ tenantId: z.string(), orderId: z.number().int(), incrementId: z.string().optional(), reason: z.string().optional() }),
});

/** "Import order #…" from the dashboard: by Magento increment id. */
export const orderImportRequested = eventType("sync/order.import.requested", {
  schema: z.object({ tenantId: z.string(), incrementId: z.string() }),
});

/** An imported Magento order whose status changed (e.g. cancelled). */
export const magentoOrderStatusChanged = eventType("magento/order.status.changed", {
  schema: z.object({ tenantId: z.string(), orderId: z.number().int() }),
});

/** Reconcile a tenant's orders: "missing" (every order since go-live) or "lookback" (the last 48 hours). */
export const ordersReconcileRequested = eventType("orders/reconcile.requested", {
  schema: z.object({ tenantId: z.string(), mode: z.enum(["missing", "lookback"]) }),
});

/** The merchant changed a mapping or setting: orders blocked on it are tried again. */
export const setupChanged = eventType("setup/changed", {
  schema: z.object({ tenantId: z.string(), reason: z.string() }),
});
