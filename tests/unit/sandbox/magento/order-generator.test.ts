import { describe, expect, it } from "vitest";
import { createMagentoSandbox } from "@/sandbox/magento/sandbox";
import { orderOutput } from "@/sandbox/magento/domain/orders";
import type { MagentoInstance } from "@/sandbox/magento/instance";

function store(seed = 21): { instance: MagentoInstance; orders: any[] } {
  const { sandbox } = createMagentoSandbox({ admin: true });
  const instance = sandbox.createInstance({
    id: "gen",
    catalogue: { count: 80, configurables: 3, bundles: 2 },
    orders: { count: 80, seed, from: "2025-05-01 00:00:00", to: "2025-05-08 00:00:00", outcomes: { complete: 0.2, canceled: 0.1, holded: 0.05 } },
  });
  return { instance, orders: instance.state.orders.map((o) => orderOutput(instance, o)) };
}

const { instance, orders } = store();
const round = (n: number) => Math.round(n * 100) / 100;
const lines = orders.flatMap((o) => o.items.map((i: any) => ({ order: o, item: i })));

describe("the order generator", () => {
  it("is deterministic for a seed and varies with it", () => {
    expect(store().orders).toEqual(orders);
    expect(store(22).orders).not.toEqual(orders);
  });

  it("spreads created_at over the window in increment order, in Magento's UTC format", () => {
    const created = orders.map((o) => o.created_at);
    expect(created.every((d: string) => /^2025-05-0[1-8] \d\d:\d\d:\d\d$/.test(d))).toBe(true);
    expect([...created].sort()).toEqual(created);
    expect(orders.map((o) => o.increment_id)).toEqual(orders.map((_, i) => String(i + 1).padStart(9, "0")));
    expect(orders.every((o) => o.updated_at >= o.created_at)).toBe(true);
  });

  it("renders configurable lines as a priced parent and a zero-priced child with the same SKU", () => {
    const parents = lines.filter((l) => l.item.product_type === "configurable");
    expect(parents.length).toBeGreaterThan(0);
    for (const { order, item } of parents) {
      const child = order.items.find((i: any) => i.parent_item_id === item.item_id);
      expect(child).toMatchObject({ product_type: "simple", sku: item.sku, price: 0, row_total: 0 });
      expect(child.parent_item.item_id).toBe(item.item_id);
      expect(item.price).toBeGreaterThan(0);
      expect(item.product_option.extension_attributes.configurable_item_options[0].option_id).toBe("93");
    }
  });

  it("prices dynamic bundles on the children and fixed bundles on the parent", () => {
    const bundles = lines.filter((l) => l.item.product_type === "bundle");
    const dynamic = bundles.filter((b) => b.item.price === 0);
    const fixed = bundles.filter((b) => b.item.price > 0);
    expect(dynamic.length).toBeGreaterThan(0);
    expect(fixed.length).toBeGreaterThan(0);
    for (const { order, item } of dynamic) {
      const children = order.items.filter((i: any) => i.parent_item_id === item.item_id);
      expect(children.every((c: any) => c.price > 0)).toBe(true);
      expect(item.sku).toBe([item.sku.split("-").slice(0, 2).join("-"), ...children.map((c: any) => c.sku)].join("-"));
    }
    for (const { order, item } of fixed) {
      expect(order.items.filter((i: any) => i.parent_item_id === item.item_id).every((c: any) => c.price === 0)).toBe(true);
    }
  });

  it("adds up: negative order discount, positive item discounts, tax per item and applied_taxes", () => {
    const discounted = orders.filter((o) => o.discount_amount < 0);
    expect(discounted.length).toBeGreaterThan(0);
    for (const o of discounted) {
      expect(o.coupon_code).toBe("SAVE10");
      expect(round(-o.discount_amount)).toBe(round(o.items.reduce((s: number, i: any) => s + i.discount_amount, 0)));
    }
    for (const o of orders) {
      expect(o.grand_total).toBeCloseTo(o.subtotal + o.shipping_amount + o.tax_amount + o.discount_amount, 2);
      expect(o.base_grand_total).toBeCloseTo(o.base_subtotal + o.base_shipping_amount + o.base_tax_amount + o.base_discount_amount, 2);
      const itemTax = o.items.reduce((s: number, i: any) => s + i.tax_amount, 0);
      expect(o.tax_amount).toBeCloseTo(itemTax + o.shipping_tax_amount, 2);
      if (o.tax_amount > 0) expect(o.extension_attributes.applied_taxes[0].amount).toBeCloseTo(o.tax_amount, 2);
      else expect(o.extension_attributes).not.toHaveProperty("applied_taxes");
      expect(o.extension_attributes.shipping_assignments[0].items).toEqual(o.items);
    }
  });

  it("mixes guests and registered customers, currencies, payment and shipping methods, and states", () => {
    const guests = orders.filter((o) => o.customer_is_guest === 1);
    expect(guests.length).toBeGreaterThan(0);
    expect(guests.every((o) => !("customer_id" in o) && o.customer_group_id === 0)).toBe(true);
    const registered = orders.filter((o) => o.customer_is_guest === 0);
    expect(registered.every((o) => instance.state.customers.some((c) => c.data.id === o.customer_id))).toBe(true);

    const foreign = orders.filter((o) => o.order_currency_code !== o.base_currency_code);
    expect(new Set(foreign.map((o) => o.order_currency_code))).toEqual(new Set(["EUR", "GBP"]));
    for (const o of foreign) expect(o.base_grand_total).toBeCloseTo(o.grand_total / o.base_to_order_rate, 0);

    expect(new Set(orders.map((o) => o.payment.method))).toEqual(new Set(["checkmo", "braintree", "paypal_express", "banktransfer"]));
    for (const o of orders.filter((x) => x.payment.method === "braintree")) expect(o.payment).toMatchObject({ cc_last4: "1111", last_trans_id: expect.any(String) });
    expect(new Set(orders.map((o) => o.extension_attributes.shipping_assignments[0].shipping.method)).size).toBe(4);
    expect(new Set(orders.map((o) => o.state))).toEqual(new Set(["new", "processing", "complete", "canceled", "closed", "holded"]));
  });

  it("captures online payments at checkout with an invoice and a history entry", () => {
    const captured = orders.filter((o) => o.payment.method === "paypal_express");
    for (const o of captured) {
      expect(o.total_paid).toBe(o.grand_total);
      expect(o.status_histories.some((h: any) => /^Captured amount of/.test(h.comment ?? ""))).toBe(true);
      expect(instance.state.invoices.some((i) => i.data.order_id === o.entity_id && i.capturedOnline)).toBe(true);
    }
  });
});
