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

/** Brightpearl products changed (stock or data): drain the tenant's pending changes after a short gathering wait. */
export const productChangesFlushRequested = eventType("brightpearl/product-changes.flush.requested", {
  schema: z.object({ tenantId: z.string() }),
});

/** Compare every mapped SKU's stock on both sides, fix differences and store a drift report. */
export const inventoryAuditRequested = eventType("inventory/audit.requested", {
  schema: z.object({ tenantId: z.string(), trigger: z.string() }),
});

/** Compare every mapped SKU's base price on both sides, fix differences and store a drift report. */
export const pricesAuditRequested = eventType("prices/audit.requested", {
  schema: z.object({ tenantId: z.string(), trigger: z.string() }),
});

/** Re-read the Brightpearl catalogue into the SKU cache, and create the products missing in Magento (products flow). */
export const productsSweepRequested = eventType("products/sweep.requested", {
  schema: z.object({ tenantId: z.string() }),
});

/** A shipped Brightpearl goods-out or drop-ship note, to become one Magento shipment. */
export const brightpearlNoteShipped = eventType("brightpearl/note.shipped", {
  schema: z.object({ tenantId: z.string(), kind: z.enum(["goods-out", "drop-ship"]), noteId: z.number().int(), reason: z.string().optional() }),
});

/** Look for notes shipped in the last hours that no webhook brought (shipments flow). */
export const shipmentsSweepRequested = eventType("shipments/sweep.requested", {
  schema: z.object({ tenantId: z.string() }),
});

/** A Brightpearl sales order the connector imported changed status or was invoiced: follow it in Magento. */
export const brightpearlOrderStatusChanged = eventType("brightpearl/order.status.changed", {
  schema: z.object({ tenantId: z.string(), orderId: z.number().int(), reason: z.string().optional() }),
});

/** Look for the connector's Brightpearl orders changed since the last look (statuses, invoices). */
export const statusesSweepRequested = eventType("statuses/sweep.requested", {
  schema: z.object({ tenantId: z.string() }),
});

/** Look for Magento credit memos created since the tenant's cursor. */
export const refundsPollRequested = eventType("refunds/poll.requested", {
  schema: z.object({ tenantId: z.string() }),
});

/** A Magento credit memo to record in Brightpearl as a sales credit with its refund. */
export const magentoCreditMemoDetected = eventType("magento/creditmemo.detected", {
  schema: z.object({ tenantId: z.string(), creditMemoId: z.number().int(), reason: z.string().optional() }),
});
