import type { InngestFunction } from "inngest";
import { brightpearlAuditWebhooks } from "./brightpearl-audit-webhooks";
import { brightpearlRefreshToken } from "./brightpearl-refresh-token";
import { brightpearlScheduleTokenRefresh } from "./brightpearl-schedule-token-refresh";
import { brightpearlSyncWebhooks } from "./brightpearl-sync-webhooks";
import { brightpearlVerifyAppOff } from "./brightpearl-verify-app-off";
import { inventoryAudit } from "./inventory-audit";
import { inventoryCollectChanges } from "./inventory-collect-changes";
import { inventoryFlushChanges } from "./inventory-flush-changes";
import { inventoryScheduleAudit } from "./inventory-schedule-audit";
import { inventorySweepStaleChanges } from "./inventory-sweep-stale-changes";
import { maintenancePruneHistory } from "./maintenance-prune-history";
import { ordersFollowStatus } from "./orders-follow-status";
import { ordersImport } from "./orders-import";
import { ordersImportByNumber } from "./orders-import-by-number";
import { ordersPoll } from "./orders-poll";
import { ordersReconcile } from "./orders-reconcile";
import { ordersRequeueBlocked } from "./orders-requeue-blocked";
import { ordersSchedulePoll } from "./orders-schedule-poll";
import { ordersScheduleReconcile } from "./orders-schedule-reconcile";
import { pricesAudit } from "./prices-audit";
import { pricesScheduleAudit } from "./prices-schedule-audit";
import { productsScheduleSweep } from "./products-schedule-sweep";
import { productsSweep } from "./products-sweep";
import { refundsImport } from "./refunds-import";
import { refundsPoll } from "./refunds-poll";
import { refundsRequeueBlocked } from "./refunds-requeue-blocked";
import { refundsSchedulePoll } from "./refunds-schedule-poll";
import { setupDiscover } from "./setup-discover";
import { shipmentsReceiveWebhook } from "./shipments-receive-webhook";
import { shipmentsRequeueBlocked } from "./shipments-requeue-blocked";
import { shipmentsScheduleSweep } from "./shipments-schedule-sweep";
import { shipmentsShipNote } from "./shipments-ship-note";
import { shipmentsSweep } from "./shipments-sweep";
import { statusesFollow } from "./statuses-follow";
import { statusesReceiveWebhook } from "./statuses-receive-webhook";
import { statusesScheduleSweep } from "./statuses-schedule-sweep";
import { statusesSweep } from "./statuses-sweep";

/** Every function the app serves. */
export const functions: InngestFunction.Any[] = [
  maintenancePruneHistory,
  brightpearlScheduleTokenRefresh,
  brightpearlRefreshToken,
  brightpearlSyncWebhooks,
  brightpearlAuditWebhooks,
  brightpearlVerifyAppOff,
  setupDiscover,
  // orders: Magento → Brightpearl
  ordersSchedulePoll,
  ordersPoll,
  ordersImport,
  ordersImportByNumber,
  ordersFollowStatus,
  ordersScheduleReconcile,
  ordersReconcile,
  ordersRequeueBlocked,
  // stock, prices and products: Brightpearl → Magento
  inventoryCollectChanges,
  inventoryFlushChanges,
  inventoryScheduleAudit,
  inventorySweepStaleChanges,
  inventoryAudit,
  pricesScheduleAudit,
  pricesAudit,
  productsScheduleSweep,
  productsSweep,
  // shipments and statuses: Brightpearl → Magento
  shipmentsReceiveWebhook,
  shipmentsShipNote,
  shipmentsScheduleSweep,
  shipmentsSweep,
  shipmentsRequeueBlocked,
  statusesReceiveWebhook,
  statusesFollow,
  statusesScheduleSweep,
  statusesSweep,
  // refunds: Magento credit memos → Brightpearl sales credits
  refundsSchedulePoll,
  refundsPoll,
  refundsImport,
  refundsRequeueBlocked,
];
