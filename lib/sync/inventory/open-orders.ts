import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { formatIdSet } from "@/lib/brightpearl/id-set";
import type { MagentoClient } from "@/lib/magento/client";
import type { TenantDb } from "@/lib/tenants/scope";
import { skuKey } from "@/lib/sync/catalog/magento-catalog";
import type { OpenQuantity } from "./quantities";

// The units this store still reserves: items of Magento orders not yet shipped, cancelled or
// refunded, split by whether the order is already in Brightpearl (imported by the orders flow),
// and, for imported ones, whether Brightpearl has allocated them. Only open orders are read, so
// the cost follows the backlog of unshipped orders, not the history: one Magento page per 100
// open orders, one Brightpearl order GET per 200 imported open orders.

const OPEN_STATES = "new,pending_payment,payment_review,processing,holded";
const PAGE = 100;
/** Brightpearl's limit of orders per GET. */
const ORDER_GET_CHUNK = 200;

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

const brightpearlOrder = z
  .object({ id: z.number().int(), allocationStatusCode: z.string().nullish(), shippingStatusCode: z.string().nullish(), warehouseId: z.coerce.number().int().nullish() })
  .loose();

export type OpenOrders = { quantities: Map<string, OpenQuantity>; brightpearlCalls: number };

type Line = { orderId: number; sku: string; qty: number };

async function openLines(magento: MagentoClient, only?: ReadonlySet<string>): Promise<Line[]> {
  const lines: Line[] = [];
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
        if (qty > 0) lines.push({ orderId: order.entity_id, sku: key, qty });
      }
    }
    if (result.items.length < PAGE || current * PAGE >= result.total_count) return lines;
  }
}

/**
 * Brightpearl orders (by id) whose units count as allocated, with the warehouse they are in.
 *
 * UNVERIFIED: the order GET tells allocation per order (allocationStatusCode ANR/ANA/APA/AAA), not
 * per row or per warehouse. Read here: AAA with nothing shipped yet (shippingStatusCode NST/SNS)
 * means every unit of the order is allocated, in the order's warehouse. A partial allocation (APA),
 * a partly shipped order, or a field missing from the answer counts as nothing allocated: the store
 * then undersells those units for a while rather than selling what another channel holds. The
 * add-back stays capped by what the warehouse reports allocated, so a wrong warehouse or status
 * never adds back more than Brightpearl holds aside.
 */
async function allocatedOrders(client: BrightpearlClient, orderIds: number[]): Promise<{ allocated: Map<number, number>; calls: number }> {
  const allocated = new Map<number, number>();
  let calls = 0;
  const sorted = [...new Set(orderIds)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i += ORDER_GET_CHUNK) {
    calls++;
    for (const o of await client.get(`/order-service/order/${formatIdSet(sorted.slice(i, i + ORDER_GET_CHUNK))}`, z.array(brightpearlOrder))) {
      const unshipped = o.shippingStatusCode === "NST" || o.shippingStatusCode === "SNS";
      if (o.allocationStatusCode === "AAA" && unshipped) allocated.set(o.id, o.warehouseId && o.warehouseId > 0 ? o.warehouseId : 0);
    }
  }
  return { allocated, calls };
}

/**
 * Lower-cased SKU → open units. Only SKUs in `only` when given. Without a Brightpearl client no
 * imported unit counts as allocated (nothing is added back).
 */
export async function openOrderQuantities(magento: MagentoClient, scoped: TenantDb, brightpearl?: BrightpearlClient, only?: ReadonlySet<string>): Promise<OpenOrders> {
  const lines = await openLines(magento, only);
  const orderIds = [...new Set(lines.map((o) => String(o.orderId)))];
  // Magento order id → Brightpearl order id, for the orders this connector created.
  const imported = new Map<string, number>();
  for (let i = 0; i < orderIds.length; i += 1000) {
    const rows = await scoped.syncRecord.findMany({ where: { flow: "ORDERS", status: "SUCCEEDED", sourceId: { in: orderIds.slice(i, i + 1000) } }, select: { sourceId: true, targetId: true } });
    for (const r of rows) imported.set(r.sourceId, Number(r.targetId));
  }
  const targets = [...imported.values()].filter((id) => Number.isInteger(id) && id > 0);
  const { allocated, calls } = brightpearl && targets.length ? await allocatedOrders(brightpearl, targets) : { allocated: new Map<number, number>(), calls: 0 };

  const quantities = new Map<string, OpenQuantity>();
  for (const o of lines) {
    const q = quantities.get(o.sku) ?? { imported: 0, notImported: 0, allocated: new Map<number, number>() };
    const target = imported.get(String(o.orderId));
    if (target === undefined) q.notImported += o.qty;
    else {
      q.imported += o.qty;
      const warehouse = allocated.get(target);
      if (warehouse !== undefined) {
        const byWarehouse = q.allocated as Map<number, number>;
        byWarehouse.set(warehouse, (byWarehouse.get(warehouse) ?? 0) + o.qty);
      }
    }
    quantities.set(o.sku, q);
  }
  return { quantities, brightpearlCalls: calls };
}
