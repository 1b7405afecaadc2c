import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { saveProductOptions } from "@/lib/sync/products/options";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { startStack } from "./inventory-stack";

const stack = await startStack();
const { control, engine, bp, mg } = stack;

afterAll(async () => {
  await db().$disconnect();
});

const newProduct = (sku: string, name: string) => ({
  brandId: 1,
  identity: { sku },
  stock: { stockTracked: true, weight: { magnitude: 1.25 } },
  financialDetails: { taxCode: { code: "T" } },
  salesChannels: [{ salesChannelName: "Brightpearl", productName: name, categories: [{ categoryCode: "276" }] }],
});

const magentoProduct = z.object({ sku: z.string(), name: z.string(), status: z.number(), price: z.number().optional(), weight: z.number().optional() }).loose();

describe("products created in Magento for the merchant to review (opt-in)", () => {
  it("a new Brightpearl product is created once, disabled, with name, weight, price and quantity; the merchant's edit survives the next sync", async () => {
    const t = await stack.tenant({ flows: { products: true } });
    const client = bp.client(t.tenantId, t.accountCode);
    const id = await client.post("/product-service/product", newProduct("NEW-0001", "Linen Apron"), z.number());
    control.setPrices(t.accountCode, id, { priceLists: [{ priceListId: 2, quantityPrice: { "1": "19.99" } }] });
    control.setStock(t.accountCode, { productId: id, warehouseId: 2, inStock: 12 });

    const record = await eventually(async () => (await t.scoped.syncRecord.findFirst({ where: { flow: "PRODUCTS", sourceId: String(id), status: "SUCCEEDED" } })) ?? undefined, 30_000, "product created");
    const created = await t.client.get("/V1/products/NEW-0001", magentoProduct);
    expect(created).toMatchObject({ sku: "NEW-0001", name: "Linen Apron", status: 2, price: 19.99, weight: 1.25 });
    expect(record.targetId).toBe(String(t.instance.productBySku("NEW-0001")!.id));
    expect(mg.started.sandbox.requests.list({ account: t.instance.id }).find((e) => e.method === "POST" && /\/V1\/products$/.test(e.path))).toBeTruthy();
    const stock = t.instance.state.sourceItems.find((s) => s.sku === "NEW-0001" && s.source_code === "default");
    expect(stock?.quantity).toBe(12);

    // The merchant edits the product in Magento; Brightpearl changes it too; the daily pass runs.
    await t.client.put("/V1/products/NEW-0001", { product: { name: "Linen Apron (edited in Magento)" } }, magentoProduct, "all");
    control.updateProduct(t.accountCode, id, { salesChannels: [{ productName: "Linen Apron v2" }] });
    await stack.settled(t.tenantId);
    await engine.engine.send({ name: "products/sweep.requested", data: { tenantId: t.tenantId } });
    await engine.engine.whenIdle(30_000);
    await stack.settled(t.tenantId);

    const creations = mg.started.sandbox.requests.list({ account: t.instance.id }).filter((e) => e.method === "POST" && /\/V1\/products$/.test(e.path));
    expect(creations).toHaveLength(1);
    expect((await t.client.get("/V1/products/NEW-0001", magentoProduct)).name).toBe("Linen Apron (edited in Magento)");
    expect((await t.scoped.syncRecord.findFirstOrThrow({ where: { flow: "PRODUCTS", sourceId: String(id) } })).attempts).toBe(1);

    // Only when the merchant chooses so does Brightpearl's content win.
    await saveProductOptions(t.scoped, t.tenantId, { selection: "all", overwriteContent: true });
    control.updateProduct(t.accountCode, id, { salesChannels: [{ productName: "Linen Apron v3" }] });
    await eventually(async () => (await t.client.get("/V1/products/NEW-0001", magentoProduct)).name === "Linen Apron v3", 30_000, "content rewritten");
  });

  it("the daily pass creates the products Magento is missing; with a custom-field selection, products without it are left out", async () => {
    const t = await stack.tenant({ flows: { products: true }, magento: { catalogue: { count: 20, missing: ["SKU-00007", "SKU-00013"] } } });
    await engine.engine.send({ name: "products/sweep.requested", data: { tenantId: t.tenantId } });
    await eventually(() => t.instance.productBySku("SKU-00007") && t.instance.productBySku("SKU-00013"), 30_000, "missing products created");
    expect(await t.scoped.syncRecord.count({ where: { flow: "PRODUCTS", status: "SUCCEEDED" } })).toBe(2);

    const u = await stack.tenant({ flows: { products: true }, magento: { catalogue: { count: 20, missing: ["SKU-00008"] } } });
    await saveProductOptions(u.scoped, u.tenantId, { selection: "custom-field", customField: "PCF_MAGENTO" });
    await engine.engine.send({ name: "products/sweep.requested", data: { tenantId: u.tenantId } });
    await stack.settled(u.tenantId);
    await engine.engine.whenIdle(30_000);
    await eventually(async () => (await u.scoped.brightpearlProduct.count()) === 20, 30_000, "sweep done");
    await engine.engine.whenIdle(30_000);
    expect(u.instance.productBySku("SKU-00008")).toBeUndefined();
  });
});
