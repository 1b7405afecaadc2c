import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { saveMapping } from "@/lib/tenants/mappings";
import { saveFlowSwitches } from "@/lib/tenants/settings";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { sendAndSettle } from "@/tests/helpers/event-runs";
import { startFulfilmentStack, tenantWithImportedOrders } from "@/tests/helpers/fulfilment-stack";

const stack = await startFulfilmentStack();
const { control, engine } = stack;

afterAll(async () => {
  await db().$disconnect();
});

type Tenant = Awaited<ReturnType<typeof tenantWithImportedOrders>>;

// checkmo orders stay unpaid and uninvoiced in Magento until someone invoices them
const tenant = (options: { invoiceWhenBrightpearlInvoices?: boolean } = {}) =>
  tenantWithImportedOrders(stack, { orders: { count: 3, seed: 12, composite: false, paymentMethods: ["checkmo"] }, options });

const statusRecord = (t: Tenant, brightpearlOrderId: number) => t.scoped.syncRecord.findFirst({ where: { flow: "ORDER_STATUS", sourceId: `to-magento:${brightpearlOrderId}` } });
const settled = (t: Tenant, brightpearlOrderId: number) =>
  eventually(
    async () => {
      const r = await statusRecord(t, brightpearlOrderId);
      return r && ["SUCCEEDED", "FAILED"].includes(r.status) ? r : undefined;
    },
    20_000,
    "the status followed",
  );
const latestComment = (t: Tenant, magentoOrderId: number) => [...t.magentoOrder(magentoOrderId).histories].sort((a, b) => Number(b.data.entity_id) - Number(a.data.entity_id))[0]?.data;
const brightpearlStatus = (t: Tenant, orderId: number) => control.account(t.accountCode).orders[orderId]!.statusId;

/** The orders flow's every-minute look at Magento: it must not carry our own writes back. */
async function ordersFlowLooks(t: Tenant) {
  const asked = new Date();
  await engine.engine.send({ name: "orders/poll.requested", data: { tenantId: t.tenantId } });
  await eventually(async () => (await t.scoped.syncCursor.findFirst({ where: { flow: "ORDERS" } }))!.updatedAt >= asked, 20_000, "the orders flow looked");
  await engine.engine.whenIdle(20_000);
  return t.scoped.syncRecord.count({ where: { flow: "ORDER_STATUS", NOT: { sourceId: { startsWith: "to-magento:" } } } });
}

describe("statuses: Brightpearl's order statuses, cancellations and invoices written back to Magento", () => {
  it("writes a mapped status with a comment, and the orders flow does not loop it back into Brightpearl", async () => {
    const t = await tenant();
    await saveMapping(t.scoped, t.tenantId, "order-status-out", "7", { status: "ready_to_ship" });
    // were the orders flow to follow our write, it would set Brightpearl's status 3
    await saveMapping(t.scoped, t.tenantId, "order-status-in", "ready_to_ship", { statusId: 3 });
    const magentoOrderId = t.eligible[0]!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);

    control.setOrderStatus(t.accountCode, orderId, 7);
    expect((await settled(t, orderId)).status).toBe("SUCCEEDED");
    expect(t.magentoOrder(magentoOrderId).data.status).toBe("ready_to_ship");
    expect(latestComment(t, magentoOrderId)).toMatchObject({ status: "ready_to_ship", comment: "Brightpearl: Ready to ship." });

    expect(await ordersFlowLooks(t)).toBe(0);
    expect(brightpearlStatus(t, orderId)).toBe(7);
  });

  it("leaves Magento alone for a status with no mapping, without asking Magento anything", async () => {
    const t = await tenant();
    const magentoOrderId = t.eligible[0]!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    const before = { status: t.magentoOrder(magentoOrderId).data.status, comments: t.magentoOrder(magentoOrderId).histories.length };
    const since = Date.now();
    control.setOrderStatus(t.accountCode, orderId, 6);
    const record = await settled(t, orderId);
    expect(record.status).toBe("SUCCEEDED");
    expect(record.progress).toMatchObject({ lastStatusId: 6 });
    expect(t.magentoOrder(magentoOrderId).data.status).toBe(before.status);
    expect(t.magentoOrder(magentoOrderId).histories).toHaveLength(before.comments);
    expect(stack.mg.started.sandbox.requests.counts({ account: t.instance.id, since }).total).toBe(0);
  });

  it("measures the first change from the status the order was imported with, after history retention cleared the import's payload", async () => {
    const t = await tenant();
    // were the imported status taken for a change, Magento would be set to this
    await saveMapping(t.scoped, t.tenantId, "order-status-out", "2", { status: "ready_to_ship" });
    await saveMapping(t.scoped, t.tenantId, "order-status-out", "7", { status: "on_the_way" });
    const magentoOrderId = t.eligible[0]!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    await t.scoped.syncRecord.updateMany({ where: { flow: "ORDERS" }, data: { requestPayload: Prisma.DbNull } });
    const imported = t.magentoOrder(magentoOrderId).data.status;

    // something else about the order changed in Brightpearl: its status is still the imported one
    await sendAndSettle(engine.engine, { name: "brightpearl/order.status.changed", data: { tenantId: t.tenantId, orderId, reason: "webhook" } });
    expect(await statusRecord(t, orderId)).toBeNull();
    expect(t.magentoOrder(magentoOrderId).data.status).toBe(imported);

    control.setOrderStatus(t.accountCode, orderId, 7);
    expect((await settled(t, orderId)).status).toBe("SUCCEEDED");
    expect(t.magentoOrder(magentoOrderId).data.status).toBe("on_the_way");
  });

  it("a status the orders flow writes into Brightpearl is not written back to Magento", async () => {
    const t = await tenant();
    // Magento's "holded" becomes Brightpearl status 6, and Brightpearl's 6 would become "on_hold_review"
    await saveMapping(t.scoped, t.tenantId, "order-status-in", "holded", { statusId: 6 });
    await saveMapping(t.scoped, t.tenantId, "order-status-out", "6", { status: "on_hold_review" });
    const magentoOrderId = t.eligible[0]!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "hold" });
    await ordersFlowLooks(t);
    expect(brightpearlStatus(t, orderId)).toBe(6);
    await control.webhooksIdle();
    await engine.engine.send({ name: "statuses/sweep.requested", data: { tenantId: t.tenantId } });
    await engine.engine.whenIdle(20_000);
    expect(t.magentoOrder(magentoOrderId).data.status).toBe("holded");
    expect(t.magentoOrder(magentoOrderId).histories.some((h) => h.data.status === "on_hold_review")).toBe(false);
  });

  it("a switched-off shipments flow writes no status to Magento", async () => {
    const t = await tenant();
    await saveMapping(t.scoped, t.tenantId, "order-status-out", "7", { status: "ready_to_ship" });
    const magentoOrderId = t.eligible[0]!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    const status = t.magentoOrder(magentoOrderId).data.status;
    await saveFlowSwitches(t.scoped, t.tenantId, { orders: true, inventory: false, prices: false, products: false, shipments: false, refunds: true });
    control.setOrderStatus(t.accountCode, orderId, 7);
    await control.webhooksIdle();
    // an event queued before the switch, or a retry, arrives after it
    await sendAndSettle(engine.engine, { name: "brightpearl/order.status.changed", data: { tenantId: t.tenantId, orderId, reason: "retry" } });
    expect(await statusRecord(t, orderId)).toBeNull();
    expect(t.magentoOrder(magentoOrderId).data.status).toBe(status);
  });

  it("the quarter-hourly sweep picks up a write-back whose attempt died while running", async () => {
    const t = await tenant();
    await saveMapping(t.scoped, t.tenantId, "order-status-out", "7", { status: "ready_to_ship" });
    const magentoOrderId = t.eligible[0]!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    control.webhookFaults.add({ account: t.accountCode, event: "order.modified.order-status", dropRate: 1, count: 1 });
    control.setOrderStatus(t.accountCode, orderId, 7);
    await control.webhooksIdle();
    // the sweep already looked past the change; a worker then claimed it and was never heard of again
    await t.scoped.syncCursor.create({ data: { tenantId: t.tenantId, flow: "ORDER_STATUS", name: "brightpearl-updated-on", value: new Date(Date.now() + 60_000).toISOString() } });
    const stale = new Date(Date.now() - 10 * 60_000);
    await t.scoped.syncRecord.create({ data: { tenantId: t.tenantId, flow: "ORDER_STATUS", sourceId: `to-magento:${orderId}`, status: "RUNNING", attempts: 1, lastAttemptAt: stale, updatedAt: stale } });
    await engine.engine.send({ name: "statuses/sweep.requested", data: { tenantId: t.tenantId } });
    expect((await settled(t, orderId)).status).toBe("SUCCEEDED");
    expect(t.magentoOrder(magentoOrderId).data.status).toBe("ready_to_ship");
  });

  it("cancels the Magento order when Brightpearl cancels it, without the orders flow following it back", async () => {
    const t = await tenant();
    const magentoOrderId = t.eligible[0]!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    control.setOrderStatus(t.accountCode, orderId, control.account(t.accountCode).settings.cancelledSalesOrderStatusId);
    expect((await settled(t, orderId)).status).toBe("SUCCEEDED");
    expect(t.magentoOrder(magentoOrderId).data.state).toBe("canceled");
    expect(t.magentoOrder(magentoOrderId).data.status).toBe("canceled");
    expect(await ordersFlowLooks(t)).toBe(0);
  });

  it("when Magento refuses the cancellation (the order is invoiced there), comments on the order, keeps its status and flags it", async () => {
    const t = await tenant();
    const magentoOrderId = t.eligible[0]!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    await stack.magentoAction(t.instance.id, magentoOrderId, { action: "invoice", capture: false });
    const statusBefore = t.magentoOrder(magentoOrderId).data.status;
    expect(statusBefore).toBeTruthy();

    control.setOrderStatus(t.accountCode, orderId, control.account(t.accountCode).settings.cancelledSalesOrderStatusId);
    const record = await settled(t, orderId);
    expect(record.status).toBe("FAILED");
    expect(record.lastErrorKind).toBe("rejected");
    expect(record.lastError).toMatch(new RegExp(`Brightpearl order ${orderId} was cancelled, but Magento would not cancel order #\\d+`));
    const order = t.magentoOrder(magentoOrderId);
    expect(order.data.state).not.toBe("canceled");
    expect(order.data.status).toBe(statusBefore);
    expect(latestComment(t, magentoOrderId)).toMatchObject({ status: statusBefore });
    expect(String(latestComment(t, magentoOrderId)?.comment)).toContain("Magento cannot cancel this order");
  });

  it("invoices Magento without capturing when Brightpearl invoices (the sweep notices it), once", async () => {
    const t = await tenant({ invoiceWhenBrightpearlInvoices: true });
    await saveMapping(t.scoped, t.tenantId, "order-status-in", "processing", { statusId: 2 });
    const magentoOrderId = t.eligible[0]!;
    const orderId = await t.brightpearlOrderOf(magentoOrderId);
    control.setOrderStatus(t.accountCode, orderId, 4);
    await settled(t, orderId);
    control.invoiceOrder(t.accountCode, orderId);

    await engine.engine.send({ name: "statuses/sweep.requested", data: { tenantId: t.tenantId } });
    await eventually(async () => ((await statusRecord(t, orderId))?.progress as { invoiced?: boolean } | null)?.invoiced === true, 20_000, "the invoice written");
    const invoices = () => t.instance.state.invoices.filter((i) => Number(i.data.order_id) === magentoOrderId);
    expect(invoices()).toHaveLength(1);
    expect(invoices()[0]!.data.transaction_id ?? null).toBeNull();
    expect(Number(t.magentoOrder(magentoOrderId).data.total_paid)).toBeGreaterThan(0);

    // a second look changes nothing, and Magento's new status (processing) does not overwrite "Invoiced" in Brightpearl
    await engine.engine.send({ name: "statuses/sweep.requested", data: { tenantId: t.tenantId } });
    await engine.engine.whenIdle(20_000);
    expect(invoices()).toHaveLength(1);
    expect(await ordersFlowLooks(t)).toBe(0);
    expect(brightpearlStatus(t, orderId)).toBe(4);
  });
});
