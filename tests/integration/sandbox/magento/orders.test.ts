import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderRecord } from "@/sandbox/magento/domain/types";
import { MagentoHarness, sc } from "./harness";

let h: MagentoHarness;

beforeAll(async () => {
  h = await MagentoHarness.start({
    config: {
      storeViews: [
        { code: "default", name: "Default Store View", website: "base" },
        { code: "fr", name: "French", website: "base" },
      ],
      sources: [
        { code: "default", name: "Default Source" },
        { code: "east", name: "East", priority: 1 },
      ],
    },
    catalogue: { count: 40, configurables: 2, bundles: 2 },
    orders: { count: 40, seed: 3, paymentMethods: ["checkmo"], from: "2025-03-01 00:00:00", to: "2025-03-10 00:00:00" },
  });
});
afterAll(async () => h.close());

const used = new Set<number>();
/** An order no other test has touched, matching `p`. */
function fresh(p: (o: OrderRecord) => boolean = () => true): OrderRecord {
  const order = h.instance.state.orders.find((o) => !used.has(Number(o.data.entity_id)) && o.data.state === "new" && p(o));
  if (!order) throw new Error("no fresh order matches");
  used.add(Number(order.data.entity_id));
  return order;
}
const only = (types: string[]) => (o: OrderRecord) => o.items.every((i) => types.includes(String(i.data.product_type)));
const id = (o: OrderRecord) => Number(o.data.entity_id);
const get = async (o: OrderRecord) => (await h.get(`/V1/orders/${id(o)}`)).body;
const advanceClock = (ms: number) => {
  h.instance.state.clockOffsetMs += ms;
};

describe("reading orders", () => {
  it("reads by entity_id and answers 404 with Magento's body for an unknown one", async () => {
    const order = h.instance.state.orders[0]!;
    expect((await h.get(`/V1/orders/${id(order)}`)).body.increment_id).toBe(order.data.increment_id);
    const missing = await h.get("/V1/orders/999999");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: "The entity that was requested doesn't exist. Verify the entity and try again." });
  });

  it("needs searchCriteria on list endpoints", async () => {
    const res = await h.get("/V1/orders");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: "searchCriteria" } });
  });

  it("repeats the last page for a page past the end and returns everything without pageSize", async () => {
    const sort = [{ field: "entity_id", direction: "ASC" as const }];
    const last = await h.get("/V1/orders", { query: sc({ sort, pageSize: 15, currentPage: 3 }) });
    const past = await h.get("/V1/orders", { query: sc({ sort, pageSize: 15, currentPage: 4 }) });
    expect(past.body.items.map((o: any) => o.entity_id)).toEqual(last.body.items.map((o: any) => o.entity_id));
    expect(past.body.search_criteria.current_page).toBe(4);
    expect(past.body.total_count).toBe(40);
    expect((await h.get("/V1/orders", { query: sc({ sort }) })).body.items).toHaveLength(40);
  });

  it("filters on updated_at windows, increment ids and state, and sorts", async () => {
    const res = await h.get("/V1/orders", {
      query: sc({
        groups: [[{ field: "updated_at", value: "2025-03-05 00:00:00", condition: "gteq" }], [{ field: "state", value: "new,processing", condition: "in" }]],
        sort: [{ field: "updated_at", direction: "DESC" }],
        pageSize: 100,
      }),
    });
    const dates = res.body.items.map((o: any) => o.updated_at);
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d: string) => d >= "2025-03-05 00:00:00")).toBe(true);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(dates.every((d: string) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(d))).toBe(true);
  });

  it("returns only the requested fields", async () => {
    const res = await h.get("/V1/orders", { query: { ...sc({ pageSize: 2 }), fields: "items[entity_id,increment_id],total_count" } });
    expect(Object.keys(res.body)).toEqual(["items", "total_count"]);
    expect(Object.keys(res.body.items[0])).toEqual(["entity_id", "increment_id"]);
  });

  it("does not scope order lists by the store code in the URL", async () => {
    const all = await h.get("/V1/orders", { query: sc({}) });
    const fr = await h.get("/V1/orders", { query: sc({}), store: "fr" });
    expect(fr.body.total_count).toBe(all.body.total_count);
    expect(new Set(all.body.items.map((o: any) => o.store_id)).size).toBe(2);
  });
});

describe("comments", () => {
  it("copies the comment's status onto the order, and a comment without status nulls it", async () => {
    const order = fresh();
    const before = (await get(order)).updated_at;
    advanceClock(61_000);
    const withStatus = await h.post(`/V1/orders/${id(order)}/comments`, { statusHistory: { comment: "Packed", is_customer_notified: 0, is_visible_on_front: 0, parent_id: id(order), status: "pending" } });
    expect(withStatus.body).toBe(true);
    const after = await get(order);
    expect(after.status).toBe("pending");
    expect(after.updated_at > before).toBe(true);
    expect(after.status_histories[0].comment).toBe("Packed");

    await h.post(`/V1/orders/${id(order)}/comments`, { statusHistory: { comment: "No status", is_customer_notified: 0, is_visible_on_front: 0, parent_id: id(order) } });
    const nulled = await get(order);
    expect(nulled).not.toHaveProperty("status");
    expect(nulled.state).toBe("new");
    const comments = await h.get(`/V1/orders/${id(order)}/comments`);
    expect(comments.body.total_count).toBe(2);
  });
});

describe("shipping", () => {
  it("ships part of an order, caps a request at what is left, and refuses when nothing is left", async () => {
    const order = fresh((o) => only(["simple"])(o) && Number(o.items[0]!.data.qty_ordered) >= 2);
    const line = order.items[0]!;
    const ordered = Number(line.data.qty_ordered);
    const first = await h.post(`/V1/order/${id(order)}/ship`, { items: [{ order_item_id: line.data.item_id, qty: 1 }] });
    expect(first.status).toBe(200);
    expect(Number.isInteger(first.body)).toBe(true);
    expect((await get(order)).items[0].qty_shipped).toBe(1);

    const rest = await h.post(`/V1/order/${id(order)}/ship`, { items: [{ order_item_id: line.data.item_id, qty: 99 }] });
    expect(rest.status).toBe(200);
    const shipment = await h.get(`/V1/shipment/${rest.body}`);
    expect(shipment.body.items[0].qty).toBe(ordered - 1);
    const after = await get(order);
    expect(after.items.every((i: any) => i.qty_shipped <= i.qty_ordered)).toBe(true);

    if (order.items.length === 1) {
      const again = await h.post(`/V1/order/${id(order)}/ship`, {});
      expect(again.status).toBe(400);
      expect(again.body.message).toBe("Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created.\nYou can't create a shipment without products.");
    }
  });

  it("ships a configurable line by its parent item; the child alone is refused", async () => {
    const order = fresh((o) => o.items.some((i) => i.data.product_type === "configurable"));
    const parent = order.items.find((i) => i.data.product_type === "configurable")!;
    const child = order.items.find((i) => i.data.parent_item_id === parent.data.item_id)!;
    const refused = await h.post(`/V1/order/${id(order)}/ship`, { items: [{ order_item_id: child.data.item_id, qty: 1 }] });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ message: "Shipment Document Validation Error(s):\nYou can't create a shipment without products." });
    const shipped = await h.post(`/V1/order/${id(order)}/ship`, { items: [{ order_item_id: parent.data.item_id, qty: parent.data.qty_ordered }] });
    expect(shipped.status).toBe(200);
    const items = (await get(order)).items;
    expect(items.find((i: any) => i.item_id === parent.data.item_id).qty_shipped).toBe(parent.data.qty_ordered);
    expect(items.find((i: any) => i.item_id === child.data.item_id).qty_shipped).toBe(0);
  });

  it("follows the bundle's shipment type", async () => {
    const together = fresh((o) => o.items.some((i) => i.data.product_type === "bundle" && !i.shipSeparately));
    const bundle = together.items.find((i) => i.data.product_type === "bundle")!;
    const part = together.items.find((i) => i.data.parent_item_id === bundle.data.item_id)!;
    const res = await h.post(`/V1/order/${id(together)}/ship`, { items: [{ order_item_id: part.data.item_id, qty: 1 }] });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(`Cannot create shipment as bundle product "${bundle.data.sku}" has shipment type "Together". Bundle product itself should be shipped instead.`);

    const separately = fresh((o) => o.items.some((i) => i.data.product_type === "bundle" && !!i.shipSeparately));
    const parent = separately.items.find((i) => i.data.product_type === "bundle")!;
    const res2 = await h.post(`/V1/order/${id(separately)}/ship`, { items: [{ order_item_id: parent.data.item_id, qty: 1 }] });
    expect(res2.status).toBe(400);
    expect(res2.body.message).toContain('has shipment type "Separately". Bundle product options should be shipped instead.');
  });

  it("deducts the chosen MSI source, records it on the shipment, and keeps tracks", async () => {
    const order = fresh(only(["simple"]));
    const line = order.items[0]!;
    const sku = String(line.data.sku);
    await h.post("/V1/inventory/source-items", { sourceItems: [{ sku, source_code: "east", quantity: 50, status: 1 }] });
    const shipped = await h.post(`/V1/order/${id(order)}/ship`, {
      items: [{ order_item_id: line.data.item_id, qty: 1 }],
      tracks: [{ track_number: "1Z999", title: "UPS", carrier_code: "ups" }],
      arguments: { extension_attributes: { source_code: "east" } },
    });
    expect(shipped.status).toBe(200);
    const shipment = (await h.get(`/V1/shipment/${shipped.body}`)).body;
    expect(shipment.extension_attributes).toEqual({ source_code: "east" });
    expect(shipment.tracks[0]).toMatchObject({ track_number: "1Z999", carrier_code: "ups", title: "UPS", order_id: id(order) });
    const items = await h.get("/V1/inventory/source-items", { query: sc({ groups: [[{ field: "sku", value: sku }], [{ field: "source_code", value: "east" }]] }) });
    expect(items.body.items[0].quantity).toBe(49);
    const unknown = await h.post(`/V1/order/${id(order)}/ship`, { arguments: { extension_attributes: { source_code: "nowhere" } } });
    expect(unknown.status).toBe(400);
  });

  it("refuses to ship an order on hold", async () => {
    const order = fresh();
    expect((await h.post(`/V1/orders/${id(order)}/hold`, undefined)).body).toBe(true);
    const res = await h.post(`/V1/order/${id(order)}/ship`, {});
    expect(res.body.message).toContain("A shipment cannot be created when an order has a status of holded");
    expect((await h.post(`/V1/orders/${id(order)}/unhold`, undefined)).body).toBe(true);
    expect((await get(order)).status).toBe("pending");
  });
});

describe("invoicing, refunds and cancellation", () => {
  it("invoices an offline payment as paid and moves the order to processing", async () => {
    const order = fresh();
    const res = await h.post(`/V1/order/${id(order)}/invoice`, { capture: true });
    expect(res.status).toBe(200);
    const invoice = (await h.get(`/V1/invoices/${res.body}`)).body;
    expect(invoice.state).toBe(2);
    expect(invoice).not.toHaveProperty("transaction_id");
    const after = await get(order);
    expect(after.state).toBe("processing");
    expect(after.total_paid).toBe(after.grand_total);
    expect(after.total_invoiced).toBe(after.grand_total);
    const again = await h.post(`/V1/order/${id(order)}/invoice`, {});
    expect(again.status).toBe(400);
    expect(again.body.message).toBe("Invoice Document Validation Error(s):\nAn invoice cannot be created when an order has a status of processing.");
  });

  it("refuses to invoice more than is left", async () => {
    const order = fresh(only(["simple"]));
    const line = order.items[0]!;
    const res = await h.post(`/V1/order/${id(order)}/invoice`, { items: [{ order_item_id: line.data.item_id, qty: Number(line.data.qty_ordered) + 1 }] });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'We found an invalid quantity to invoice item "%1".', parameters: [String(line.data.name)] });
  });

  it("refuses a credit memo before anything is paid", async () => {
    const order = fresh();
    const res = await h.post(`/V1/order/${id(order)}/refund`, {});
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Creditmemo Document Validation Error(s):\nThe order does not allow a creditmemo to be created.\nWe can't create creditmemo for the order.\nThe credit memo's total must be positive.",
    );
  });

  it("refunds items, shipping and adjustments into a credit memo, returning shipped goods to stock on request", async () => {
    const order = fresh((o) => only(["simple"])(o) && Number(o.items[0]!.data.qty_ordered) >= 2 && Number(o.data.shipping_amount) > 0);
    const line = order.items[0]!;
    const sku = String(line.data.sku);
    await h.post(`/V1/order/${id(order)}/invoice`, {});
    await h.post(`/V1/order/${id(order)}/ship`, { arguments: { extension_attributes: { source_code: "default" } } });
    const stockBefore = (await h.get(`/V1/stockItems/${sku}`)).body.qty;
    const tooMuchShipping = await h.post(`/V1/order/${id(order)}/refund`, { items: [{ order_item_id: line.data.item_id, qty: 1 }], arguments: { shipping_amount: 1000 } });
    expect(tooMuchShipping.status).toBe(400);
    expect(tooMuchShipping.body.message).toBe("Maximum shipping amount allowed to refund is: %1");

    const res = await h.post(`/V1/order/${id(order)}/refund`, {
      items: [{ order_item_id: line.data.item_id, qty: 1 }],
      arguments: { shipping_amount: 0, adjustment_positive: 2, adjustment_negative: 1, extension_attributes: { return_to_stock_items: [line.data.item_id] } },
    });
    expect(res.status).toBe(200);
    const memo = (await h.get(`/V1/creditmemo/${res.body}`)).body;
    expect(memo.order_id).toBe(id(order));
    expect(memo.items).toHaveLength(1);
    expect(memo.items[0].qty).toBe(1);
    expect(memo.base_shipping_amount).toBe(0);
    expect(memo.base_adjustment_positive).toBe(2);
    const expected = Math.round((memo.subtotal + memo.tax_amount + memo.discount_amount + memo.adjustment_positive - memo.adjustment_negative) * 100) / 100;
    expect(memo.grand_total).toBeCloseTo(expected, 2);
    expect((await h.get(`/V1/stockItems/${sku}`)).body.qty).toBe(stockBefore + 1);
    const listed = await h.get("/V1/creditmemos", { query: sc({ groups: [[{ field: "order_id", value: String(id(order)) }]] }) });
    expect(listed.body.total_count).toBe(1);

    const overRefund = await h.post(`/V1/order/${id(order)}/refund`, { items: [{ order_item_id: line.data.item_id, qty: 99 }] });
    expect(overRefund.status).toBe(400);
    expect(overRefund.body.message).toContain(`The quantity to creditmemo must not be greater than the unrefunded quantity for product SKU "${sku}".`);

    // The first memo refunded 1 more than its goods (adjustments +2 -1): refunding the rest in full would exceed what was paid.
    const tooMuch = await h.post(`/V1/order/${id(order)}/refund`, {});
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.message).toMatch(/The most money available to refund is [\d.]+\./);
    const rest = await h.post(`/V1/order/${id(order)}/refund`, { arguments: { adjustment_negative: 1 } });
    expect(rest.status).toBe(200);
    const closed = await get(order);
    expect(closed.state).toBe("closed");
    expect(closed.total_refunded).toBe(closed.total_paid);
  });

  it("cancels an unpaid order and frees its reservation, but not a paid one", async () => {
    const order = fresh(only(["simple"]));
    const sku = String(order.items[0]!.data.sku);
    const salableBefore = (await h.get(`/V1/inventory/get-product-salable-quantity/${sku}/1`)).body;
    const res = await h.post(`/V1/orders/${id(order)}/cancel`, undefined);
    expect(res.body).toBe(true);
    const after = await get(order);
    expect(after.state).toBe("canceled");
    expect(after.items[0].qty_canceled).toBe(after.items[0].qty_ordered);
    expect((await h.get(`/V1/inventory/get-product-salable-quantity/${sku}/1`)).body).toBe(salableBefore + Number(order.items[0]!.data.qty_ordered));
    expect((await h.post(`/V1/orders/${id(order)}/cancel`, undefined)).body).toBe(false);

    const paid = fresh();
    await h.post(`/V1/order/${id(paid)}/invoice`, {});
    expect((await h.post(`/V1/orders/${id(paid)}/cancel`, undefined)).body).toBe(false);
  });

  it("bumps updated_at on every save and completes an order once invoiced and shipped", async () => {
    const order = fresh();
    let last = (await get(order)).updated_at;
    for (const step of [`/V1/order/${id(order)}/invoice`, `/V1/order/${id(order)}/ship`]) {
      advanceClock(2_000);
      expect((await h.post(step, {})).status).toBe(200);
      const now = (await get(order)).updated_at;
      expect(now > last).toBe(true);
      last = now;
    }
    expect((await get(order)).state).toBe("complete");
  });
});

describe("capture semantics", () => {
  it("captures an authorised card payment online only when asked, and refuses a second invoice for orders paid at checkout", async () => {
    const cards = await MagentoHarness.start({ catalogue: { count: 30 }, orders: { count: 30, seed: 8, paymentMethods: ["braintree"], composite: false } });
    try {
      const orders = cards.instance.state.orders;
      const authorised = orders.filter((o) => o.data.state === "processing" && !o.data.total_paid);
      const capturedAtCheckout = orders.find((o) => Number(o.data.total_paid) > 0)!;
      expect(authorised.length).toBeGreaterThanOrEqual(2);

      const online = await cards.post(`/V1/order/${authorised[0]!.data.entity_id}/invoice`, { capture: true });
      const onlineInvoice = (await cards.get(`/V1/invoices/${online.body}`)).body;
      expect(onlineInvoice.transaction_id).toEqual(expect.any(String));
      const offline = await cards.post(`/V1/order/${authorised[1]!.data.entity_id}/invoice`, { capture: false });
      const offlineInvoice = (await cards.get(`/V1/invoices/${offline.body}`)).body;
      expect(offlineInvoice).not.toHaveProperty("transaction_id");
      // Paid either way: capture:false marks the invoice paid without taking the money.
      expect(offlineInvoice.state).toBe(2);
      expect((await cards.get(`/V1/orders/${authorised[1]!.data.entity_id}`)).body.total_paid).toBe(authorised[1]!.data.grand_total);

      const second = await cards.post(`/V1/order/${capturedAtCheckout.data.entity_id}/invoice`, {});
      expect(second.status).toBe(400);
      expect(second.body.message).toMatch(/^Invoice Document Validation Error\(s\):\nAn invoice cannot be created when an order has a status of/);
    } finally {
      await cards.close();
    }
  });
});

describe("without MSI", () => {
  it("answers no route for inventory endpoints and refuses a source_code argument", async () => {
    const legacy = await MagentoHarness.start({ config: { msi: false }, catalogue: { count: 10 }, orders: { count: 2, seed: 1, paymentMethods: ["checkmo"], composite: false } });
    try {
      const res = await legacy.get("/V1/inventory/source-items", { query: sc({}) });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ message: "Request does not match any route." });
      expect((await legacy.post("/V1/inventory/source-items", { sourceItems: [] })).status).toBe(404);
      const order = legacy.instance.state.orders[0]!;
      const ship = await legacy.post(`/V1/order/${order.data.entity_id}/ship`, { arguments: { extension_attributes: { source_code: "default" } } });
      expect(ship.status).toBe(400);
      expect(ship.body.message).toContain('Property "SourceCode" does not have accessor method');
      const plain = await legacy.post(`/V1/order/${order.data.entity_id}/ship`, {});
      expect(plain.status).toBe(200);
      expect((await legacy.get(`/V1/shipment/${plain.body}`)).body).not.toHaveProperty("extension_attributes");
    } finally {
      await legacy.close();
    }
  });
});
