import { NonRetriableError, RetryAfterError } from "inngest";
import { IN_PROGRESS_RETRY_MS, TransientSyncError } from "@/lib/sync/failure";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { shipNote } from "@/lib/sync/shipments/ship";
import { inngest } from "../client";
import { brightpearlNoteShipped } from "../events";

export const shipmentsShipNote = inngest.createFunction(
  {
    id: "shipments-ship-note",
    triggers: [brightpearlNoteShipped],
    // one note of a tenant at a time: two notes of one order never race for its remaining quantities
    concurrency: { key: "event.data.tenantId", limit: 1 },
    retries: 6,
  },
  async ({ event, step }) =>
    step.run("ship", async () => {
      let outcome;
      try {
        outcome = await shipNote(await orderDeps(event.data.tenantId), event.data.kind, event.data.noteId);
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        if (error instanceof TransientSyncError && error.retryAfterMs) throw new RetryAfterError(error.message, error.retryAfterMs);
        throw error;
      }
      // Another attempt holds the note: look again later, so a crashed holder does not strand it.
      if (outcome.status === "in-progress") throw new RetryAfterError("another attempt is shipping this note", IN_PROGRESS_RETRY_MS);
      return outcome;
    }),
);
