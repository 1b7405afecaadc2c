import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import type { TenantDb } from "@/lib/tenants/scope";
import { skuKey } from "./magento-stock";
import type { OpenQuantity } from "./quantities";

// The units this store still reserves: items of Magento orders not yet shipped, cancelled or
// refunded, split by whether the order is already in Brightpearl (imported by the orders flow).
// Only open orders are read, so the cost follows the backlog of unshipped orders, not the history.

const OPEN_STATES = "new,pending_payment,payment_review,processing,holded";
const PAGE = 100;

const item = z
  .object({
    item_id: z.number().int().nullish(),
    sku: z.string().nullish(),
    product_type: z.string().nullish(),
    parent_item_id: z.number().int().nullish(),
    qty_ordered: z.coerce.number().nullish(),
    qty_shipped: z.coerce.number().nullish(),
    qty_canceled: z.coerce.number().nullish(),
    qty_refunded: z.coerce.number().nullish(),
  })
  .loose();
const page = z.object({ items: z.array(z.object({ entity_id: z.number().int(), items: z.array(item).nullish() }).loose()).nullish().transform((v) => v ?? []), total_count: z.number().int() }).loose();
const FIELDS = "items[entity_id,items[item_id,sku,product_type,parent_item_id,qty_ordered,qty_shipped,qty_canceled,qty_refunded]],total_count";

/** Lower-cased SKU → open units. Only SKUs in `only` when given. */
export async function openOrderQuantities(magento: MagentoClient, scoped: TenantDb, only?: ReadonlySet<string>): Promise<Map<string, OpenQuantity>> {
  const perOrder: { orderId: number; sku: string; qty: number }[] = [];
  for (let current = 1; ; current++) {
    const query = {
      "searchCriteria[filterGroups][0][filters][0][field]": "state",
      "searchCriteria[filterGroups][0][filters][0][value]": OPEN_STATES,
      "searchCriteria[filterGroups][0][filters][0][conditionType]": "in",
      "searchCriteria[sortOrders][0][field]": "entity_id",
      "searchCriteria[sortOrders][0][direction]": "ASC",
      "searchCriteria[pageSize]": String(PAGE),
      "searchCriteria[currentPage]": String(current),
      fields: FIELDS,
    };
    const result = await magento.get("/V1/orders", page, query);
    for (const order of result.items) {
      const items = order.items ?? [];
      // Reservations are made for the items that hold stock: a configurable's child, not the parent row.
      const parents = new Set(items.map((i) => i.parent_item_id).filter((id): id is number => typeof id === "number"));
      for (const i of items) {
        if (!i.sku || (i.item_id != null && parents.has(i.item_id)) || i.product_type === "configurable" || i.product_type === "bundle") continue;
        const key = skuKey(i.sku);
        if (only && !only.has(key)) continue;
        const qty = (i.qty_ordered ?? 0) - (i.qty_shipped ?? 0) - (i.qty_canceled ?? 0) - (i.qty_refunded ?? 0);
        if (qty > 0) perOrder.push({ orderId: order.entity_id, sku: key, qty });
      }
    }
    if (result.items.length < PAGE || current * PAGE >= result.total_count) break;
  }
  const orderIds = [...new Set(perOrder.map((o) => String(o.orderId)))];
  const imported = new Set<string>();
  for (let i = 0; i < orderIds.length; i += 1000) {
    const rows = await scoped.syncRecord.findMany({ where: { flow: "ORDERS", status: "SUCCEEDED", sourceId: { in: orderIds.slice(i, i + 1000) } }, select: { sourceId: true } });
    for (const r of rows) imported.add(r.sourceId);
  }
  const out = new Map<string, OpenQuantity>();
  for (const o of perOrder) {
    const q = out.get(o.sku) ?? { imported: 0, notImported: 0 };
    if (imported.has(String(o.orderId))) q.imported += o.qty;
    else q.notImported += o.qty;
    out.set(o.sku, q);
  }
  return out;
}
