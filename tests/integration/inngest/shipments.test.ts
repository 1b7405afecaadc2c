import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { saveMapping } from "@/lib/tenants/mappings";
import { saveFlowSwitches } from "@/lib/tenants/settings";
import { canShip } from "@/sandbox/magento/domain/orders";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { sendAndSettle } from "@/tests/helpers/event-runs";
import { startFulfilmentStack, tenantWithImportedOrders } from "@/tests/helpers/fulfilment-stack";

const stack = await startFulfilmentStack();
const { control, engine } = stack;

afterAll(async () => {
  await db().$disconnect();
});

type Tenant = Awaited<ReturnType<typeof tenantWithImportedOrders>>;

// Seed 21 gives a simple-only order first and an order with a bundle (shipped separately) and a configurable third.
const ORDERS = { count: 8, seed: 21, composite: true, paymentMethods: ["checkmo" as const] };
const CATALOGUE = { count: 30, configurables: 2, bundles: 2 };
const tenant = () => tenantWithImportedOrders(stack, { orders: ORDERS, catalogue: CATALOGUE });

const settled = async (t: Tenant, sourceId: string) => {
  const r = await t.scoped.syncRecord.findFirst({ where: { flow: "SHIPMENTS", sourceId } });
  return r && ["SUCCEEDED", "SKIPPED", "FAILED"].includes(r.status) ? r : undefined;
};
const handled = (t: Tenant, sourceId: string) => eventually(() => settled(t, sourceId), 20_000, `${sourceId} handled`);

const productRows = (t: Tenant, orderId: number) => control.account(t.accountCode).orders[orderId]!.rows.filter((r) => r.productId !== null).map((r) => ({ id: r.id, quantity: Number(r.quantity) }));
const simpleOnly = (t: Tenant) => t.eligible.find((id) => t.magentoOrder(id).items.every((i) => i.data.product_type === "simple" && i.data.parent_item_id == null))!;
const shippedQty = (t: Tenant, magentoOrderId: number) => t.magentoOrder(magentoOrderId).items.reduce((s, i) => s + Number(i.data.qty_shipped ?? 0), 0);

describe("shipments: shipped Brightpearl notes become Magento shipments", () => {
  it("ships a whole goods-out note: configurables by their parent, bundle components, tracking, the mapped carrier and the customer email", async () => {
    const t = await tenant();
    await saveMapping(t.scoped, t.tenantId, "carrier", "1", { carrierCode: "royalmail", title: "Royal Mail" });
    const composite = t.eligible.find((id) => ["configurable", "bundle"].every((type) => t.magentoOrder(id).items.some((i) => i.data.product_type === type)))!;
    expect(composite).toBeDefined();
    const orderId = await t.brightpearlOrderOf(composite);

    const { goodsOutNoteIds } = control.shipGoodsOut(t.accountCode, { orderId, trackingReference: "RM123456789GB", shippingMethodId: 1 });
    const record = await handled(t, `gon:${goodsOutNoteIds[0]}`);
    expect(record.status).toBe("SUCCEEDED");

    const shipments = t.shipmentsOf(composite);
    expect(shipments).toHaveLength(1);
    const shipment = shipments[0]!;
    expect(record.targetId).toBe(String(shipment.data.entity_id));
    expect(shipment.tracks.map((k) => [k.data.track_number, k.data.carrier_code, k.data.title])).toEqual([["RM123456789GB", "royalmail", "Royal Mail"]]);
    expect(shipment.data.email_sent).toBe(1);
    expect(shipment.comments.map((c) => c.data.comment).join(" ")).toContain(`goods-out note ${goodsOutNoteIds[0]}`);
    const order = t.magentoOrder(composite);
    const configurable = order.items.find((i) => i.data.product_type === "configurable")!;
    expect(Number(configurable.data.qty_shipped)).toBe(Number(configurable.data.qty_ordered));
    expect(shipment.items.map((i) => Number(i.data.order_item_id))).toContain(Number(configurable.data.item_id));
    expect(canShip(order)).toBe(false);
  });

  it("turns a partial shipment and a split across two warehouses into one Magento shipment per note", async () => {
    const t = await tenantWithImportedOrders(stack, { orders: ORDERS, catalogue: CATALOGUE, autoAllocate: false });
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    const rows = productRows(t, orderId);
    const ordered = rows.reduce((s, r) => s + r.quantity, 0);
    expect(ordered).toBeGreaterThanOrEqual(2);

    const first = control.shipGoodsOut(t.accountCode, { orderId, warehouseId: 2, lines: [{ orderRowId: rows[0]!.id, quantity: 1 }], trackingReference: "PART-1" }).goodsOutNoteIds[0]!;
    expect((await handled(t, `gon:${first}`)).status).toBe("SUCCEEDED");
    expect(shippedQty(t, magentoOrderId)).toBe(1);
    expect(canShip(t.magentoOrder(magentoOrderId))).toBe(true);

    const rest = rows.map((r, k) => ({ orderRowId: r.id, quantity: k === 0 ? r.quantity - 1 : r.quantity })).filter((l) => l.quantity > 0);
    const second = control.shipGoodsOut(t.accountCode, { orderId, warehouseId: 3, lines: rest, trackingReference: "PART-2" }).goodsOutNoteIds[0]!;
    expect((await handled(t, `gon:${second}`)).status).toBe("SUCCEEDED");

    const shipments = t.shipmentsOf(magentoOrderId);
    expect(shipments.map((s) => s.tracks.map((k) => k.data.track_number))).toEqual([["PART-1"], ["PART-2"]]);
    expect(shipments.map((s) => Number(s.data.total_qty))).toEqual([1, ordered - 1]);
    expect(shippedQty(t, magentoOrderId)).toBe(ordered);
    expect(canShip(t.magentoOrder(magentoOrderId))).toBe(false);
  });

  it("ships a drop-ship note with the supplier's tracking number", async () => {
    const t = await tenant();
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    const noteId = control.shipDropShip(t.accountCode, { orderId, trackingReference: "SUPPLIER-77" });
    const record = await handled(t, `dropship:${noteId}`);
    expect(record.status).toBe("SUCCEEDED");
    const [shipment, ...others] = t.shipmentsOf(magentoOrderId);
    expect(others).toHaveLength(0);
    // no carrier mapping: a custom carrier, titled
    expect(shipment!.tracks.map((k) => [k.data.track_number, k.data.carrier_code])).toEqual([["SUPPLIER-77", "custom"]]);
    expect(shipment!.tracks[0]!.data.title).toBeTruthy();
    expect(canShip(t.magentoOrder(magentoOrderId))).toBe(false);
  });

  it("a webhook delivered twice, and a ship answer lost on the way back, still make exactly one shipment", async () => {
    const t = await tenant();
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    // Magento ships, then the answer is lost: the retry must find that shipment, not make another.
    stack.mg.started.sandbox.faults.add({ route: "/m/:instance/rest/:store/V1/order/:orderId/ship", account: t.instance.id, errorRate: 1, status: 502, phase: "after", count: 1 });
    const noteId = control.shipGoodsOut(t.accountCode, { orderId, trackingReference: "ONCE-1" }).goodsOutNoteIds[0]!;
    const record = await handled(t, `gon:${noteId}`);
    expect(record.status).toBe("SUCCEEDED");
    expect(record.responsePayload).toMatchObject({ recovered: true });
    expect(t.shipmentsOf(magentoOrderId)).toHaveLength(1);

    const delivery = { accountCode: t.accountCode, fullEvent: "goods-out-note.modified.shipped", id: String(noteId) };
    expect(await stack.redeliver(t.tenantId, delivery)).toBe(202);
    expect(await stack.redeliver(t.tenantId, delivery)).toBe(202);
    await engine.engine.whenIdle(20_000);
    expect(t.shipmentsOf(magentoOrderId)).toHaveLength(1);
    expect((await settled(t, `gon:${noteId}`))!.attempts).toBe(record.attempts);
  });

  it("never ships more than Magento has left: what the merchant shipped in Magento already is left out and named", async () => {
    const t = await tenant();
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    const first = t.magentoOrder(magentoOrderId).items[0]!;
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "ship", items: [{ order_item_id: Number(first.data.item_id), qty: 1 }] });
    const ordered = productRows(t, orderId).reduce((s, r) => s + r.quantity, 0);

    const noteId = control.shipGoodsOut(t.accountCode, { orderId }).goodsOutNoteIds[0]!;
    const record = await handled(t, `gon:${noteId}`);
    expect(record.status).toBe("SUCCEEDED");
    expect(record.lastError).toMatch(new RegExp(`Brightpearl shipped \\d+ of ${String(first.data.sku)} but Magento had only \\d+ left to ship`));
    expect(shippedQty(t, magentoOrderId)).toBe(ordered);
    expect(Number(t.shipmentsOf(magentoOrderId)[1]!.data.total_qty)).toBe(ordered - 1);
  });

  it("a note for a Brightpearl order that did not come from Magento costs one look, leaves no record and ships nothing", async () => {
    const t = await tenant();
    const client = stack.bp.client(t.tenantId, t.accountCode);
    const customerId = control.createCustomer(t.accountCode);
    const productId = Number(Object.keys(control.account(t.accountCode).products)[0]);
    const orderId = await client.post("/order-service/sales-order", { customer: { id: customerId }, rows: [{ productId, quantity: 1, net: "10.00", tax: "2.00", taxCode: "T" }] }, (await import("zod")).z.number());
    const before = t.instance.state.shipments.length;
    const since = Date.now();
    control.shipGoodsOut(t.accountCode, { orderId });
    await control.webhooksIdle();
    await engine.engine.whenIdle(20_000);
    expect(await t.scoped.syncRecord.count({ where: { flow: "SHIPMENTS" } })).toBe(0);
    expect(t.instance.state.shipments.length).toBe(before);
    const notes = control.requests.counts({ account: t.accountCode, since }).byRoute["GET /public-api/:account/warehouse-service/order/:orderIds/goods-note/goods-out/:noteIds"];
    expect(notes).toBe(1);
  });

  it("the hourly sweep ships a note whose webhook never arrived", async () => {
    const t = await tenant();
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    control.webhookFaults.add({ account: t.accountCode, event: "goods-out-note.modified.shipped", dropRate: 1, count: 1 });
    const noteId = control.shipGoodsOut(t.accountCode, { orderId, trackingReference: "LATE-1" }).goodsOutNoteIds[0]!;
    await control.webhooksIdle();
    await engine.engine.whenIdle(20_000);
    expect(await settled(t, `gon:${noteId}`)).toBeFalsy();
    expect(t.shipmentsOf(magentoOrderId)).toHaveLength(0);

    await engine.engine.send({ name: "shipments/sweep.requested", data: { tenantId: t.tenantId } });
    expect((await handled(t, `gon:${noteId}`)).status).toBe("SUCCEEDED");
    expect(t.shipmentsOf(magentoOrderId)).toHaveLength(1);
  });

  it("a retry after the shipment id was recorded finishes without shipping again", async () => {
    const t = await tenant();
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    control.webhookFaults.add({ account: t.accountCode, event: "goods-out-note.modified.shipped", dropRate: 1, count: 1 });
    const noteId = control.shipGoodsOut(t.accountCode, { orderId, trackingReference: "TWICE-1" }).goodsOutNoteIds[0]!;
    await control.webhooksIdle();
    // Magento made shipment 777 on an earlier attempt, which stopped before finishing.
    await t.scoped.syncRecord.create({
      data: { tenantId: t.tenantId, flow: "SHIPMENTS", sourceId: `gon:${noteId}`, status: "RETRYING", attempts: 1, lastAttemptAt: new Date(Date.now() - 60_000), progress: { shipStarted: true, shipmentId: 777 } },
    });
    await engine.engine.send({ name: "brightpearl/note.shipped", data: { tenantId: t.tenantId, kind: "goods-out", noteId } });
    const record = await handled(t, `gon:${noteId}`);
    expect(record.status).toBe("SUCCEEDED");
    expect(record.targetId).toBe("777");
    expect(t.shipmentsOf(magentoOrderId)).toHaveLength(0);
  });

  it("a lost ship answer is found again by the note in the shipment's comment, which never reaches the customer's email", async () => {
    const t = await tenant();
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    stack.mg.started.sandbox.faults.add({ route: "/m/:instance/rest/:store/V1/order/:orderId/ship", account: t.instance.id, errorRate: 1, status: 502, phase: "after", count: 1 });
    const noteId = control.shipGoodsOut(t.accountCode, { orderId, trackingReference: "LOST-1" }).goodsOutNoteIds[0]!;
    const record = await handled(t, `gon:${noteId}`);
    expect(record.status).toBe("SUCCEEDED");
    expect(record.responsePayload).toMatchObject({ recovered: true });
    const [shipment, ...others] = t.shipmentsOf(magentoOrderId);
    expect(others).toHaveLength(0);
    expect(record.targetId).toBe(String(shipment!.data.entity_id));
    const comment = shipment!.comments.find((c) => String(c.data.comment).includes(`goods-out note ${noteId}`))!;
    expect(comment).toBeDefined();
    expect(comment.data).toMatchObject({ is_customer_notified: 0, is_visible_on_front: 0 });
  });

  it("the sweep picks up a note whose attempt died while running, however long ago it shipped", async () => {
    const t = await tenant();
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    control.webhookFaults.add({ account: t.accountCode, event: "goods-out-note.modified.shipped", dropRate: 1, count: 1 });
    const noteId = control.shipGoodsOut(t.accountCode, { orderId, trackingReference: "STRANDED-1" }).goodsOutNoteIds[0]!;
    await control.webhooksIdle();
    await engine.engine.whenIdle(20_000);
    // shipped before the sweep's look-back: only the record says it is unfinished
    control.account(t.accountCode).goodsOutNotes[noteId]!.status.shippedOn = Date.now() - 8 * 60 * 60_000;
    // a worker claimed the note ten minutes ago and was never heard of again
    const stale = new Date(Date.now() - 10 * 60_000);
    await t.scoped.syncRecord.create({ data: { tenantId: t.tenantId, flow: "SHIPMENTS", sourceId: `gon:${noteId}`, status: "RUNNING", attempts: 1, lastAttemptAt: stale, updatedAt: stale } });
    await engine.engine.send({ name: "shipments/sweep.requested", data: { tenantId: t.tenantId } });
    expect((await handled(t, `gon:${noteId}`)).status).toBe("SUCCEEDED");
    expect(t.shipmentsOf(magentoOrderId)).toHaveLength(1);
  });

  it("a switched-off shipments flow writes nothing, whatever is queued", async () => {
    const t = await tenant();
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    control.webhookFaults.add({ account: t.accountCode, event: "goods-out-note.modified.shipped", dropRate: 1, count: 1 });
    const noteId = control.shipGoodsOut(t.accountCode, { orderId }).goodsOutNoteIds[0]!;
    await control.webhooksIdle();
    await saveFlowSwitches(t.scoped, t.tenantId, { orders: true, inventory: false, prices: false, products: false, shipments: false, refunds: true });
    await sendAndSettle(engine.engine, { name: "brightpearl/note.shipped", data: { tenantId: t.tenantId, kind: "goods-out", noteId, reason: "retry" } });
    expect(await t.scoped.syncRecord.count({ where: { flow: "SHIPMENTS" } })).toBe(0);
    expect(t.shipmentsOf(magentoOrderId)).toHaveLength(0);
  });

  it("the sweep still ships goods-out notes when the account has no drop-ship search", async () => {
    const t = await tenant();
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    control.webhookFaults.add({ account: t.accountCode, event: "goods-out-note.modified.shipped", dropRate: 1, count: 1 });
    const noteId = control.shipGoodsOut(t.accountCode, { orderId, trackingReference: "NO-DROPSHIP" }).goodsOutNoteIds[0]!;
    await control.webhooksIdle();
    await engine.engine.whenIdle(20_000);
    control.faults.add({ route: "/public-api/:account/warehouse-service/goods-note/drop-ship-search", account: t.accountCode, errorRate: 1, status: 404 });
    await engine.engine.send({ name: "shipments/sweep.requested", data: { tenantId: t.tenantId } });
    expect((await handled(t, `gon:${noteId}`)).status).toBe("SUCCEEDED");
    expect(t.shipmentsOf(magentoOrderId)).toHaveLength(1);
  });

  it("a note without a shipping method of its own gets the carrier mapped for the order's shipping method", async () => {
    const t = await tenant();
    await saveMapping(t.scoped, t.tenantId, "carrier", "1", { carrierCode: "royalmail", title: "Royal Mail" });
    const magentoOrderId = simpleOnly(t);
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    const noteId = control.shipDropShip(t.accountCode, { orderId, trackingReference: "JD 0001 2345 6789" });
    control.account(t.accountCode).dropShipNotes[noteId]!.shipping.shippingMethodId = null as unknown as number;
    await control.webhooksIdle();
    expect((await handled(t, `dropship:${noteId}`)).status).toBe("SUCCEEDED");
    const [shipment] = t.shipmentsOf(magentoOrderId);
    expect(shipment!.tracks.map((k) => [k.data.track_number, k.data.carrier_code])).toEqual([["JD 0001 2345 6789", "royalmail"]]);
  });

  it("a bundle that ships whole, split across two notes, ships in Magento once the second note completes it", async () => {
    const t = await tenantWithImportedOrders(stack, { orders: ORDERS, catalogue: CATALOGUE, autoAllocate: false });
    const magentoOrderId = t.eligible.find((id) => t.magentoOrder(id).items.some((i) => i.data.product_type === "bundle"))!;
    expect(magentoOrderId).toBeDefined();
    const order = t.magentoOrder(magentoOrderId);
    const bundle = order.items.find((i) => i.data.product_type === "bundle")!;
    // the merchant's bundle ships together: Magento registers it on the bundle row only
    bundle.shipSeparately = false;
    const product = t.instance.state.products.find((p) => p.id === Number(bundle.data.product_id))!;
    product.bundle!.shipSeparately = false;
    const parts = order.items.filter((i) => i.data.parent_item_id === bundle.data.item_id).map((i) => String(i.data.item_id));
    expect(parts.length).toBeGreaterThan(1);

    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    const rows = control.account(t.accountCode).orders[orderId]!.rows.filter((r) => r.productId !== null);
    const firstPart = rows.find((r) => r.externalRef === parts[0])!;
    const first = control.shipGoodsOut(t.accountCode, { orderId, warehouseId: 2, lines: [{ orderRowId: firstPart.id, quantity: Number(firstPart.quantity) }] }).goodsOutNoteIds[0]!;
    const waiting = await handled(t, `gon:${first}`);
    expect(waiting.status).toBe("SKIPPED");
    expect(waiting.lastError).toContain("the rest of the bundle has not shipped yet");
    expect(Number(t.magentoOrder(magentoOrderId).items.find((i) => i.data.item_id === bundle.data.item_id)!.data.qty_shipped ?? 0)).toBe(0);

    const rest = rows.filter((r) => r.id !== firstPart.id).map((r) => ({ orderRowId: r.id, quantity: Number(r.quantity) }));
    const second = control.shipGoodsOut(t.accountCode, { orderId, warehouseId: 2, lines: rest }).goodsOutNoteIds[0]!;
    expect((await handled(t, `gon:${second}`)).status).toBe("SUCCEEDED");
    const shipped = t.magentoOrder(magentoOrderId).items.find((i) => i.data.item_id === bundle.data.item_id)!;
    expect(Number(shipped.data.qty_shipped)).toBe(Number(shipped.data.qty_ordered));
    expect(canShip(t.magentoOrder(magentoOrderId))).toBe(false);
  });
});
