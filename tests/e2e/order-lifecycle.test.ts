import { describe, expect, it } from "vitest";
import { saveMagentoConnection } from "@/lib/tenants/magento";
import { saveMapping } from "@/lib/tenants/mappings";
import { saveFlowSwitches, saveOptions, setGoLive } from "@/lib/tenants/settings";
import { brightpearlWarehouse, magentoAdmin } from "./helpers/lifecycle";
import { brightpearlRead } from "./helpers/setup";
import { signedInAccount, useBrowser } from "./helpers/signed-in";
import { magento, sendEvent, waitUntil } from "./helpers/stack";

const browser = useBrowser();

const cents = (v: unknown) => Math.round(Number(v) * 100);

describe("the whole life of an order, through both sandboxes", () => {
  it("placed in Magento → in Brightpearl → shipped with tracking → tracked in Magento → refunded in Magento → a sales credit with its refund and the goods back in stock in Brightpearl", async () => {
    const { code, page, tenantId, scoped } = await signedInAccount(browser(), "life", 30);
    const tenant = { id: tenantId };
    await brightpearlRead(tenant.id);

    // The customer places an order (paid with PayPal, so Magento invoices it at checkout).
    const store = await magento.createStore({ catalogue: { count: 30 }, orders: { count: 1, seed: 8, composite: false, paymentMethods: ["paypal_express"], currencies: ["GBP"] } });
    await saveMagentoConnection(scoped, tenant.id, { baseUrl: store.baseUrl, storeCode: "default", credentials: store.credentials, verifiedAt: new Date() });
    await setGoLive(scoped, tenant.id, new Date(Date.now() - 30 * 86_400_000));
    await saveMapping(scoped, tenant.id, "store-view", "default", { channelId: 2, priceListId: 2 });
    await saveMapping(scoped, tenant.id, "order-status-in", "*", { statusId: 2 });
    await saveMapping(scoped, tenant.id, "shipping-method", "*", { shippingMethodId: 1 });
    await saveMapping(scoped, tenant.id, "payment-method", "*", { paymentMethodCode: "PAYPAL" });
    await saveMapping(scoped, tenant.id, "tax-rate", "*", { taxCode: "T" });
    await saveMapping(scoped, tenant.id, "carrier", "*", { carrierCode: "custom", title: "Royal Mail" });
    // Refunded items go back into stock (the default, said out loud).
    await saveOptions(scoped, tenant.id, { restockRefunds: true });
    await saveFlowSwitches(scoped, tenant.id, { orders: true, inventory: false, prices: false, products: false, shipments: true, refunds: true });
    await sendEvent("brightpearl/webhooks.sync.requested", { tenantId: tenant.id, reason: "flows switched on" });
    await waitUntil("the shipment webhooks registered", async () => (await scoped.webhookSubscription.count()) >= 3);

    // In Brightpearl: the orders flow imports it.
    await sendEvent("orders/poll.requested", { tenantId: tenant.id });
    const imported = await waitUntil("the order imported", async () => (await scoped.syncRecord.findFirst({ where: { flow: "ORDERS", status: "SUCCEEDED" } })) ?? undefined, 30_000);
    const magentoOrderId = Number(imported.sourceId);
    const brightpearlOrderId = Number(imported.targetId);
    const placed = await magentoAdmin.order(store.id, magentoOrderId);
    expect((await brightpearlWarehouse.state(code)).orders[brightpearlOrderId]?.externalRef).toBe(String(magentoOrderId));

    // The warehouse ships it with a tracking number; Brightpearl's webhook reaches the app.
    const { goodsOutNoteIds } = await brightpearlWarehouse.ship(code, brightpearlOrderId, "RM-E2E-0001GB");
    const shipped = await waitUntil(
      "the Magento shipment",
      async () => {
        const docs = await magentoAdmin.order(store.id, magentoOrderId);
        return docs.shipments.length ? docs : undefined;
      },
      30_000,
    );
    expect(shipped.shipments).toHaveLength(1);
    expect(shipped.shipments[0]!.tracks.map((t) => t.track_number)).toEqual(["RM-E2E-0001GB"]);
    expect(shipped.order.items.every((i) => i.qty_shipped === i.qty_ordered)).toBe(true);
    const shipmentRecord = await scoped.syncRecord.findFirstOrThrow({ where: { flow: "SHIPMENTS", sourceId: `gon:${goodsOutNoteIds[0]}` } });
    expect(shipmentRecord.targetId).toBe(String(shipped.shipments[0]!.entity_id));

    // The customer sends it back; the merchant refunds it in Magento.
    const shippedState = await brightpearlWarehouse.state(code);
    const shippedOrder = shippedState.orders[brightpearlOrderId]!;
    await magentoAdmin.act(store.id, magentoOrderId, { action: "refund" });
    const refunded = await magentoAdmin.order(store.id, magentoOrderId);
    const memo = refunded.creditmemos[0]!;
    await sendEvent("refunds/poll.requested", { tenantId: tenant.id });
    const record = await waitUntil(
      "the refund recorded",
      async () => (await scoped.syncRecord.findFirst({ where: { flow: "REFUNDS", sourceId: String(memo.entity_id), status: "SUCCEEDED" } })) ?? undefined,
      30_000,
    );

    // In Brightpearl: a sales credit linked to the order, with the money paid back.
    const account = await brightpearlWarehouse.state(code);
    const credit = account.orders[Number(record.targetId)]!;
    expect(credit.orderTypeCode).toBe("SC");
    expect(credit.parentOrderId).toBe(brightpearlOrderId);
    expect(credit.externalRef).toBe(`creditmemo:${memo.entity_id}`);
    expect(credit.rows.reduce((s, r) => s + cents(r.net) + cents(r.tax), 0)).toBe(cents(memo.grand_total));
    const refunds = Object.values(account.payments).filter((p) => p.orderId === credit.id);
    expect(refunds.map((p) => [p.paymentType, cents(p.amountPaid)])).toEqual([["PAYMENT", cents(memo.grand_total)]]);
    // everything was refunded: the credit is worth the whole order
    expect(cents(memo.grand_total)).toBe(cents(placed.order.grand_total));

    // …and the returned goods are back in the warehouse, on one goods-in note against the credit.
    const notes = Object.values(account.goodsInNotes).filter((n) => n.orderId === credit.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.warehouseId).toBe(shippedOrder.warehouseId);
    const creditedRows = credit.rows.filter((r) => r.productId !== null);
    expect(creditedRows.length).toBeGreaterThan(0);
    expect(notes[0]!.goodsMoved.map((g) => [g.orderRowId, g.productId, g.quantity])).toEqual(creditedRows.map((r) => [r.id, r.productId, Number(r.quantity)]));
    for (const row of creditedRows) {
      const units = creditedRows.filter((r) => r.productId === row.productId).reduce((s, r) => s + Number(r.quantity), 0);
      expect(brightpearlWarehouse.inStock(account, row.productId!, shippedOrder.warehouseId)).toBe(brightpearlWarehouse.inStock(shippedState, row.productId!, shippedOrder.warehouseId) + units);
    }
    expect(record.responsePayload).toMatchObject({ restock: { status: "booked", noteId: notes[0]!.id } });
    await page.close();
  });
});
