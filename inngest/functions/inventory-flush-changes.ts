import { NonRetriableError, RetryAfterError } from "inngest";
import { classify } from "@/lib/sync/classify";
import { FlowUnavailable } from "@/lib/sync/inventory/context";
import { flushRound } from "@/lib/sync/products/flush";
import { inngest } from "../client";
import { productChangesFlushRequested } from "../events";

/** How long a flush gathers notifications before it reads anything. */
export const GATHER = "3s";
const ROUNDS = 20;

// One flush at a time per tenant: it waits a few seconds for more notifications (the debounce),
// then drains the pending changes round by round. Every change waits at most the gathering time
// plus the rounds ahead of it; a burst that outlasts the rounds hands over to a new flush run.
export const inventoryFlushChanges = inngest.createFunction(
  {
    id: "inventory-flush-changes",
    triggers: [productChangesFlushRequested],
    concurrency: { key: "event.data.tenantId", limit: 1 },
    retries: 6,
  },
  async ({ event, step }) => {
    const { tenantId } = event.data;
    await step.sleep("gather", GATHER);
    let products = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const result = await step.run(`round-${round}`, async () => {
        try {
          return await flushRound(tenantId);
        } catch (error) {
          if (error instanceof FlowUnavailable) throw new NonRetriableError(error.message);
          const failure = classify(error);
          if (failure.retryAfterMs) throw new RetryAfterError(failure.message, failure.retryAfterMs);
          throw error;
        }
      });
      products += result.products;
      if (!result.more) return { rounds: round + 1, products };
    }
    await step.sendEvent("continue", productChangesFlushRequested.create({ tenantId }));
    return { rounds: ROUNDS, products, continued: true };
  },
);
