import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { startStack } from "@/tests/helpers/inventory-stack";

const stack = await startStack();
const { control, engine, bp } = stack;

afterAll(async () => {
  await db().$disconnect();
});

const priceInMagento = (t: { instance: { state: { products: { sku: string; price: number | null }[] } } }, sku: string) => t.instance.state.products.find((p) => p.sku === sku)?.price;

describe("prices from the mapped Brightpearl price list to Magento base prices", () => {
  it("a product change brings its price list's price to Magento", async () => {
    const t = await stack.tenant({ flows: { prices: true } });
    control.setPrices(t.accountCode, t.productId("SKU-00002"), { priceLists: [{ priceListId: 2, quantityPrice: { "1": "77.50", "10": "70.00" } }] });
    control.updateProduct(t.accountCode, t.productId("SKU-00002"), { salesChannels: [{ productName: "Renamed in Brightpearl" }] });
    const record = await eventually(() => t.scoped.syncRecord.findFirst({ where: { flow: "PRICES", sourceId: "SKU-00002" } }), 30_000, "the price's sync record");
    expect(priceInMagento(t, "SKU-00002")).toBe(77.5);
    expect(record).toMatchObject({ status: "SUCCEEDED", requestPayload: { prices: { "0": "77.50" } } });
  });

  it("the nightly audit repairs a price changed without a notification, and shows a row Magento rejected with its reason", async () => {
    const t = await stack.tenant({ flows: { prices: true } });
    let since = new Date();
    await engine.engine.send({ name: "prices/audit.requested", data: { tenantId: t.tenantId, trigger: "test" } });
    await stack.reportAfter(t.tenantId, "PRICES", since);

    // A Brightpearl product whose SKU is a configurable product in Magento: Magento keeps no base price for it.
    const client = bp.client(t.tenantId, t.accountCode);
    const confId = await client.post(
      "/product-service/product",
      { brandId: 1, identity: { sku: "CONF-0001" }, financialDetails: { taxCode: { code: "T" } }, salesChannels: [{ salesChannelName: "Brightpearl", productName: "Hoodie", categories: [{ categoryCode: "276" }] }] },
      z.number(),
    );
    control.setPrices(t.accountCode, confId, { priceLists: [{ priceListId: 2, quantityPrice: { "1": "30.00" } }] });
    const was = priceInMagento(t, "SKU-00009")!;
    control.setPrices(t.accountCode, t.productId("SKU-00009"), { priceLists: [{ priceListId: 2, quantityPrice: { "1": "123.4500" } }] });
    await stack.settled(t.tenantId);

    since = new Date();
    await engine.engine.send({ name: "prices/audit.requested", data: { tenantId: t.tenantId, trigger: "nightly" } });
    const report = await stack.reportAfter(t.tenantId, "PRICES", since);
    expect(priceInMagento(t, "SKU-00009")).toBe(123.45);
    expect(report).toMatchObject({ status: "PARTIAL", differences: 2, fixed: 1, failed: 1 });
    const lines = await t.scoped.driftItem.findMany({ where: { reportId: report.id, kind: "difference" }, orderBy: { sku: "asc" } });
    expect(lines.map((l) => [l.sku, l.brightpearlValue, l.magentoBefore, l.magentoAfter])).toEqual([
      ["CONF-0001", "30.00", null, null],
      ["SKU-00009", "123.45", was.toFixed(2), "123.45"],
    ]);
    expect(lines[0]!.error).toMatch(/Magento refused the price: Invalid attribute SKU = CONF-0001/);
    const refused = await t.scoped.syncRecord.findFirstOrThrow({ where: { flow: "PRICES", sourceId: "CONF-0001" } });
    expect(refused).toMatchObject({ status: "FAILED", lastErrorKind: "rejected" });
    expect(refused.lastError).toMatch(/Invalid attribute SKU = CONF-0001/);
  });

  it("the nightly schedule audits every tenant with the prices flow on", async () => {
    const t = await stack.tenant({ flows: { prices: true } });
    const since = new Date();
    await engine.engine.tickCron(stack.fnId("prices-schedule-audit"));
    const report = await stack.reportAfter(t.tenantId, "PRICES", since);
    expect(report).toMatchObject({ trigger: "nightly", compared: 20 });
  });
});
