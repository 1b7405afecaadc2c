import type { FlowName } from "@/lib/tenants/settings";

/** The flows as the merchant knows them from the go-live step. */
export const FLOW_LABELS: Record<FlowName, string> = {
  orders: "Orders",
  inventory: "Stock",
  prices: "Prices",
  products: "New products",
  shipments: "Shipments and statuses",
  refunds: "Refunds",
};

export const flowList = (flows: readonly FlowName[]) => flows.map((f) => FLOW_LABELS[f]).join(", ");
