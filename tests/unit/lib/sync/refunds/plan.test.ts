import { describe, expect, it } from "vitest";
import { creditMemo } from "@/lib/sync/refunds/magento-creditmemos";
import { planCredit, type CreditContext } from "@/lib/sync/refunds/plan";
import { fulfilmentOrder, type FulfilmentItem } from "@/lib/sync/shipments/magento-fulfilment";
import { salesOrder } from "@/lib/sync/shipments/sales-order";
import { mappingKinds, type MappingKind, type MappingSet, type MappingTarget } from "@/lib/tenants/mappings";
import { settingsOptions } from "@/lib/tenants/settings";

function mappings(rows: { [K in MappingKind]?: Record<string, MappingTarget<K>> }): MappingSet {
  const set = Object.fromEntries(mappingKinds.map((k) => [k, new Map()])) as MappingSet;
  for (const [kind, entries] of Object.entries(rows)) {
    for (const [sourceKey, target] of Object.entries(entries ?? {})) (set[kind as MappingKind] as Map<string, unknown>).set(sourceKey, { kind, sourceKey, target, suggested: false });
  }
  return set;
}

const context = (overrides: Partial<CreditContext> = {}): CreditContext => ({
  installationInstanceId: 13,
  mappings: mappings({ "tax-rate": { "20": { taxCode: "T" }, "0": { taxCode: "Z" } }, "payment-method": { "*": { paymentMethodCode: "CARD" } } }),
  options: settingsOptions.parse({}),
  zeroTaxCode: "Z",
  ...overrides,
});

type Item = Partial<FulfilmentItem> & { item_id: number; sku: string; qty_ordered: number };
const order = (items: Item[]) =>
  fulfilmentOrder.parse({
    entity_id: 7,
    increment_id: "000000007",
    created_at: "2026-11-28 09:30:00",
    grand_total: 100,
    order_currency_code: "GBP",
    shipping_description: "Flat Rate",
    payment: { method: "checkmo" },
    items: items.map((i) => ({ product_type: "simple", ...i })),
  });

const original = (rows: { id: number; externalRef?: string; productId?: number; taxCode?: string; name?: string }[]) =>
  salesOrder.parse({ id: 100001, customer: { id: 200 }, billing: { contactId: 201 }, channelId: 2, warehouseId: 2, priceListId: 2, currency: { code: "GBP", fixedExchangeRate: true, exchangeRate: "1" }, rows: rows.map((r) => ({ quantity: 1, ...r })) });

const memo = (fields: Record<string, unknown>) => creditMemo.parse({ entity_id: 55, increment_id: "000000055", order_id: 7, created_at: "2026-11-30 12:00:00", order_currency_code: "GBP", ...fields });

describe("planCredit: a credit memo as a Brightpearl sales credit", () => {
  it("credits refunded items, shipping and adjustments, linked to the order, with the refund payment", () => {
    const o = order([{ item_id: 1, sku: "SKU-1", qty_ordered: 2, tax_percent: 20 }]);
    const p = planCredit(
      memo({
        grand_total: 25.0,
        shipping_amount: 5,
        shipping_tax_amount: 1,
        adjustment_positive: 2,
        adjustment_negative: 3,
        items: [{ order_item_id: 1, qty: 1, row_total: 16.67, tax_amount: 3.33 }],
      }),
      o,
      original([{ id: 9, externalRef: "1", productId: 1001, taxCode: "T" }]),
      context(),
    );
    expect(p.outcome).toBe("ready");
    if (p.outcome !== "ready") return;
    expect(p.rows.map((r) => [r.kind, r.productId ?? r.name, r.quantity, r.net, r.tax, r.taxCode])).toEqual([
      ["product", 1001, 1, "16.67", "3.33", "T"],
      ["shipping", "Shipping refund: Flat Rate", 1, "5.00", "1.00", "T"],
      ["adjustment", "Adjustment refund", 1, "2.00", "0.00", "Z"],
      ["adjustment", "Adjustment fee", 1, "-3.00", "0.00", "Z"],
    ]);
    expect(p.body).toMatchObject({ parentId: 100001, externalRef: "creditmemo:55", installedIntegrationInstanceId: 13, customer: { id: 200 }, billing: { contactId: 201 }, warehouseId: 2, currency: { code: "GBP" } });
    expect(p.payment).toMatchObject({ paymentMethodCode: "CARD", transactionRef: "creditmemo-000000055", amount: "25.00", currencyIsoCode: "GBP" });
  });

  it("shares a fixed-price bundle's refund across its components when the order has them as components", () => {
    const o = order([
      { item_id: 1, sku: "BUNDLE", product_type: "bundle", qty_ordered: 1, tax_percent: 20 },
      { item_id: 2, sku: "PART-A", parent_item_id: 1, qty_ordered: 1 },
      { item_id: 3, sku: "PART-B", parent_item_id: 1, qty_ordered: 2 },
    ]);
    const p = planCredit(
      memo({ grand_total: 36, items: [{ order_item_id: 1, qty: 1, row_total: 30, tax_amount: 6 }] }),
      o,
      original([
        { id: 8, externalRef: "2", productId: 1004 },
        { id: 9, externalRef: "3", productId: 1005 },
      ]),
      context(),
    );
    expect(p.outcome).toBe("ready");
    if (p.outcome !== "ready") return;
    expect(p.rows.map((r) => [r.productId, r.quantity, r.net, r.tax, r.externalRef])).toEqual([
      [1004, 1, "10.00", "2.00", "2"],
      [1005, 2, "20.00", "4.00", "3"],
    ]);
  });

  it("credits a bundle imported as the bundle product as one row, and a configurable by its parent", () => {
    const o = order([
      { item_id: 1, sku: "BUNDLE", product_type: "bundle", qty_ordered: 1, tax_percent: 20 },
      { item_id: 2, sku: "PART-A", parent_item_id: 1, qty_ordered: 1 },
      { item_id: 4, sku: "RED-M", product_type: "configurable", qty_ordered: 1, tax_percent: 20 },
      { item_id: 5, sku: "RED-M", parent_item_id: 4, qty_ordered: 1 },
    ]);
    const p = planCredit(
      memo({ grand_total: 24, items: [{ order_item_id: 1, qty: 1, row_total: 10, tax_amount: 2 }, { order_item_id: 4, qty: 1, row_total: 10, tax_amount: 2 }, { order_item_id: 5, qty: 1 }] }),
      o,
      original([
        { id: 8, externalRef: "1", productId: 1006 },
        { id: 9, externalRef: "4", productId: 1003 },
      ]),
      context(),
    );
    expect(p.outcome === "ready" && p.rows.map((r) => [r.productId, r.quantity, r.net])).toEqual([
      [1006, 1, "10.00"],
      [1003, 1, "10.00"],
    ]);
  });

  it("waits for a tax mapping it cannot find, and refuses totals that do not add up", () => {
    const o = order([{ item_id: 1, sku: "SKU-1", qty_ordered: 1, tax_percent: 7 }]);
    const blocked = planCredit(memo({ grand_total: 10.7, items: [{ order_item_id: 1, qty: 1, row_total: 10, tax_amount: 0.7 }] }), o, original([{ id: 9, externalRef: "1", productId: 1001 }]), context());
    expect(blocked).toMatchObject({ outcome: "blocked", issues: [{ mapping: { kind: "tax-rate", key: "7" } }] });

    const off = planCredit(memo({ grand_total: 50, items: [{ order_item_id: 1, qty: 1, row_total: 10, tax_amount: 0.7 }] }), o, original([{ id: 9, externalRef: "1", productId: 1001, taxCode: "R" }]), context());
    expect(off).toMatchObject({ outcome: "invalid" });

    const rounding = planCredit(memo({ grand_total: 10.71, items: [{ order_item_id: 1, qty: 1, row_total: 10, tax_amount: 0.7 }] }), o, original([{ id: 9, externalRef: "1", productId: 1001, taxCode: "R" }]), context());
    expect(rounding.outcome === "ready" && rounding.rows.map((r) => [r.kind, r.net, r.taxCode])).toEqual([
      ["product", "10.00", "R"],
      ["rounding", "0.01", "Z"],
    ]);
  });

  it("names a credit memo item that is not on the order instead of guessing", () => {
    const p = planCredit(memo({ grand_total: 5, items: [{ order_item_id: 99, qty: 1, row_total: 5 }] }), order([{ item_id: 1, sku: "SKU-1", qty_ordered: 1 }]), original([]), context());
    expect(p).toMatchObject({ outcome: "invalid" });
    expect(p.outcome === "invalid" && p.message).toContain("names item 99, which is not on Magento order #000000007");
  });
});
