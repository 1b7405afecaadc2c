import { describe, expect, it } from "vitest";
import type { MagentoOrder } from "@/lib/sync/orders/magento-order";
import { magentoOrder } from "@/lib/sync/orders/magento-order";
import { planOrder, salesOrderBody, type PlanContext } from "@/lib/sync/orders/plan";
import { mappingKinds, type MappingKind, type MappingSet, type MappingTarget } from "@/lib/tenants/mappings";
import { settingsOptions } from "@/lib/tenants/settings";

function mappings(rows: { [K in MappingKind]?: Record<string, MappingTarget<K>> }): MappingSet {
  const set = Object.fromEntries(mappingKinds.map((k) => [k, new Map()])) as MappingSet;
  for (const [kind, entries] of Object.entries(rows)) {
    for (const [sourceKey, target] of Object.entries(entries ?? {})) (set[kind as MappingKind] as Map<string, unknown>).set(sourceKey, { kind, sourceKey, target, suggested: false });
  }
  return set;
}

const fullMappings = () =>
  mappings({
    "store-view": { default: { channelId: 2, priceListId: 1 } },
    "order-status-in": { processing: { statusId: 2 }, pending: { statusId: 2 }, canceled: { skip: true } },
    "shipping-method": { "*": { shippingMethodId: 1 }, "tablerate_*": { shippingMethodId: 2 } },
    "payment-method": { "*": { paymentMethodCode: "CARD" }, paypal_express: { paymentMethodCode: "PAYPAL" } },
    "tax-rate": { "20": { taxCode: "T" }, "0": { taxCode: "Z" } },
  });

const products: Record<string, number> = { "SKU-1": 1001, "SKU-2": 1002, "CHILD-RED": 1003, "PART-A": 1004, "PART-B": 1005, "BUNDLE-1": 1006 };

function context(overrides: Partial<PlanContext> = {}): PlanContext {
  return {
    installationInstanceId: 13,
    goLiveAt: new Date("2026-11-01T00:00:00Z"),
    options: settingsOptions.parse({}),
    mappings: fullMappings(),
    storeCodeOf: (id) => (id === 1 ? "default" : undefined),
    accountCurrency: "GBP",
    channelWarehouse: (id) => (id === 2 ? 7 : undefined),
    productFor: (sku) => (products[sku] ? { productId: products[sku]! } : undefined),
    zeroTaxCode: "Z",
    now: new Date("2026-11-29T10:00:00Z"),
    ...overrides,
  };
}

type Item = Partial<MagentoOrder["items"][number]> & { item_id: number; sku: string; qty_ordered: number };

function order(items: Item[], overrides: Record<string, unknown> = {}): MagentoOrder {
  return magentoOrder.parse({
    entity_id: 501,
    increment_id: "000000501",
    status: "processing",
    state: "processing",
    store_id: 1,
    created_at: "2026-11-28 09:30:00",
    customer_email: "Jane.Doe@Example.com ",
    customer_firstname: "Jane",
    customer_lastname: "Doe",
    customer_id: 9,
    customer_is_guest: 0,
    order_currency_code: "GBP",
    base_currency_code: "GBP",
    base_to_order_rate: 1,
    shipping_amount: 5,
    shipping_tax_amount: 1,
    shipping_description: "Best Way - Table Rate",
    billing_address: { firstname: "Jane", lastname: "Doe", street: ["1 High St", "Flat 2"], city: "London", postcode: "SW1A 1AA", country_id: "GB", telephone: "0207" },
    payment: { method: "paypal_express", amount_paid: 0, last_trans_id: "PAY-1" },
    extension_attributes: { shipping_assignments: [{ shipping: { method: "tablerate_bestway", address: { firstname: "Jane", lastname: "Doe", street: ["9 Quay"], city: "Leeds", postcode: "LS1", country_id: "GB" } } }] },
    items,
    grand_total: 0,
    ...overrides,
  });
}

const simple = (id: number, sku: string, qty: number, rowTotal: number, tax: number, extra: Partial<Item> = {}): Item => ({
  item_id: id,
  sku,
  name: sku,
  product_type: "simple",
  qty_ordered: qty,
  row_total: rowTotal,
  tax_amount: tax,
  tax_percent: 20,
  discount_amount: 0,
  ...extra,
});

function ready(plan: ReturnType<typeof planOrder>) {
  if (plan.outcome !== "ready") throw new Error(`expected ready, got ${JSON.stringify(plan)}`);
  return plan;
}

describe("planning a Magento order for Brightpearl", () => {
  it("builds one atomic sales order with product rows, a shipping row and the mapped channel, status and method", () => {
    const plan = ready(planOrder(order([simple(1, "SKU-1", 2, 40, 8), simple(2, "SKU-2", 1, 10, 2)], { grand_total: 66 }), context()));
    expect(plan.order).toMatchObject({
      ref: "000000501",
      externalRef: "501",
      installedIntegrationInstanceId: 13,
      statusId: 2,
      channelId: 2,
      priceListId: 1,
      warehouseId: 7,
      placedOn: "2026-11-28T09:30:00.000Z",
      currency: { code: "GBP", fixedExchangeRate: true, exchangeRate: "1" },
      delivery: { shippingMethodId: 2 },
    });
    expect(plan.order.rows).toEqual([
      { kind: "product", productId: 1001, name: "SKU-1", sku: "SKU-1", quantity: 2, net: "40.00", tax: "8.00", taxCode: "T", externalRef: "1" },
      { kind: "product", productId: 1002, name: "SKU-2", sku: "SKU-2", quantity: 1, net: "10.00", tax: "2.00", taxCode: "T", externalRef: "2" },
      { kind: "shipping", name: "Shipping: Best Way - Table Rate", quantity: 1, net: "5.00", tax: "1.00", taxCode: "T", nominalCode: "4040" },
    ]);
    expect(plan.totals).toEqual({ currency: "GBP", net: "55.00", tax: "11.00", total: "66.00", magentoTotal: "66.00" });
    expect(plan.customer).toMatchObject({ email: "jane.doe@example.com", guest: false, firstName: "Jane", lastName: "Doe" });
    expect(plan.customer.billing).toEqual({ addressFullName: "Jane Doe", addressLine1: "1 High St", addressLine2: "Flat 2", addressLine3: "London", postalCode: "SW1A 1AA", countryIsoCode: "GBR", telephone: "0207", email: "jane.doe@example.com" });
    expect(plan.customer.delivery.addressLine3).toBe("Leeds");
    const body = salesOrderBody(plan.order, 88);
    expect(body.customer).toEqual({ id: 88, address: plan.customer.delivery });
    expect(body.billing.contactId).toBe(88);
    expect(body.rows[0]).not.toHaveProperty("kind");
  });

  it("folds discounts into the row nets", () => {
    const plan = ready(planOrder(order([simple(1, "SKU-1", 1, 50, 9, { discount_amount: 5 })], { grand_total: 60, discount_amount: -5 }), context()));
    expect(plan.order.rows[0]).toMatchObject({ net: "45.00", tax: "9.00" });
    expect(plan.totals.total).toBe("60.00");
  });

  it("imports a configurable item as one row for the child SKU at the parent's price", () => {
    const parent = simple(1, "CHILD-RED", 1, 30, 6, { product_type: "configurable", name: "Hoodie" });
    const child = simple(2, "CHILD-RED", 1, 0, 0, { parent_item_id: 1, tax_percent: 0 });
    const plan = ready(planOrder(order([parent, child], { grand_total: 42 }), context()));
    const productRows = plan.order.rows.filter((r) => r.kind === "product");
    expect(productRows).toEqual([expect.objectContaining({ productId: 1003, quantity: 1, net: "30.00", tax: "6.00", externalRef: "1" })]);
  });

  it("imports a fixed-price bundle as its components, sharing the parent's money, or as the bundle product by setting", () => {
    const bundle = simple(1, "BUNDLE-1", 2, 100, 20, { product_type: "bundle" });
    const a = simple(2, "PART-A", 2, 0, 0, { parent_item_id: 1 });
    const b = simple(3, "PART-B", 4, 0, 0, { parent_item_id: 1 });
    const asComponents = ready(planOrder(order([bundle, a, b], { grand_total: 126 }), context()));
    const parts = asComponents.order.rows.filter((r) => r.kind === "product");
    expect(parts.map((r) => [r.productId, r.quantity, r.net, r.tax, r.externalRef])).toEqual([
      [1004, 2, "33.33", "6.67", "2"],
      [1005, 4, "66.67", "13.33", "3"],
    ]);
    expect(asComponents.totals.total).toBe("126.00");
    const asBundle = ready(planOrder(order([bundle, a, b], { grand_total: 126 }), context({ options: settingsOptions.parse({ bundles: "bundle-product" }) })));
    expect(asBundle.order.rows.filter((r) => r.kind === "product")).toEqual([expect.objectContaining({ productId: 1006, quantity: 2, net: "100.00", tax: "20.00" })]);
  });

  it("adds a rounding row when Magento's total differs from the rows by a few cents", () => {
    const plan = ready(planOrder(order([simple(1, "SKU-1", 3, 10, 2)], { grand_total: 18.02 }), context()));
    expect(plan.order.rows.at(-1)).toEqual({ kind: "rounding", name: "Rounding", quantity: 1, net: "0.02", tax: "0.00", taxCode: "Z", nominalCode: "4000" });
    expect(plan.totals).toMatchObject({ total: "18.02", magentoTotal: "18.02" });
  });

  it("refuses a larger difference instead of hiding it in a rounding row", () => {
    const plan = planOrder(order([simple(1, "SKU-1", 1, 10, 2)], { grand_total: 25 }), context());
    expect(plan).toMatchObject({ outcome: "invalid", issues: [{ code: "totals-mismatch" }] });
  });

  it("turns an unknown SKU into a free-text row flagged for review, or holds the order, by setting", () => {
    const items = [simple(1, "NOPE-9", 1, 10, 2, { name: "Mystery" })];
    const flagged = ready(planOrder(order(items, { grand_total: 18 }), context()));
    expect(flagged.order.rows[0]).toMatchObject({ kind: "free-text", name: "Mystery (SKU NOPE-9)", nominalCode: "4000" });
    expect(flagged.order.rows[0]).not.toHaveProperty("productId");
    expect(flagged.warnings).toEqual([expect.objectContaining({ code: "unknown-sku" })]);
    const held = planOrder(order(items, { grand_total: 18 }), context({ options: settingsOptions.parse({ unknownSku: "hold-order" }) }));
    expect(held).toMatchObject({ outcome: "blocked", issues: [expect.objectContaining({ code: "unknown-sku" })] });
  });

  it("names every missing mapping an order needs", () => {
    const plan = planOrder(
      order([simple(1, "SKU-1", 1, 10, 1.25, { tax_percent: 12.5 })], { store_id: 3, status: "on_review", payment: { method: "klarna", amount_paid: 17.25 }, extension_attributes: { shipping_assignments: [{ shipping: { method: "flatrate_flatrate" } }] }, grand_total: 17.25 }),
      context({ mappings: mappings({ "tax-rate": { "20": { taxCode: "T" } } }) }),
    );
    expect(plan.outcome).toBe("blocked");
    const keys = plan.outcome === "blocked" ? plan.issues.map((i) => `${i.mapping?.kind}:${i.mapping?.key}`) : [];
    expect(keys.sort()).toEqual(["order-status-in:on_review", "payment-method:klarna", "shipping-method:flatrate_flatrate", "store-view:3", "tax-rate:12.5"].sort());
  });

  it("skips orders placed before go-live and statuses the merchant excluded; without a go-live date nothing is imported", () => {
    expect(planOrder(order([simple(1, "SKU-1", 1, 10, 2)], { created_at: "2026-10-31 23:59:59", grand_total: 18 }), context())).toMatchObject({ outcome: "skip" });
    expect(planOrder(order([simple(1, "SKU-1", 1, 10, 2)], { status: "canceled", grand_total: 18 }), context())).toEqual({ outcome: "skip", reason: 'status "canceled" is not imported' });
    expect(planOrder(order([simple(1, "SKU-1", 1, 10, 2)], { grand_total: 18 }), context({ goLiveAt: null }))).toMatchObject({ outcome: "blocked", issues: [{ code: "no-go-live" }] });
  });

  it("records a captured payment as a receipt and an authorisation as AUTH with an expiry, by mapped method", () => {
    const paid = ready(planOrder(order([simple(1, "SKU-1", 1, 10, 2)], { grand_total: 18, payment: { method: "paypal_express", amount_paid: 18, last_trans_id: "PAY-9" } }), context()));
    expect(paid.payments).toEqual([
      expect.objectContaining({ paymentType: "RECEIPT", paymentMethodCode: "PAYPAL", transactionRef: "PAY-9", amount: "18.00", currencyIsoCode: "GBP", journalRef: "Magento order #000000501" }),
    ]);
    const authorised = ready(planOrder(order([simple(1, "SKU-1", 1, 10, 2)], { grand_total: 18, payment: { method: "braintree", amount_authorized: 18, last_trans_id: "bt-1" } }), context()));
    expect(authorised.payments).toEqual([expect.objectContaining({ paymentType: "AUTH", paymentMethodCode: "CARD", transactionRef: "bt-1.AUTH", authorizationExpiry: "2026-12-06T10:00:00.000Z" })]);
    const unpaid = ready(planOrder(order([simple(1, "SKU-1", 1, 10, 2)], { grand_total: 18, payment: { method: "checkmo" } }), context()));
    expect(unpaid.payments).toEqual([]);
  });

  it("fixes the exchange rate only when it is known against the account's currency", () => {
    const euro = (base: string) => ready(planOrder(order([simple(1, "SKU-1", 1, 10, 2)], { grand_total: 18, order_currency_code: "EUR", base_currency_code: base, base_to_order_rate: 1.17 }), context()));
    expect(euro("GBP").order.currency).toEqual({ code: "EUR", fixedExchangeRate: true, exchangeRate: "1.17" });
    expect(euro("USD").order.currency).toEqual({ code: "EUR", fixedExchangeRate: false });
  });

  it("sends guests to one chosen contact when the merchant says so", () => {
    const guest = { customer_is_guest: 1, customer_id: undefined, grand_total: 18 };
    const options = settingsOptions.parse({ guestOrders: "single-guest-contact", guestContactId: 77 });
    expect(ready(planOrder(order([simple(1, "SKU-1", 1, 10, 2)], guest), context({ options }))).customer).toMatchObject({ guest: true, fixedContactId: 77 });
    const unset = planOrder(order([simple(1, "SKU-1", 1, 10, 2)], guest), context({ options: settingsOptions.parse({ guestOrders: "single-guest-contact" }) }));
    expect(unset).toMatchObject({ outcome: "blocked", issues: [expect.objectContaining({ mapping: { kind: "setting", key: "guest-contact" } })] });
  });
});
