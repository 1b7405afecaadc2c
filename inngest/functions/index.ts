import { maintenancePruneHistory } from "./maintenance-prune-history";

/** Every function the app serves. */
export const functions = [maintenancePruneHistory];
