import { cron } from "inngest";
import { db } from "@/lib/db";
import { inngest } from "../client";
import { brightpearlTokenRefreshRequested } from "../events";

// Tokens are refreshed on use as they near expiry; this schedule also renews those of quiet
// accounts, and finds revoked installations early (a refused renewal disconnects the tenant and
// the app shows "Reconnect Brightpearl"). Disconnected tenants are not scheduled.
const HORIZON_MS = 36 * 60 * 60 * 1000;

export const brightpearlScheduleTokenRefresh = inngest.createFunction(
  { id: "brightpearl-schedule-token-refresh", triggers: [cron("TZ=UTC 17 * * * *")], concurrency: { limit: 1 } },
  async ({ step }) => {
    const due = await step.run("find-due", async () => {
      const rows = await db().tenant.findMany({
        where: { status: "ACTIVE", accessTokenExpiresAt: { lt: new Date(Date.now() + HORIZON_MS) } },
        select: { id: true },
      });
      return rows.map((r) => r.id);
    });
    if (due.length) await step.sendEvent("request-refresh", due.map((tenantId) => brightpearlTokenRefreshRequested.create({ tenantId })));
    return { requested: due.length };
  },
);
