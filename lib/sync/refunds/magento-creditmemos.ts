import "server-only";
import { z } from "zod";
import type { MagentoClient } from "@/lib/magento/client";
import { magentoDateTime, searchCriteriaQuery } from "@/lib/magento/search-criteria";

// Magento credit memos: read one in full, and list those created after a cursor. Magento sends no
// webhooks, so refunds are found by polling on created_at (a credit memo never changes later).

const amount = z.coerce.number().optional().catch(undefined);

export const creditMemoItem = z
  .object({
    entity_id: z.number().int().optional(),
    order_item_id: z.number().int(),
    sku: z.string().nullish(),
    name: z.string().nullish(),
    qty: z.coerce.number(),
    price: amount,
    row_total: amount,
    tax_amount: amount,
    discount_amount: amount,
    discount_tax_compensation_amount: amount,
  })
  .loose();
export type CreditMemoItem = z.output<typeof creditMemoItem>;

export const creditMemo = z
  .object({
    entity_id: z.number().int(),
    increment_id: z.string().optional(),
    order_id: z.number().int(),
    created_at: z.string(),
    order_currency_code: z.string().optional(),
    grand_total: z.coerce.number(),
    subtotal: amount,
    tax_amount: amount,
    shipping_amount: amount,
    shipping_tax_amount: amount,
    adjustment_positive: amount,
    adjustment_negative: amount,
    items: z.array(creditMemoItem).default([]),
  })
  .loose();
export type CreditMemo = z.output<typeof creditMemo>;

export const fetchCreditMemo = (magento: MagentoClient, id: number) => magento.get(`/V1/creditmemo/${id}`, creditMemo);

const listed = z.object({ entity_id: z.number().int(), order_id: z.number().int(), increment_id: z.string().optional(), created_at: z.string() }).loose();
export type ListedCreditMemo = z.output<typeof listed>;
const page = z.object({ items: z.array(listed).nullish().transform((v) => v ?? []), total_count: z.number().int() }).loose();

export const PAGE_SIZE = 100;

/** Every credit memo created at or after `from`, oldest first. */
export async function creditMemosCreatedSince(magento: MagentoClient, from: Date): Promise<ListedCreditMemo[]> {
  const out: ListedCreditMemo[] = [];
  for (let current = 1; ; current++) {
    const query = {
      ...searchCriteriaQuery({
        filterGroups: [[{ field: "created_at", value: magentoDateTime(from), conditionType: "gteq" }]],
        sortOrders: [{ field: "created_at", direction: "ASC" }, { field: "entity_id", direction: "ASC" }],
        pageSize: PAGE_SIZE,
        currentPage: current,
      }),
      fields: "items[entity_id,order_id,increment_id,created_at],total_count",
    };
    const result = await magento.get("/V1/creditmemos", page, query);
    out.push(...result.items);
    // Past the last page Magento repeats it: stop on the count, never on an empty page.
    if (result.items.length < PAGE_SIZE || current * PAGE_SIZE >= result.total_count) break;
  }
  const seen = new Set<number>();
  return out.filter((m) => !seen.has(m.entity_id) && seen.add(m.entity_id));
}
