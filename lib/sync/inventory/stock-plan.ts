// Deciding what to write for one SKU: the target quantity of each mapped source (or the legacy
// stock item) against what Magento holds now. Only values that differ are written.
import type { MagentoProduct } from "@/lib/sync/catalog/magento-catalog";
import type { SourceItem } from "./magento-stock";
import { inStockFor, legacyQuantity, sourceQuantities, type OpenQuantity, type SourceMapping, type WarehouseLevel } from "./quantities";

export type SourceChange = { sourceCode: string; target: number; before?: { quantity: number; status: 0 | 1 } };

export type StockPlan =
  | { kind: "msi"; sku: string; productId: number; changes: SourceChange[]; targets: Map<string, number> }
  | { kind: "legacy"; sku: string; productId: number; itemId?: number; target: number; before?: { qty: number; inStock: boolean }; changed: boolean };

export type PlanInput = {
  msi: boolean;
  sources: SourceMapping[];
  productId: number;
  /** Magento's product with this SKU */
  magento: MagentoProduct;
  /** Brightpearl's levels per warehouse; undefined when the product is absent from Brightpearl's answer */
  levels: ReadonlyMap<number, WarehouseLevel> | undefined;
  missingAvailability: "zero" | "skip";
  sourceItems?: ReadonlyMap<string, SourceItem>;
  open?: OpenQuantity;
};

const NOTHING: ReadonlyMap<number, WarehouseLevel> = new Map();

/**
 * The plan for one SKU, or undefined when it is left alone. Brightpearl leaves out warehouses that
 * hold nothing of a product, so a product in the answer with no warehouse at all is sold out
 * everywhere: zero. Only a product absent from the answer has "no availability", and the
 * merchant's setting says whether that means zero or "leave Magento as it is".
 */
export function planStock(input: PlanInput): StockPlan | undefined {
  if (!input.levels && input.missingAvailability === "skip") return undefined;
  const levels = input.levels ?? NOTHING;
  const sku = input.magento.sku;
  if (!input.msi) {
    const target = legacyQuantity(levels, input.sources, input.open);
    const before = input.magento.legacy;
    const changed = !before || before.qty !== target || before.inStock !== inStockFor(target);
    return { kind: "legacy", sku, productId: input.productId, itemId: before?.itemId, target, before, changed };
  }
  const targets = sourceQuantities(levels, input.sources, input.open);
  const changes: SourceChange[] = [];
  for (const [code, target] of targets) {
    const current = input.sourceItems?.get(code);
    const status = inStockFor(target) ? 1 : 0;
    if (current && current.quantity === target && current.status === status) continue;
    changes.push({ sourceCode: code, target, before: current ? { quantity: current.quantity, status: current.status } : undefined });
  }
  return { kind: "msi", sku, productId: input.productId, changes, targets };
}

export const planChanged = (plan: StockPlan) => (plan.kind === "msi" ? plan.changes.length > 0 : plan.changed);
