import { brightpearlAuditWebhooks } from "./brightpearl-audit-webhooks";
import { brightpearlRefreshToken } from "./brightpearl-refresh-token";
import { brightpearlScheduleTokenRefresh } from "./brightpearl-schedule-token-refresh";
import { brightpearlSyncWebhooks } from "./brightpearl-sync-webhooks";
import { brightpearlVerifyAppOff } from "./brightpearl-verify-app-off";
import { maintenancePruneHistory } from "./maintenance-prune-history";
import { ordersFollowStatus } from "./orders-follow-status";
import { ordersImport } from "./orders-import";
import { ordersImportByNumber } from "./orders-import-by-number";
import { ordersPoll } from "./orders-poll";
import { ordersReconcile } from "./orders-reconcile";
import { ordersRequeueBlocked } from "./orders-requeue-blocked";
import { ordersSchedulePoll } from "./orders-schedule-poll";
import { ordersScheduleReconcile } from "./orders-schedule-reconcile";
import { setupDiscover } from "./setup-discover";

/** Every function the app serves. */
export const functions = [
  maintenancePruneHistory,
  brightpearlScheduleTokenRefresh,
  brightpearlRefreshToken,
  brightpearlSyncWebhooks,
  brightpearlAuditWebhooks,
  brightpearlVerifyAppOff,
  ordersSchedulePoll,
  ordersPoll,
  ordersImport,
  ordersImportByNumber,
  ordersFollowStatus,
  ordersScheduleReconcile,
  ordersReconcile,
  ordersRequeueBlocked,
  setupDiscover,
];
