import { creditMemosToImport, strandedCreditMemos, writeRefundCursor } from "@/lib/sync/refunds/detect";
import { tenantDb } from "@/lib/tenants/scope";
import { afterGoLive } from "../after-go-live";
import { inngest } from "../client";
import { magentoCreditMemoDetected, refundsPollRequested } from "../events";

export const refundsPoll = inngest.createFunction(
  {
    id: "refunds-poll",
    triggers: [refundsPollRequested],
    // one look at a time per tenant: the cursor moves in order
    concurrency: { key: "event.data.tenantId", limit: 1 },
    retries: 3,
  },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    const found = await step.run("detect", () =>
      afterGoLive(tenantId, async (deps, { goLiveAt, flows }) => {
        // A poll queued before the merchant switched refunds off finds nothing to do.
        if (!flows.refunds) return null;
        const now = new Date();
        const d = await creditMemosToImport(deps.magento, deps.scoped, { goLiveAt, now });
        const stranded = await strandedCreditMemos(deps.scoped, tenantId, now);
        return { toImport: d.toImport.filter((id) => !stranded.some((s) => s.creditMemoId === id)), stranded, nextCursor: d.nextCursor.toISOString() };
      }),
    );
    if (!found) return { skipped: "no go-live date, or the refunds flow is off" };
    const events = [
      ...found.toImport.map((creditMemoId) => magentoCreditMemoDetected.create({ tenantId, creditMemoId, reason: "schedule" })),
      ...found.stranded.map((s) => magentoCreditMemoDetected.create({ tenantId, creditMemoId: s.creditMemoId, reason: "requeue" }, { id: s.eventId })),
    ];
    if (events.length) await step.sendEvent("import", events);
    // Only once the credit memos are queued does the cursor move past them.
    await step.run("advance-cursor", () => writeRefundCursor(tenantDb(tenantId), tenantId, new Date(found.nextCursor)));
    return { imports: found.toImport.length, requeued: found.stranded.length };
  },
);
