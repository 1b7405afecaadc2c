import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { saveFlowSwitches } from "@/lib/tenants/settings";
import { defaultLocationId } from "@/sandbox/brightpearl/domain/locations";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { sendAndSettle } from "@/tests/helpers/event-runs";
import { startFulfilmentStack, tenantWithImportedOrders } from "@/tests/helpers/fulfilment-stack";

const stack = await startFulfilmentStack();
const { control, engine } = stack;

afterAll(async () => {
  await db().$disconnect();
});

type Tenant = Awaited<ReturnType<typeof tenantWithImportedOrders>>;

// PayPal orders are paid (invoiced) at checkout, so Magento can refund them; GB orders carry VAT on
// shipping. Refunded items go back into stock (the setting's default).
const tenant = () =>
  tenantWithImportedOrders(stack, { orders: { count: 3, seed: 3, composite: false, paymentMethods: ["paypal_express"], currencies: ["GBP"] }, options: { restockRefunds: true } });

const refundRecord = (t: Tenant, creditMemoId: number) => t.scoped.syncRecord.findFirst({ where: { flow: "REFUNDS", sourceId: String(creditMemoId) } });
const settled = (t: Tenant, creditMemoId: number) =>
  eventually(
    async () => {
      const r = await refundRecord(t, creditMemoId);
      return r && ["SUCCEEDED", "FAILED", "SKIPPED", "BLOCKED"].includes(r.status) ? r : undefined;
    },
    20_000,
    `credit memo ${creditMemoId} handled`,
  );
const poll = (t: Tenant) => engine.engine.send({ name: "refunds/poll.requested", data: { tenantId: t.tenantId } });
const credits = (t: Tenant) => Object.values(control.account(t.accountCode).orders).filter((o) => o.orderTypeCode === "SC");
const paymentsOf = (t: Tenant, orderId: number) => Object.values(control.account(t.accountCode).payments).filter((p) => p.orderId === orderId);
const memosOf = (t: Tenant, magentoOrderId: number) => t.instance.state.creditmemos.filter((m) => Number(m.data.order_id) === magentoOrderId);
const cents = (v: unknown) => Math.round(Number(v) * 100);
const goodsInOf = (t: Tenant, creditId: number) => Object.values(control.account(t.accountCode).goodsInNotes).filter((n) => n.orderId === creditId);
const inStock = (t: Tenant, productId: number, warehouseId: number) => control.account(t.accountCode).stock[productId]?.[warehouseId]?.inStock ?? 0;
/** Product id → units, over a credit's product rows. */
const creditedUnits = (credit: ReturnType<typeof credits>[number]) => {
  const out = new Map<number, number>();
  for (const r of credit.rows) if (r.productId !== null) out.set(r.productId, (out.get(r.productId) ?? 0) + Number(r.quantity));
  return out;
};
/** Product id → in-stock units in a warehouse, for the products of an imported order. */
const stockOf = (t: Tenant, productIds: Iterable<number>, warehouseId: number) => new Map([...productIds].map((id) => [id, inStock(t, id, warehouseId)]));

describe("refunds: Magento credit memos become Brightpearl sales credits with their refund", () => {
  it("records a partial credit memo with a shipping refund as a linked sales credit and a PAYMENT, exactly once", async () => {
    const t = await tenant();
    const magentoOrderId = t.eligible.find((id) => Number(t.magentoOrder(id).data.shipping_amount) > 0)!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    const order = t.magentoOrder(magentoOrderId);
    const item = order.items[0]!;
    const shipping = Number(order.data.shipping_amount);
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "refund", items: [{ order_item_id: Number(item.data.item_id), qty: 1 }], shippingAmount: shipping });
    const memo = memosOf(t, magentoOrderId)[0]!.data;

    // a lost answer to the credit POST: the retry must find the credit, not make a second one
    control.faults.add({ route: "/public-api/:account/order-service/sales-credit", method: "POST", account: t.accountCode, errorRate: 1, status: 502, phase: "after", count: 1 });
    await poll(t);
    const record = await settled(t, Number(memo.entity_id));
    expect(record.status).toBe("SUCCEEDED");

    expect(credits(t)).toHaveLength(1);
    const credit = credits(t)[0]!;
    expect(record.targetId).toBe(String(credit.id));
    expect(credit.parentOrderId).toBe(orderId);
    expect(credit.externalRef).toBe(`creditmemo:${memo.entity_id}`);
    const product = credit.rows.filter((r) => r.productId !== null);
    expect(product).toHaveLength(1);
    expect(product[0]!.externalRef).toBe(String(item.data.item_id));
    expect(Number(product[0]!.quantity)).toBe(1);
    const shippingRow = credit.rows.find((r) => r.name.startsWith("Shipping refund"))!;
    expect(cents(shippingRow.net)).toBe(cents(memo.shipping_amount));
    expect(cents(shippingRow.tax)).toBe(cents(memo.shipping_tax_amount));
    expect(shippingRow.taxCode).toBe("T");
    const total = credit.rows.reduce((s, r) => s + cents(r.net) + cents(r.tax), 0);
    expect(total).toBe(cents(memo.grand_total));
    expect(paymentsOf(t, credit.id).map((p) => [p.paymentType, cents(p.amountPaid), p.paymentMethodCode])).toEqual([["PAYMENT", cents(memo.grand_total), "PAYPAL"]]);
    // the one refunded unit is back in stock
    expect(goodsInOf(t, credit.id).flatMap((n) => n.goodsMoved.map((g) => [g.orderRowId, g.productId, g.quantity]))).toEqual([[product[0]!.id, product[0]!.productId, 1]]);

    await poll(t);
    await engine.engine.send({ name: "magento/creditmemo.detected", data: { tenantId: t.tenantId, creditMemoId: Number(memo.entity_id) } });
    await engine.engine.whenIdle(20_000);
    expect(credits(t)).toHaveLength(1);
    expect(paymentsOf(t, credit.id)).toHaveLength(1);
    expect(goodsInOf(t, credit.id)).toHaveLength(1);
  });

  it("gives Magento's adjustment refund and adjustment fee rows of their own", async () => {
    const t = await tenant();
    const magentoOrderId = t.eligible[0]!;
    const item = t.magentoOrder(magentoOrderId).items[0]!;
    const creditMemoId = await t.client.post(
      `/V1/order/${magentoOrderId}/refund`,
      { items: [{ order_item_id: Number(item.data.item_id), qty: 1 }], arguments: { shipping_amount: 0, adjustment_positive: 5, adjustment_negative: 2 } },
      z.coerce.number(),
    );
    await poll(t);
    expect((await settled(t, creditMemoId)).status).toBe("SUCCEEDED");
    const credit = credits(t)[0]!;
    const memo = memosOf(t, magentoOrderId)[0]!.data;
    // the arguments are in the base currency; the credit is in the order's, as the credit memo is
    expect(credit.rows.filter((r) => r.productId === null).map((r) => [r.name, cents(r.net)])).toEqual([
      ["Adjustment refund", cents(memo.adjustment_positive)],
      ["Adjustment fee", -cents(memo.adjustment_negative)],
    ]);
    expect(cents(memo.adjustment_positive)).toBeGreaterThan(0);
    expect(credit.rows.reduce((s, r) => s + cents(r.net) + cents(r.tax), 0)).toBe(cents(memo.grand_total));
  });

  it("flags a credit memo for an order that was never imported, and records it once the order is imported", async () => {
    const t = await tenant();
    const response = await fetch(`${stack.mg.started.url}/__sandbox/instances/${t.instance.id}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count: 1, seed: 77, composite: false, paymentMethods: ["paypal_express"], currencies: ["GBP"] }),
    });
    expect(response.status).toBeLessThan(300);
    const magentoOrderId = Math.max(...t.instance.state.orders.map((o) => Number(o.data.entity_id)));
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "refund" });
    const memo = memosOf(t, magentoOrderId)[0]!.data;

    await poll(t);
    const flagged = await settled(t, Number(memo.entity_id));
    expect(flagged.status).toBe("FAILED");
    expect(flagged.lastError).toMatch(/is not in Brightpearl \(it has not been imported\)/);
    expect(credits(t)).toHaveLength(0);

    await engine.engine.send({ name: "magento/order.detected", data: { tenantId: t.tenantId, orderId: magentoOrderId } });
    await eventually(async () => (await t.scoped.syncRecord.findFirst({ where: { flow: "ORDERS", sourceId: String(magentoOrderId) } }))?.status === "SUCCEEDED", 20_000, "the order imported");
    await poll(t);
    await eventually(async () => (await refundRecord(t, Number(memo.entity_id)))?.status === "SUCCEEDED", 20_000, "the refund recorded");
    expect(credits(t)).toHaveLength(1);
    expect(credits(t)[0]!.parentOrderId).toBe(await t.brightpearlOrderOf(magentoOrderId));
  });

  it("flags a credit memo for an order placed before go-live once, in plain words, and does not wait for it", async () => {
    const t = await tenant();
    const response = await fetch(`${stack.mg.started.url}/__sandbox/instances/${t.instance.id}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count: 1, seed: 78, composite: false, paymentMethods: ["paypal_express"], currencies: ["GBP"] }),
    });
    expect(response.status).toBeLessThan(300);
    const magentoOrderId = Math.max(...t.instance.state.orders.map((o) => Number(o.data.entity_id)));
    t.magentoOrder(magentoOrderId).data.created_at = "2020-01-15 10:00:00";
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "refund" });
    const memoId = Number(memosOf(t, magentoOrderId)[0]!.data.entity_id);

    await poll(t);
    const flagged = await settled(t, memoId);
    expect(flagged.status).toBe("FAILED");
    expect(flagged.lastError).toContain("was placed before go-live");
    expect(flagged.lastError).toContain("Enter this refund in Brightpearl by hand.");
    expect((flagged.progress as { waitingForOrder?: number } | null)?.waitingForOrder).toBeUndefined();

    // later looks leave it be
    await sendAndSettle(engine.engine, { name: "refunds/poll.requested", data: { tenantId: t.tenantId } });
    await engine.engine.whenIdle(20_000);
    await sendAndSettle(engine.engine, { name: "refunds/poll.requested", data: { tenantId: t.tenantId } });
    await engine.engine.whenIdle(20_000);
    expect((await refundRecord(t, memoId))!.attempts).toBe(flagged.attempts);
    expect(credits(t)).toHaveLength(0);
  });

  it("a switched-off refunds flow records nothing, whatever is queued", async () => {
    const t = await tenant();
    const magentoOrderId = t.eligible[0]!;
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "refund" });
    const memoId = Number(memosOf(t, magentoOrderId)[0]!.data.entity_id);
    await saveFlowSwitches(t.scoped, t.tenantId, { orders: true, inventory: false, prices: false, products: false, shipments: true, refunds: false });
    await sendAndSettle(engine.engine, { name: "refunds/poll.requested", data: { tenantId: t.tenantId } });
    await sendAndSettle(engine.engine, { name: "magento/creditmemo.detected", data: { tenantId: t.tenantId, creditMemoId: memoId, reason: "retry" } });
    expect(await refundRecord(t, memoId)).toBeNull();
    expect(credits(t)).toHaveLength(0);
  });

  it("the poll picks up a credit memo whose attempt died while running, after the cursor moved past it", async () => {
    const t = await tenant();
    const magentoOrderId = t.eligible[0]!;
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "refund" });
    const memoId = Number(memosOf(t, magentoOrderId)[0]!.data.entity_id);
    await t.scoped.syncCursor.create({ data: { tenantId: t.tenantId, flow: "REFUNDS", name: "created_at", value: new Date(Date.now() + 60 * 60_000).toISOString() } });
    const stale = new Date(Date.now() - 10 * 60_000);
    await t.scoped.syncRecord.create({ data: { tenantId: t.tenantId, flow: "REFUNDS", sourceId: String(memoId), status: "RUNNING", attempts: 1, lastAttemptAt: stale, updatedAt: stale } });
    await poll(t);
    expect((await settled(t, memoId)).status).toBe("SUCCEEDED");
    expect(credits(t)).toHaveLength(1);
  });

  it("books the refunded items back into the warehouse's default location once, even when the answer to the goods-in POST is lost", async () => {
    const t = await tenant();
    const magentoOrderId = t.eligible[0]!;
    const order = control.account(t.accountCode).orders[await t.brightpearlOrderOf(magentoOrderId)]!;
    const before = stockOf(t, order.rows.flatMap((r) => (r.productId === null ? [] : [r.productId])), order.warehouseId);
    control.faults.add({ route: "/public-api/:account/warehouse-service/order/:orderId/goods-note/goods-in", method: "POST", account: t.accountCode, errorRate: 1, status: 502, phase: "after", count: 1 });
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "refund" });
    const memo = memosOf(t, magentoOrderId)[0]!.data;
    await poll(t);
    const record = await settled(t, Number(memo.entity_id));
    expect(record.status).toBe("SUCCEEDED");

    const credit = credits(t)[0]!;
    const notes = goodsInOf(t, credit.id);
    expect(notes).toHaveLength(1);
    const note = notes[0]!;
    expect(note.userBatchReference).toBe(`M2-CM-${memo.increment_id}-SC-${credit.id}`);
    expect(note.warehouseId).toBe(credit.warehouseId);
    const rows = credit.rows.filter((r) => r.productId !== null);
    expect(note.goodsMoved.map((g) => [g.orderRowId, g.productId, g.quantity])).toEqual(rows.map((r) => [r.id, r.productId, Number(r.quantity)]));
    expect(note.goodsMoved.every((g) => g.locationId === defaultLocationId(credit.warehouseId))).toBe(true);
    // valued at the items' cost, as the stock left
    expect(note.goodsMoved.map((g) => g.value)).toEqual(rows.map((r) => r.itemCost));
    expect(rows.every((r) => Number(r.itemCost) > 0)).toBe(true);
    for (const [productId, units] of creditedUnits(credit)) expect(inStock(t, productId, credit.warehouseId)).toBe(before.get(productId)! + units);
    expect(record.responsePayload).toMatchObject({ restock: { status: "booked", noteId: note.id, recovered: true } });
    expect((await t.scoped.syncRecord.findFirstOrThrow({ where: { flow: "REFUNDS", sourceId: String(memo.entity_id) } })).lastError).toBeNull();

    // asked again, nothing is booked twice
    await engine.engine.send({ name: "magento/creditmemo.detected", data: { tenantId: t.tenantId, creditMemoId: Number(memo.entity_id) } });
    await engine.engine.whenIdle(20_000);
    expect(goodsInOf(t, credit.id)).toHaveLength(1);
    for (const [productId, units] of creditedUnits(credit)) expect(inStock(t, productId, credit.warehouseId)).toBe(before.get(productId)! + units);
  });

  it("spends five Brightpearl calls on a credit memo with its refund and restock, six the first time a warehouse is used", async () => {
    const t = await tenant();
    const calls = async (magentoOrderId: number) => {
      await stack.magentoAction(t.instance.id, magentoOrderId, { action: "refund" });
      const memo = memosOf(t, magentoOrderId)[0]!.data;
      const since = Date.now();
      await poll(t);
      expect((await settled(t, Number(memo.entity_id))).status).toBe("SUCCEEDED");
      await engine.engine.whenIdle(20_000);
      return control.requests.counts({ account: t.accountCode, since }).byRoute;
    };
    const route = (method: string, path: string) => `${method} /public-api/:account${path}`;
    const refund = {
      [route("GET", "/order-service/sales-order/:ids")]: 1,
      [route("POST", "/order-service/sales-credit")]: 1,
      [route("POST", "/accounting-service/customer-payment")]: 1,
      [route("GET", "/order-service/order/:ids")]: 1,
      [route("POST", "/warehouse-service/order/:orderId/goods-note/goods-in")]: 1,
    };
    expect(await calls(t.eligible[0]!)).toEqual({ ...refund, [route("GET", "/warehouse-service/warehouse/:id/location/default")]: 1 });
    expect(await calls(t.eligible[1]!)).toEqual(refund);
  });

  it("keeps the credit and its refund when Brightpearl refuses the goods-in note, and says why in plain words", async () => {
    const t = await tenant();
    const magentoOrderId = t.eligible[1]!;
    const order = control.account(t.accountCode).orders[await t.brightpearlOrderOf(magentoOrderId)]!;
    const productId = order.rows.find((r) => r.productId !== null)!.productId!;
    // Brightpearl stops tracking the product's stock after the order came in: the note is refused.
    control.updateProduct(t.accountCode, productId, { stock: { stockTracked: false } });
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "refund" });
    const memo = memosOf(t, magentoOrderId)[0]!.data;
    await poll(t);
    const record = await settled(t, Number(memo.entity_id));
    expect(record.status).toBe("FAILED");
    const credit = credits(t)[0]!;
    expect(record.lastError).toBe(
      `Sales credit ${credit.id} and its refund are in Brightpearl, but the returned items could not be booked back into stock (Brightpearl said: "goodsMoved[0]: product ${productId} is not stock tracked"). Book them in on the sales credit in Brightpearl, or switch off "Return refunded items to stock" in Settings, then retry.`,
    );
    expect(paymentsOf(t, credit.id)).toHaveLength(1);
    expect(goodsInOf(t, credit.id)).toHaveLength(0);

    // The merchant books them in by hand and retries: the refund is recorded, nothing booked twice.
    control.updateProduct(t.accountCode, productId, { stock: { stockTracked: true } });
    expect(control.receiveGoodsIn(t.accountCode, { orderId: credit.id }).goodsInNoteIds).toHaveLength(1);
    await engine.engine.send({ name: "magento/creditmemo.detected", data: { tenantId: t.tenantId, creditMemoId: Number(memo.entity_id) } });
    await eventually(async () => (await refundRecord(t, Number(memo.entity_id)))?.status === "SUCCEEDED", 20_000, "the refund recorded after the retry");
    expect(goodsInOf(t, credit.id)).toHaveLength(1);
    expect((await refundRecord(t, Number(memo.entity_id)))!.responsePayload).toMatchObject({ restock: { status: "already-received" } });
  });

  it("keeps the credit and its refund when Brightpearl refuses to book the returned goods in, and says so", async () => {
    const t = await tenant();
    const route = "/public-api/:account/warehouse-service/order/:orderId/goods-note/goods-in";
    control.faults.add({ route, method: "POST", account: t.accountCode, errorRate: 1, status: 400, body: { errors: [{ code: "WHSC-099", message: "Goods-in refused" }] } });
    const magentoOrderId = t.eligible[0]!;
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "refund" });
    const memo = memosOf(t, magentoOrderId)[0]!.data;
    await poll(t);
    const record = await settled(t, Number(memo.entity_id));
    expect(record.status).toBe("FAILED");
    expect(record.lastError).toMatch(/and its refund are in Brightpearl, but the returned items could not be booked back into stock \(Brightpearl said: "Goods-in refused"\)/);
    expect(credits(t)).toHaveLength(1);
    expect(goodsInOf(t, credits(t)[0]!.id)).toHaveLength(0);
    expect(paymentsOf(t, credits(t)[0]!.id)).toHaveLength(1);
    control.faults.clear();
  });
});
