import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { searchCriteriaQuery } from "@/lib/magento/search-criteria";
import { magentoOrder, magentoOrderItem } from "@/lib/sync/orders/magento-order";

// The Magento side of fulfilment: an order with the quantities already shipped, invoiced, refunded
// and cancelled per item, its existing shipments (found again by the comment each one carries),
// the ship call, and the one product attribute that decides how a bundle ships.

const qty = z.coerce.number().optional().catch(undefined);

export const fulfilmentItem = magentoOrderItem.extend({
  product_id: z.number().int().optional(),
  qty_shipped: qty,
  qty_invoiced: qty,
  qty_refunded: qty,
  qty_canceled: qty,
});
export type FulfilmentItem = z.output<typeof fulfilmentItem>;

export const fulfilmentOrder = magentoOrder.extend({ items: z.array(fulfilmentItem) });
export type FulfilmentOrder = z.output<typeof fulfilmentOrder>;

export const fetchFulfilmentOrder = (magento: MagentoClient, orderId: number) => magento.get(`/V1/orders/${orderId}`, fulfilmentOrder);

/** Units of an item Magento will still ship (its own ShipmentFactory caps at the same number). */
export const leftToShip = (item: FulfilmentItem) => Math.max(0, item.qty_ordered - (item.qty_shipped ?? 0) - (item.qty_refunded ?? 0) - (item.qty_canceled ?? 0));

const shipment = z
  .object({
    entity_id: z.number().int(),
    comments: z.array(z.object({ comment: z.string().nullish() }).loose()).nullish(),
    tracks: z.array(z.object({ track_number: z.string().nullish() }).loose()).nullish(),
  })
  .loose();
const shipments = z.object({ items: z.array(shipment).nullish(), total_count: z.number().int() }).loose();

/** The order's shipment whose comment names this marker, if an earlier attempt created one. */
export async function findShipmentByMarker(magento: MagentoClient, orderId: number, marker: RegExp): Promise<number | undefined> {
  const query = searchCriteriaQuery({ filterGroups: [[{ field: "order_id", value: orderId }]], sortOrders: [{ field: "entity_id", direction: "ASC" }], pageSize: 100 });
  const found = await magento.get("/V1/shipments", shipments, query);
  return (found.items ?? []).find((s) => (s.comments ?? []).some((c) => marker.test(c.comment ?? "")))?.entity_id;
}

export type ShipRequest = {
  items: { order_item_id: number; qty: number }[];
  notify: boolean;
  appendComment: boolean;
  comment: { comment: string; is_visible_on_front: number };
  tracks: { track_number: string; title: string; carrier_code: string }[];
  arguments?: { extension_attributes: { source_code: string } };
};

/** POST /V1/order/{id}/ship: Magento answers the new shipment's id. */
export const shipOrder = (magento: MagentoClient, orderId: number, body: ShipRequest) => magento.post(`/V1/order/${orderId}/ship`, body, z.coerce.number().int());

const productPage = z
  .object({ items: z.array(z.object({ id: z.number().int(), custom_attributes: z.array(z.object({ attribute_code: z.string(), value: z.unknown() }).loose()).nullish() }).loose()).nullish() })
  .loose();

export type BundleShipment = "together" | "separately";

/**
 * How each bundle product ships (its shipment_type attribute: 1 = separately). A store that does
 * not let the integration read products gets Magento's default, together.
 */
export async function bundleShipmentTypes(magento: MagentoClient, productIds: number[]): Promise<Map<number, BundleShipment>> {
  const out = new Map<number, BundleShipment>();
  if (productIds.length === 0) return out;
  const query = {
    ...searchCriteriaQuery({ filterGroups: [[{ field: "entity_id", value: [...new Set(productIds)].join(","), conditionType: "in" }]], pageSize: 100 }),
    fields: "items[id,custom_attributes]",
  };
  try {
    const page = await magento.get("/V1/products", productPage, query);
    for (const p of page.items ?? []) {
      const type = p.custom_attributes?.find((a) => a.attribute_code === "shipment_type")?.value;
      out.set(p.id, String(type) === "1" ? "separately" : "together");
    }
  } catch (error) {
    // Reading products is not a shipments grant: without it, bundles are taken to ship together.
    if (!(error instanceof MagentoError) || error.retryable) throw error;
  }
  return out;
}
