import "server-only";
import type { MagentoClient } from "@/lib/magento/client";
import type { DriftLine } from "@/lib/sync/catalog/drift-report";
import { recordSkuOutcomes, type SkuOutcome } from "@/lib/sync/catalog/sku-records";
import { classify } from "@/lib/sync/classify";
import { writeLegacyStock, writeSourceItems } from "./magento-stock";
import { planChanged, type StockPlan } from "./stock-plan";

// Writing the changed SKUs of a batch of plans, recording each SKU written (or refused) and
// describing each change as a drift line (before and after). A failure that is not one SKU's
// (credentials, an unavailable store) is thrown before anything is recorded.

export type WriteResult = { written: number; failed: number; lines: DriftLine[] };

const text = (n: number | undefined) => (n === undefined ? undefined : String(n));

export async function applyStockPlans(tenantId: string, magento: MagentoClient, plans: StockPlan[]): Promise<WriteResult> {
  const changed = plans.filter(planChanged);
  const failures = new Map<string, unknown>();
  const msi = changed.filter((p): p is Extract<StockPlan, { kind: "msi" }> => p.kind === "msi");
  const legacy = changed.filter((p): p is Extract<StockPlan, { kind: "legacy" }> => p.kind === "legacy");
  if (msi.length) {
    const items = msi.flatMap((p) => p.changes.map((c) => ({ sku: p.sku, sourceCode: c.sourceCode, quantity: c.target, status: (c.target > 0 ? 1 : 0) as 0 | 1 })));
    for (const f of await writeSourceItems(magento, items)) failures.set(f.sku, f.error);
  }
  if (legacy.length) {
    for (const f of await writeLegacyStock(magento, legacy.map((p) => ({ sku: p.sku, itemId: p.itemId, qty: p.target, inStock: p.target > 0 })))) failures.set(f.sku, f.error);
  }

  const outcomes: SkuOutcome[] = [];
  const lines: DriftLine[] = [];
  const line = (sku: string, scope: string, target: number, before: number | undefined, failure: { message: string } | undefined): DriftLine => ({
    kind: "difference",
    sku,
    scope,
    brightpearlValue: String(target),
    magentoBefore: text(before),
    magentoAfter: failure ? text(before) : String(target),
    error: failure?.message,
  });
  for (const plan of changed) {
    const error = failures.get(plan.sku);
    const failure = error === undefined ? undefined : classify(error);
    const status = failure ? "FAILED" : "SUCCEEDED";
    if (plan.kind === "msi") {
      const request = Object.fromEntries(plan.changes.map((c) => [c.sourceCode, c.target]));
      outcomes.push({ sku: plan.sku, status, targetId: [...plan.targets.keys()].join(","), request: { quantities: request }, error: failure });
      for (const c of plan.changes) lines.push(line(plan.sku, c.sourceCode, c.target, c.before?.quantity, failure));
    } else {
      outcomes.push({ sku: plan.sku, status, targetId: "default", request: { quantity: plan.target }, error: failure });
      lines.push(line(plan.sku, "default", plan.target, plan.before?.qty, failure));
    }
  }
  await recordSkuOutcomes(tenantId, "INVENTORY", outcomes);
  return { written: changed.length - failures.size, failed: failures.size, lines };
}
