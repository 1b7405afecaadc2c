import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import { magentoDateTime, parseMagentoDateTime, searchCriteriaQuery, type Filter } from "@/lib/magento/search-criteria";
import { readCursor, writeCursor } from "@/lib/sync/progress";
import type { TenantDb } from "@/lib/tenants/scope";

// Finding the Magento orders that changed since the last look. Magento Open Source sends no
// webhooks, so a schedule reads orders by updated_at after a saved cursor. Timestamps have
// one-second resolution and a page boundary can shift under us, so every read starts a little
// before the cursor (the overlap) and the repeats are harmless: the import is idempotent.

export const OVERLAP_MS = 2 * 60_000;
export const PAGE_SIZE = 100;
const CURSOR = "updated_at";

const listed = z.object({
  entity_id: z.number().int(),
  increment_id: z.string(),
  created_at: z.string(),
  updated_at: z.string().optional(),
  status: z.string().optional(),
  state: z.string().optional(),
});
export type ListedOrder = z.output<typeof listed>;

const page = z.object({ items: z.array(listed).nullish().transform((v) => v ?? []), total_count: z.number().int() }).loose();
const FIELDS = "items[entity_id,increment_id,created_at,updated_at,status,state],total_count";

/** Every order matching the filters, oldest first, light (only the fields detection needs). */
export async function listOrders(magento: MagentoClient, filterGroups: Filter[][], sortField: "updated_at" | "created_at" = "updated_at"): Promise<ListedOrder[]> {
  const out: ListedOrder[] = [];
  for (let current = 1; ; current++) {
    const query = {
      ...searchCriteriaQuery({ filterGroups, sortOrders: [{ field: sortField, direction: "ASC" }, { field: "entity_id", direction: "ASC" }], pageSize: PAGE_SIZE, currentPage: current }),
      fields: FIELDS,
    };
    const result = await magento.get("/V1/orders", page, query);
    out.push(...result.items);
    // Past the last page Magento repeats it: stop on the count, never on an empty page.
    if (result.items.length < PAGE_SIZE || current * PAGE_SIZE >= result.total_count) break;
  }
  const seen = new Set<number>();
  return out.filter((o) => !seen.has(o.entity_id) && seen.add(o.entity_id));
}

const readOrdersCursor = (scoped: TenantDb) => readCursor(scoped, "ORDERS", CURSOR);
export const writeOrdersCursor = (scoped: TenantDb, tenantId: string, at: Date) => writeCursor(scoped, tenantId, "ORDERS", CURSOR, at);

export type Detection = {
  /** orders to import (new, or not yet imported) */
  toImport: ListedOrder[];
  /** imported orders whose Magento status changed since */
  statusChanged: ListedOrder[];
  /** where the next look starts */
  nextCursor: Date;
};

/**
 * The orders changed since the cursor (minus the overlap), split into those to import and those
 * already imported whose status moved. Starts at the go-live date the first time.
 */
export async function detectChanges(magento: MagentoClient, scoped: TenantDb, start: { goLiveAt: Date; now: Date }): Promise<Detection> {
  const cursor = (await readOrdersCursor(scoped)) ?? start.goLiveAt;
  const from = new Date(Math.max(cursor.getTime() - OVERLAP_MS, start.goLiveAt.getTime() - OVERLAP_MS));
  const orders = await listOrders(magento, [[{ field: "updated_at", value: magentoDateTime(from), conditionType: "gteq" }]]);
  const records = await scoped.syncRecord.findMany({
    where: { flow: "ORDERS", sourceId: { in: orders.map((o) => String(o.entity_id)) } },
    select: { sourceId: true, status: true, progress: true, lastAttemptAt: true },
  });
  const byId = new Map(records.map((r) => [r.sourceId, r]));
  const toImport: ListedOrder[] = [];
  const statusChanged: ListedOrder[] = [];
  for (const order of orders) {
    if (parseMagentoDateTime(order.created_at) < start.goLiveAt) continue;
    const record = byId.get(String(order.entity_id));
    const changedSinceLastTry = !record?.lastAttemptAt || !order.updated_at || parseMagentoDateTime(order.updated_at) >= record.lastAttemptAt;
    if (!record || record.status === "PENDING" || record.status === "RETRYING") toImport.push(order);
    else if ((record.status === "SKIPPED" || record.status === "FAILED") && changedSinceLastTry) {
      // skipped for its status (e.g. pending_payment) or refused: the order changed, look again
      toImport.push(order);
    } else if (record.status === "SUCCEEDED" && (record.progress as { magentoStatus?: string } | null)?.magentoStatus !== order.status) statusChanged.push(order);
  }
  const latest = orders.reduce((max, o) => Math.max(max, o.updated_at ? parseMagentoDateTime(o.updated_at).getTime() : 0), cursor.getTime());
  return { toImport, statusChanged, nextCursor: new Date(Math.min(latest, start.now.getTime())) };
}
