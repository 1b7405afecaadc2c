import type { DriftLine } from "./drift-report";

/** The drift line for a SKU a second Brightpearl product also carries: a problem for the merchant to fix. */
export function duplicateLine(sku: string, keptProductId: number, otherProductId: number, what: "stock" | "price"): DriftLine {
  return {
    kind: "duplicate",
    sku,
    brightpearlValue: `products ${keptProductId} and ${otherProductId}`,
    error: `Brightpearl products ${keptProductId} and ${otherProductId} both have SKU ${sku}. Magento gets the ${what} of product ${keptProductId} (the older one); give the other product its own SKU in Brightpearl.`,
  };
}
