// Every event the product sends or reacts to, declared once with its schema. Names follow
// domain/noun.verb. Flows add their events here.
import { eventType } from "inngest";
import { z } from "zod";

/** Ask for the housekeeping pass now instead of waiting for its nightly schedule. */
export const maintenancePruneRequested = eventType("system/history.prune.requested", {
  schema: z.object({ olderThanDays: z.number().int().positive().optional() }),
});
