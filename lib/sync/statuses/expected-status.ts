import type { FulfilmentOrder } from "@/lib/sync/shipments/magento-fulfilment";
import { leftToShip } from "@/lib/sync/shipments/magento-fulfilment";

// Magento moves an order's status by itself after a shipment or an invoice (new → processing →
// complete). The connector tells the orders flow that status before it writes, so the flow does
// not carry Magento's reaction to our own write back into Brightpearl.

const FROZEN = new Set(["canceled", "closed", "holded", "payment_review"]);

/** The status Magento will most likely give the order after shipping `shipped` units and/or invoicing everything. */
export function statusAfter(order: FulfilmentOrder, change: { shipped?: Map<number, number>; invoicedAll?: boolean }): string | undefined {
  if (FROZEN.has(order.state ?? "")) return order.status ?? order.state;
  const top = order.items.filter((i) => i.parent_item_id === undefined);
  const leftShipping = top.some((i) => leftToShip(i) - (change.shipped?.get(i.item_id) ?? 0) > 0);
  const leftInvoicing = !change.invoicedAll && top.some((i) => i.qty_ordered - (i.qty_invoiced ?? 0) - (i.qty_canceled ?? 0) > 0);
  if (!leftShipping && !leftInvoicing) return "complete";
  if (order.state === "new" || order.state === "processing") return "processing";
  return order.status ?? order.state;
}
