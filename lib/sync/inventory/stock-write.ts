import "server-only";
import type { MagentoClient } from "@/lib/magento/client";
import { classify } from "@/lib/sync/classify";
import { recordSkuOutcomes, type SkuOutcome } from "./bulk-records";
import type { DriftLine } from "./drift-report";
import { writeLegacyStock, writeSourceItems } from "./magento-stock";
import { planChanged, type StockPlan } from "./stock-plan";

// Writing the changed SKUs of a batch of plans, recording each SKU written (or refused) and
// describing each change as a drift line (before and after).

export type WriteResult = { written: number; failed: number; lines: DriftLine[] };

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
  for (const plan of changed) {
    const error = failures.get(plan.sku);
    const failure = error === undefined ? undefined : classify(error);
    if (plan.kind === "msi") {
      const request = Object.fromEntries(plan.changes.map((c) => [c.sourceCode, c.target]));
      outcomes.push({ sku: plan.sku, status: failure ? "FAILED" : "SUCCEEDED", targetId: [...plan.targets.keys()].join(","), request: { quantities: request }, error: failure });
      for (const c of plan.changes) {
        const before = c.before?.quantity;
        lines.push({
          kind: "difference",
          sku: plan.sku,
          scope: c.sourceCode,
          brightpearlValue: String(c.target),
          magentoBefore: before === undefined ? undefined : String(before),
          magentoAfter: failure ? (before === undefined ? undefined : String(before)) : String(c.target),
          error: failure?.message,
        });
      }
    } else {
      outcomes.push({ sku: plan.sku, status: failure ? "FAILED" : "SUCCEEDED", targetId: "default", request: { quantity: plan.target }, error: failure });
      const before = plan.before?.qty;
      lines.push({
        kind: "difference",
        sku: plan.sku,
        scope: "default",
        brightpearlValue: String(plan.target),
        magentoBefore: before === undefined ? undefined : String(before),
        magentoAfter: failure ? (before === undefined ? undefined : String(before)) : String(plan.target),
        error: failure?.message,
      });
    }
  }
  await recordSkuOutcomes(tenantId, "INVENTORY", outcomes);
  return { written: changed.length - failures.size, failed: failures.size, lines };
}
