import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";

// A Brightpearl sales order in the flat shape of GET /order-service/sales-order/{id}: its rows
// carry the externalRef the import gave them (the Magento order item id), which is how shipped
// rows and refunded items find each other across the two systems.

const amount = z.union([z.string(), z.number()]).transform(String);

export const salesOrderRow = z
  .object({
    id: z.number().int(),
    productId: z.number().int().nullish(),
    name: z.string().nullish(),
    sku: z.string().nullish(),
    quantity: z.coerce.number(),
    net: amount.optional(),
    tax: amount.optional(),
    taxCode: z.string().nullish(),
    nominalCode: z.union([z.string(), z.number()]).transform(String).nullish(),
    externalRef: z.string().nullish(),
    // A bundle Brightpearl expands adds its component rows, each naming the bundle's row.
    composition: z.object({ bundleChild: z.boolean().nullish(), parentOrderRowId: z.number().int().nullish() }).loose().nullish(),
    parentOrderRowId: z.number().int().nullish(),
  })
  .loose();
export type SalesOrderRow = z.output<typeof salesOrderRow>;

export const salesOrder = z
  .object({
    id: z.number().int(),
    statusId: z.number().int().optional(),
    customer: z.object({ id: z.number().int() }).loose(),
    billing: z.object({ contactId: z.number().int().nullish() }).loose().optional(),
    delivery: z.object({ shippingMethodId: z.number().int().nullish() }).loose().optional(),
    externalRef: z.string().nullish(),
    installedIntegrationInstanceId: z.number().int().nullish(),
    channelId: z.number().int().nullish(),
    warehouseId: z.number().int().nullish(),
    priceListId: z.number().int().nullish(),
    currency: z.object({ code: z.string(), fixedExchangeRate: z.boolean().optional(), exchangeRate: amount.optional() }).loose(),
    rows: z.array(salesOrderRow),
  })
  .loose();
export type SalesOrder = z.output<typeof salesOrder>;

export async function fetchSalesOrder(client: BrightpearlClient, orderId: number): Promise<SalesOrder | undefined> {
  // Unknown ids answer an empty list rather than 404.
  const found = await client.get(`/order-service/sales-order/${orderId}`, z.array(salesOrder));
  return found.find((o) => o.id === orderId);
}

/** Row id → the Magento order item id the import stored as the row's externalRef. */
export function magentoItemByRow(order: SalesOrder): Map<number, number> {
  const out = new Map<number, number>();
  for (const row of order.rows) if (row.externalRef && /^\d+$/.test(row.externalRef)) out.set(row.id, Number(row.externalRef));
  return out;
}

/**
 * Brightpearl's component rows of its bundle rows (they carry no externalRef; their bundle row
 * does), with the units of each per bundle, so a note listing components ships the bundle item.
 */
export function bundleComponentRows(order: SalesOrder): Map<number, { parentRowId: number; perUnit: number }> {
  const byId = new Map(order.rows.map((r) => [r.id, r]));
  const out = new Map<number, { parentRowId: number; perUnit: number }>();
  for (const row of order.rows) {
    const parentRowId = row.composition?.parentOrderRowId || row.parentOrderRowId || undefined;
    const parent = parentRowId === undefined ? undefined : byId.get(parentRowId);
    if (!parent || parent.id === row.id || !(parent.quantity > 0)) continue;
    out.set(row.id, { parentRowId: parent.id, perUnit: row.quantity / parent.quantity });
  }
  return out;
}
