import { brightpearlAuditWebhooks } from "./brightpearl-audit-webhooks";
import { brightpearlRefreshToken } from "./brightpearl-refresh-token";
import { brightpearlScheduleTokenRefresh } from "./brightpearl-schedule-token-refresh";
import { brightpearlSyncWebhooks } from "./brightpearl-sync-webhooks";
import { brightpearlVerifyAppOff } from "./brightpearl-verify-app-off";
import { maintenancePruneHistory } from "./maintenance-prune-history";

/** Every function the app serves. */
export const functions = [
  maintenancePruneHistory,
  brightpearlScheduleTokenRefresh,
  brightpearlRefreshToken,
  brightpearlSyncWebhooks,
  brightpearlAuditWebhooks,
  brightpearlVerifyAppOff,
];
