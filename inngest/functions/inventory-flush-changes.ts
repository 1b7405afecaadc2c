import { flushRound } from "@/lib/sync/products/flush";
import { abandonChanges } from "@/lib/sync/products/pending-changes";
import { inngest } from "../client";
import { productChangesFlushRequested } from "../events";
import { catalogStep, STOCK_WRITER } from "./inventory-audit";

/** How long a flush gathers notifications before it reads anything. */
export const GATHER = "3s";
const ROUNDS = 20;

// One flush at a time per tenant, and never while the stock audit writes: it waits a few seconds
// for more notifications (the debounce), then drains the pending changes round by round. Every
// change waits at most the gathering time plus the rounds ahead of it; a burst that outlasts the
// rounds hands over to a new flush run.
export const inventoryFlushChanges = inngest.createFunction(
  {
    id: "inventory-flush-changes",
    triggers: [productChangesFlushRequested],
    concurrency: [{ key: "event.data.tenantId", limit: 1 }, STOCK_WRITER],
    retries: 6,
  },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    await step.sleep("gather", GATHER);
    let products = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // A tenant whose flows cannot run keeps no changes: the audit repairs them once it can.
      const result = await step.run(`round-${round}`, () => catalogStep(() => flushRound(tenantId), () => abandonChanges(tenantId)));
      products += result.products;
      if (!result.more) return { rounds: round + 1, products };
    }
    await step.sendEvent("continue", productChangesFlushRequested.create({ tenantId }));
    return { rounds: ROUNDS, products, continued: true };
  },
);
