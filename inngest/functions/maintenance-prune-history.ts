import { cron } from "inngest";
import { db } from "@/lib/db";
import { pruneHistory, RETENTION } from "@/lib/sync/history-retention";
import { inngest } from "../client";
import { maintenancePruneRequested } from "../events";

export const maintenancePruneHistory = inngest.createFunction(
  {
    id: "maintenance-prune-history",
    triggers: [cron("TZ=UTC 30 3 * * *"), maintenancePruneRequested],
    concurrency: { limit: 1 },
  },
  async ({ event, step }) => {
    const payloadDays = event.name === maintenancePruneRequested.name ? (event.data.olderThanDays ?? RETENTION.payloadDays) : RETENTION.payloadDays;
    return step.run("prune", () => pruneHistory(db(), new Date(), payloadDays));
  },
);
