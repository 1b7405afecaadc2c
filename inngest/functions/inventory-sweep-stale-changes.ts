import { cron } from "inngest";
import { claimStaleFlushes, flushEventId } from "@/lib/sync/products/pending-changes";
import { inngest } from "../client";
import { productChangesFlushRequested } from "../events";

// Every minute: a flush asked for longer ago than the longest a change may wait, and not finished,
// was lost (its request never went out, or its run gave up). One indexed statement finds and
// claims those tenants; each gets a new flush.
export const inventorySweepStaleChanges = inngest.createFunction(
  { id: "inventory-sweep-stale-changes", triggers: [cron("TZ=UTC * * * * *")], concurrency: { limit: 1 } },
  async ({ step, runId }) => {
    const sweepId = `stale-sweep:${runId}`;
    const tenants = await step.run("claim-stale-flushes", () => claimStaleFlushes(sweepId));
    if (tenants.length) await step.sendEvent("flush", tenants.map((tenantId) => productChangesFlushRequested.create({ tenantId }, { id: flushEventId(tenantId, sweepId) })));
    return { staleFlushes: tenants.length };
  },
);
