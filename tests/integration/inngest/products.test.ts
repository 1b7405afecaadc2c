import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { MagentoError } from "@/lib/magento/errors";
import type { MagentoClient } from "@/lib/magento/client";
import { catalogDeps } from "@/lib/sync/catalog/deps";
import { createMissingProducts, postProduct } from "@/lib/sync/products/create-missing";
import { saveOptions } from "@/lib/tenants/settings";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { startStack } from "@/tests/helpers/inventory-stack";

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
  it("a new Brightpearl product is created once, disabled, with name, weight and price and no stock of its own; the stock flow writes its quantity; the merchant's edit survives the next sync", async () => {
    const t = await stack.tenant({ flows: { products: true, inventory: true } });
    const client = bp.client(t.tenantId, t.accountCode);
    const id = await client.post("/product-service/product", newProduct("NEW-0001", "Linen Apron"), z.number());
    control.setPrices(t.accountCode, id, { priceLists: [{ priceListId: 2, quantityPrice: { "1": "19.99" } }] });
    control.setStock(t.accountCode, { productId: id, warehouseId: 2, inStock: 12 });

    const record = await eventually(async () => (await t.scoped.syncRecord.findFirst({ where: { flow: "PRODUCTS", sourceId: String(id), status: "SUCCEEDED" } })) ?? undefined, 30_000, "product created");
    const created = await t.client.get("/V1/products/NEW-0001", magentoProduct);
    expect(created).toMatchObject({ sku: "NEW-0001", name: "Linen Apron", status: 2, price: 19.99, weight: 1.25 });
    expect(record.targetId).toBe(String(t.instance.productBySku("NEW-0001")!.id));
    expect((record.requestPayload as { product: { extension_attributes: { stock_item: unknown } } }).product.extension_attributes.stock_item).toEqual({ qty: 0, is_in_stock: false });
    await eventually(() => t.instance.state.sourceItems.find((s) => s.sku === "NEW-0001" && s.source_code === "default")?.quantity === 12, 30_000, "stock written by the stock flow");

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
    await saveOptions(t.scoped, t.tenantId, { productsOverwriteContent: true });
    control.updateProduct(t.accountCode, id, { salesChannels: [{ productName: "Linen Apron v3" }] });
    await eventually(async () => (await t.client.get("/V1/products/NEW-0001", magentoProduct)).name === "Linen Apron v3", 30_000, "content rewritten");
  });

  it("the daily pass creates the products Magento is missing", async () => {
    const t = await stack.tenant({ flows: { products: true }, magento: { catalogue: { count: 20, missing: ["SKU-00007", "SKU-00013"] } } });
    await engine.engine.send({ name: "products/sweep.requested", data: { tenantId: t.tenantId } });
    await eventually(() => t.instance.productBySku("SKU-00007") && t.instance.productBySku("SKU-00013"), 30_000, "missing products created");
    // the record is written once Magento has answered the POST
    await eventually(async () => (await t.scoped.syncRecord.count({ where: { flow: "PRODUCTS", status: "SUCCEEDED" } })) === 2, 30_000, "both creations recorded");
  });

  it("with a custom-field selection, a product marked with the field is created and unmarked ones are not", async () => {
    const u = await stack.tenant({ flows: { products: true }, magento: { catalogue: { count: 20, missing: ["SKU-00008", "SKU-00009", "SKU-00010"] } } });
    await saveOptions(u.scoped, u.tenantId, { productsSelection: "custom-field", productsCustomField: "PCF_MAGENTO" });
    control.setProductCustomFields(u.accountCode, u.productId("SKU-00008"), { PCF_MAGENTO: true });
    control.setProductCustomFields(u.accountCode, u.productId("SKU-00009"), { PCF_MAGENTO: null, PCF_OTHER: "yes" });
    // a dropdown field answers with its chosen option
    control.setProductCustomFields(u.accountCode, u.productId("SKU-00010"), { PCF_MAGENTO: { id: 7, value: "No" } });
    await engine.engine.send({ name: "products/sweep.requested", data: { tenantId: u.tenantId } });
    await eventually(() => u.instance.productBySku("SKU-00008"), 30_000, "the marked product created");
    await engine.engine.whenIdle(30_000);
    expect(u.instance.productBySku("SKU-00009")).toBeUndefined();
    expect(u.instance.productBySku("SKU-00010")).toBeUndefined();
    expect(await u.scoped.syncRecord.count({ where: { flow: "PRODUCTS" } })).toBe(1);
    // Prices are read only for the product that passed the selection.
    const priceCalls = control.requests.list({ account: u.accountCode }).filter((e) => e.path.includes("/product-service/product-price/"));
    expect(priceCalls.map((e) => e.path.split("/product-price/")[1])).toEqual([`${u.productId("SKU-00008")}/price-list/2`]);
  });

  it("a crash after Magento created the product is recovered: the product is found by SKU and linked, not posted again", async () => {
    const t = await stack.tenant({ flows: { products: true }, magento: { catalogue: { count: 20, missing: ["SKU-00011"] } } });
    const productId = t.productId("SKU-00011");
    // The POST went through, the process died before our record said so.
    await t.client.post("/V1/products", { product: { sku: "SKU-00011", name: "Made before the crash", attribute_set_id: 4, type_id: "simple", price: 1, status: 2 } }, z.unknown(), "all");
    await t.scoped.syncRecord.create({
      data: { tenantId: t.tenantId, flow: "PRODUCTS", sourceId: String(productId), status: "RUNNING", attempts: 1, progress: { postStarted: true }, lastAttemptAt: new Date(Date.now() - 10 * 60_000) },
    });
    const posts = () => mg.started.sandbox.requests.list({ account: t.instance.id }).filter((e) => e.method === "POST" && /\/V1\/products$/.test(e.path)).length;
    const before = posts();
    const { sweepProducts } = await import("@/lib/sync/products/product-cache");
    const deps = await catalogDeps(t.tenantId);
    await sweepProducts(deps.brightpearl, deps.scoped, deps.tenantId);
    const result = await createMissingProducts(deps, [productId]);
    expect(result).toMatchObject({ linked: 1, created: 0 });
    expect(posts()).toBe(before);
    const record = await t.scoped.syncRecord.findFirstOrThrow({ where: { flow: "PRODUCTS", sourceId: String(productId) } });
    expect(record).toMatchObject({ status: "SUCCEEDED", targetId: String(t.instance.productBySku("SKU-00011")!.id) });
  });
});

describe("posting a product whose name another Magento product already has", () => {
  it("posts again with a URL key suffixed by the SKU when Magento says the URL key is taken", async () => {
    const bodies: { product: { custom_attributes?: { attribute_code: string; value: string }[] } }[] = [];
    const magento = {
      post: async (_path: string, body: (typeof bodies)[number]) => {
        bodies.push(body);
        if (bodies.length === 1) throw new MagentoError("invalid", "invalid", "URL key for specified store already exists.", { status: 400, magentoMessage: "URL key for specified store already exists." });
        return { id: 77, sku: "APR-2" };
      },
    } as unknown as MagentoClient;
    const answer = await postProduct(magento, { product: { sku: "APR-2", name: "Linen Apron" } });
    expect(answer).toEqual({ id: 77, sku: "APR-2" });
    expect(bodies[0]!.product.custom_attributes).toBeUndefined();
    expect(bodies[1]!.product.custom_attributes).toEqual([{ attribute_code: "url_key", value: "linen-apron-apr-2" }]);
  });

  it("does not retry any other refusal", async () => {
    let calls = 0;
    const magento = {
      post: async () => {
        calls++;
        throw new MagentoError("invalid", "invalid", "The SKU is too long.", { status: 400 });
      },
    } as unknown as MagentoClient;
    await expect(postProduct(magento, { product: { sku: "X", name: "Y" } })).rejects.toThrow("The SKU is too long.");
    expect(calls).toBe(1);
  });
});
