import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { searchCriteriaQuery } from "@/lib/magento/search-criteria";
import type { FulfilmentOrder } from "@/lib/sync/shipments/magento-fulfilment";

// The Magento order actions the statuses flow takes: a status with a comment, a cancellation, an
// offline invoice, and finding an invoice an earlier attempt may already have created.

/**
 * POST /V1/orders/{id}/comments. The status always goes with it: Magento copies the comment's
 * status onto the order, so a comment without one would leave the order with no status at all.
 */
export async function addOrderComment(magento: MagentoClient, orderId: number, input: { comment: string; status: string; notify?: boolean }) {
  await magento.post(
    `/V1/orders/${orderId}/comments`,
    { statusHistory: { comment: input.comment, status: input.status, is_customer_notified: input.notify ? 1 : 0, is_visible_on_front: 0, parent_id: orderId } },
    z.unknown(),
  );
}

/** POST /V1/orders/{id}/cancel: false when Magento's canCancel() says no (invoiced, shipped, on hold). */
export async function cancelMagentoOrder(magento: MagentoClient, orderId: number): Promise<boolean> {
  const answer = await magento.post(`/V1/orders/${orderId}/cancel`, {}, z.union([z.boolean(), z.string(), z.number()]));
  return answer === true || answer === "true" || answer === 1;
}

/** The status an order has (Magento omits a null one: fall back to its state). */
export const currentStatus = (order: FulfilmentOrder) => order.status ?? order.state ?? "processing";

const NOTHING_TO_INVOICE = /(can't|cannot) create an invoice without products|does not allow an invoice|invoice cannot be created/i;

/**
 * POST /V1/order/{id}/invoice without capture: the invoice is marked paid, no money moves. Undefined
 * when Magento has nothing left to invoice.
 */
export async function invoiceOffline(magento: MagentoClient, orderId: number, comment: string): Promise<number | undefined> {
  try {
    return await magento.post(
      `/V1/order/${orderId}/invoice`,
      { capture: false, notify: false, appendComment: false, comment: { comment, is_visible_on_front: 0 } },
      z.coerce.number().int(),
    );
  } catch (error) {
    if (error instanceof MagentoError && error.kind === "invalid" && NOTHING_TO_INVOICE.test(error.message)) return undefined;
    throw error;
  }
}

const invoices = z
  .object({ items: z.array(z.object({ entity_id: z.number().int(), comments: z.array(z.object({ comment: z.string().nullish() }).loose()).nullish() }).loose()).nullish() })
  .loose();

export async function findInvoiceByMarker(magento: MagentoClient, orderId: number, marker: RegExp): Promise<number | undefined> {
  const query = searchCriteriaQuery({ filterGroups: [[{ field: "order_id", value: orderId }]], sortOrders: [{ field: "entity_id", direction: "ASC" }], pageSize: 100 });
  const found = await magento.get("/V1/invoices", invoices, query);
  return (found.items ?? []).find((i) => (i.comments ?? []).some((c) => marker.test(c.comment ?? "")))?.entity_id;
}

const HOLDS_STATE = new Set(["canceled", "closed", "complete", "holded", "payment_review"]);

/** Whether Magento could still invoice something (a quick look; Magento's answer decides). */
export function mayInvoice(order: FulfilmentOrder): boolean {
  if (HOLDS_STATE.has(order.state ?? "")) return false;
  return order.items.some((i) => i.qty_ordered - (i.qty_invoiced ?? 0) - (i.qty_canceled ?? 0) > 0);
}
