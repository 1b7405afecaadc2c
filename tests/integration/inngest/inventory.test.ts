import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { concurrencySlots } from "@/sandbox/inngest/registry";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { startStack } from "@/tests/helpers/inventory-stack";

const stack = await startStack();
const { control, mg, engine } = stack;

afterAll(async () => {
  await db().$disconnect();
});

const ON_HAND = "product.modified.on-hand-modified";

const stockOf = async (instanceId: string, sku: string) =>
  (await (await fetch(`${mg.started.url}/__sandbox/instances/${instanceId}/stock/${sku}`)).json()) as { sourceItems: { source_code: string; quantity: number; status: number }[]; salableQuantity?: number };

describe("stock from Brightpearl to Magento through webhooks, the engine and the app's real routes", () => {
  it("turning the flow on registers the stock and product webhooks (ID sets, at least once)", async () => {
    const t = await stack.tenant({ flows: { inventory: true } });
    const hooks = Object.values(control.account(t.accountCode).webhooks);
    const events = hooks.map((h) => h.subscribeTo).sort();
    expect(events).toEqual([ON_HAND, "product.created", "product.modified"].sort());
    expect(hooks.every((h) => h.idSetAccepted && h.qualityOfService === 1)).toBe(true);
  });

  it("a stock change reaches each MSI source from its mapped warehouses, and only changed values are written", async () => {
    const t = await stack.tenant({
      flows: { inventory: true },
      magento: { config: { sources: [{ code: "default", name: "Main" }, { code: "eu", name: "Europe" }] } },
      sources: { default: [2], eu: [3] },
    });
    control.setStock(t.accountCode, { sku: "SKU-00003", warehouseId: 2, inStock: 42 });
    control.setStock(t.accountCode, { sku: "SKU-00003", warehouseId: 3, inStock: 7 });
    await eventually(async () => {
      const items = (await stockOf(t.instance.id, "SKU-00003")).sourceItems;
      return items.find((i) => i.source_code === "default")?.quantity === 42 && items.find((i) => i.source_code === "eu")?.quantity === 7;
    }, 30_000, "SKU-00003 in both sources");
    // Magento has the new quantity a moment before the flush records it
    const record = await eventually(
      async () => (await t.scoped.syncRecord.findFirst({ where: { flow: "INVENTORY", sourceId: "SKU-00003", status: "SUCCEEDED" } })) ?? undefined,
      20_000,
      "the SKU's record",
    );
    expect(record.status).toBe("SUCCEEDED");
    expect(record.requestPayload).toEqual({ quantities: { default: 42, eu: 7 } });

    // The same value again: nothing written.
    const posts = () => mg.started.sandbox.requests.list({ account: t.instance.id }).filter((e) => e.method === "POST" && e.path.endsWith("/inventory/source-items")).length;
    const before = posts();
    const availabilityCalls = () => stack.bp.count("GET /public-api/:account/warehouse-service/product-availability/:ids", t.accountCode);
    const readsBefore = availabilityCalls();
    control.setStock(t.accountCode, { sku: "SKU-00003", warehouseId: 2, delta: 1 });
    control.setStock(t.accountCode, { sku: "SKU-00003", warehouseId: 2, delta: -1 });
    await engine.engine.whenIdle(30_000);
    await stack.settled(t.tenantId);
    expect(availabilityCalls()).toBeGreaterThan(readsBefore);
    expect(posts()).toBe(before);
  });

  it("a stock change reaches the legacy stock item of a store without MSI", async () => {
    const t = await stack.tenant({ flows: { inventory: true }, magento: { config: { msi: false } } });
    control.setStock(t.accountCode, { sku: "SKU-00005", warehouseId: 2, inStock: 33 });
    await eventually(async () => {
      const item = (await t.client.get(`/V1/stockItems/SKU-00005`, z.object({ qty: z.number(), is_in_stock: z.boolean() }).loose())) as { qty: number; is_in_stock: boolean };
      return item.qty === 33 && item.is_in_stock;
    }, 30_000, "legacy stock item of SKU-00005");
    await eventually(async () => (await t.scoped.syncRecord.findFirst({ where: { flow: "INVENTORY", sourceId: "SKU-00005" } }))?.status === "SUCCEEDED", 20_000, "the SKU's record done");
  });

  it("a dropped webhook is repaired by the next audit and reported as drift, with the SKUs only one side has", async () => {
    const t = await stack.tenant({ flows: { inventory: true }, magento: { catalogue: { count: 20, missing: ["SKU-00007"], extra: 2 } } });
    // The first audit aligns the two sandboxes' unrelated starting stock.
    let since = new Date();
    await engine.engine.send({ name: "inventory/audit.requested", data: { tenantId: t.tenantId, trigger: "test" } });
    const first = await stack.reportAfter(t.tenantId, "INVENTORY", since);
    expect(first.status).toBe("SUCCEEDED");
    expect(first.onlyInBrightpearl).toBe(1);
    expect(first.onlyInMagento).toBe(2);

    control.webhookFaults.add({ account: t.accountCode, event: ON_HAND, count: 1 });
    const was = (await stockOf(t.instance.id, "SKU-00011")).sourceItems.find((i) => i.source_code === "default")!.quantity;
    control.setStock(t.accountCode, { sku: "SKU-00011", warehouseId: 2, inStock: was + 25 });
    await stack.settled(t.tenantId);
    expect((await stockOf(t.instance.id, "SKU-00011")).sourceItems.find((i) => i.source_code === "default")!.quantity).toBe(was);

    since = new Date();
    await engine.engine.send({ name: "inventory/audit.requested", data: { tenantId: t.tenantId, trigger: "on demand" } });
    const report = await stack.reportAfter(t.tenantId, "INVENTORY", since);
    expect((await stockOf(t.instance.id, "SKU-00011")).sourceItems.find((i) => i.source_code === "default")!.quantity).toBe(was + 25);
    expect(report).toMatchObject({ trigger: "on demand", status: "SUCCEEDED", differences: 1, fixed: 1, compared: 19, onlyInBrightpearl: 1, onlyInMagento: 2 });
    const lines = await t.scoped.driftItem.findMany({ where: { reportId: report.id }, orderBy: [{ kind: "asc" }, { sku: "asc" }] });
    expect(lines.map((l) => [l.kind, l.sku, l.scope, l.brightpearlValue, l.magentoBefore, l.magentoAfter])).toEqual([
      ["difference", "SKU-00011", "default", String(was + 25), String(was), String(was + 25)],
      ["only-brightpearl", "SKU-00007", null, null, null, null],
      ["only-magento", "MAG-ONLY-0001", null, null, null, null],
      ["only-magento", "MAG-ONLY-0002", null, null, null, null],
    ]);
  });

  it("a sold-out product is zeroed, even when the setting says to leave products without availability alone", async () => {
    const t = await stack.tenant({ flows: { inventory: true } });
    const sku = "SKU-00004";
    const { saveOptions } = await import("@/lib/tenants/settings");
    await saveOptions(t.scoped, t.tenantId, { missingAvailability: "skip" });
    // Brightpearl leaves warehouses without stock out of its answer: the product is there, with no warehouse.
    control.setStock(t.accountCode, { sku, warehouseId: 2, inStock: 0 });
    await eventually(async () => (await stockOf(t.instance.id, sku)).sourceItems.find((i) => i.source_code === "default")?.quantity === 0, 30_000, "zeroed by the change");
    await stack.settled(t.tenantId);
    await t.client.post("/V1/inventory/source-items", { sourceItems: [{ sku, source_code: "default", quantity: 9, status: 1 }] }, z.unknown());
    const since = new Date();
    await engine.engine.send({ name: "inventory/audit.requested", data: { tenantId: t.tenantId, trigger: "test" } });
    const report = await stack.reportAfter(t.tenantId, "INVENTORY", since);
    expect((await stockOf(t.instance.id, sku)).sourceItems.find((i) => i.source_code === "default")?.quantity).toBe(0);
    expect(report.fixed).toBeGreaterThanOrEqual(1);
  });

  it("a SKU two Brightpearl products share keeps the stock of the older product, whichever of them changes", async () => {
    const t = await stack.tenant({ flows: { inventory: true } });
    control.setStock(t.accountCode, { sku: "SKU-00010", warehouseId: 2, inStock: 14 });
    await eventually(async () => (await stockOf(t.instance.id, "SKU-00010")).sourceItems.find((i) => i.source_code === "default")?.quantity === 14, 30_000, "the older product's stock");
    const twin = await stack.bp.client(t.tenantId, t.accountCode).post(
      "/product-service/product",
      { brandId: 1, identity: { sku: "SKU-00010" }, stock: { stockTracked: true }, financialDetails: { taxCode: { code: "T" } }, salesChannels: [{ salesChannelName: "Brightpearl", productName: "Twin", categories: [{ categoryCode: "276" }] }] },
      z.number(),
    );
    await eventually(async () => (await t.scoped.brightpearlProduct.count({ where: { productId: twin } })) === 1, 30_000, "the twin in the cache");
    control.setStock(t.accountCode, { productId: twin, warehouseId: 2, inStock: 77 });
    await stack.settled(t.tenantId);
    expect((await stockOf(t.instance.id, "SKU-00010")).sourceItems.find((i) => i.source_code === "default")?.quantity).toBe(14);
  });

  it("a product that is not stock-tracked in Brightpearl is never written", async () => {
    const t = await stack.tenant({ flows: { inventory: true } });
    control.updateProduct(t.accountCode, t.productId("SKU-00006"), { stock: { stockTracked: false } });
    await t.client.post("/V1/inventory/source-items", { sourceItems: [{ sku: "SKU-00006", source_code: "default", quantity: 5, status: 1 }] }, z.unknown());
    await eventually(async () => (await t.scoped.brightpearlProduct.findFirst({ where: { sku: "SKU-00006" } }))?.stockTracked === false, 30_000, "cache refreshed by the product webhook");
    const since = new Date();
    await engine.engine.send({ name: "inventory/audit.requested", data: { tenantId: t.tenantId, trigger: "test" } });
    const report = await stack.reportAfter(t.tenantId, "INVENTORY", since);
    expect(report.compared).toBe(19);
    expect((await stockOf(t.instance.id, "SKU-00006")).sourceItems.find((i) => i.source_code === "default")?.quantity).toBe(5);
    expect(await t.scoped.syncRecord.count({ where: { flow: "INVENTORY", sourceId: "SKU-00006" } })).toBe(0);
  });

  it("the audit, the change flush and the daily products pass of a tenant are one writer of its stock at a time; other tenants' are not held", async () => {
    const fn = (name: string) => engine.engine.functions().find((f) => f.id === stack.fnId(name))!;
    const slots = (name: string, tenantId: string) => concurrencySlots(fn(name), { name: "x", data: { tenantId } } as never);
    const shared = (a: ReturnType<typeof slots>, b: ReturnType<typeof slots>) => a.filter((s) => s.limit === 1 && b.some((t) => t.key === s.key));
    expect(shared(slots("inventory-audit", "t1"), slots("inventory-flush-changes", "t1"))).toHaveLength(1);
    expect(shared(slots("inventory-audit", "t1"), slots("products-sweep", "t1"))).toHaveLength(1);
    expect(shared(slots("inventory-audit", "t1"), slots("inventory-flush-changes", "t2"))).toHaveLength(0);
  });

  it("the hourly schedule audits every tenant with the stock flow on, and no other", async () => {
    const on = await stack.tenant({ flows: { inventory: true } });
    const off = await stack.tenant({ flows: { prices: true } });
    const since = new Date();
    await engine.engine.tickCron(stack.fnId("inventory-schedule-audit"));
    const report = await stack.reportAfter(on.tenantId, "INVENTORY", since);
    expect(report.trigger).toBe("hourly");
    await engine.engine.whenIdle(30_000);
    expect(await off.scoped.driftReport.count()).toBe(0);
  });
});
