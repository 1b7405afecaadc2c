import { NonRetriableError } from "inngest";
import { FlowUnavailable, orderDeps } from "@/lib/sync/orders/tenants";
import { notesToSweep } from "@/lib/sync/shipments/sweep";
import { flowIsOn } from "@/lib/tenants/flow-tenants";
import { inngest } from "../client";
import { brightpearlNoteShipped, shipmentsSweepRequested } from "../events";

export const shipmentsSweep = inngest.createFunction(
  { id: "shipments-sweep", triggers: [shipmentsSweepRequested], concurrency: { key: "event.data.tenantId", limit: 1 }, retries: 3 },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const missed = await step.run("find-missed", async () => {
      try {
        const deps = await orderDeps(tenantId);
        if (!(await flowIsOn(deps.scoped, "shipments"))) return [];
        return await notesToSweep(deps.brightpearl, deps.scoped, tenantId, new Date());
      } catch (error) {
        if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
        throw error;
      }
    });
    if (missed.length) {
      await step.sendEvent(
        "ship",
        missed.map((n) => brightpearlNoteShipped.create({ tenantId, kind: n.kind, noteId: n.id, reason: "sweep" }, { id: n.eventId })),
      );
    }
    return { missed: missed.length };
  },
);
