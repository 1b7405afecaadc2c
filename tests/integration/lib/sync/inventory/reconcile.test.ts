import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { db } from "@/lib/db";
import { stockContext } from "@/lib/sync/inventory/context";
import { auditStock } from "@/lib/sync/inventory/reconcile";
import { saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { startBrightpearl } from "../../../../helpers/brightpearl";
import { startMagento } from "../../../../helpers/magento";

const bp = await startBrightpearl();
const mg = await startMagento();
const control = bp.started.sandbox.control;

afterAll(async () => {
  await db().$disconnect();
});

const quantity = (instance: { state: { sourceItems: { sku: string; source_code: string; quantity: number }[] } }, sku: string) =>
  instance.state.sourceItems.find((s) => s.sku === sku && s.source_code === "default")?.quantity;

describe("the stock audit", () => {
  it("decides each chunk from Magento's values read right before it writes, not from a snapshot taken when it started", async () => {
    const { tenantId, accountCode } = await bp.connect();
    control.seedProducts(accountCode, { count: 20, stock: { 2: 25 } });
    const { instance, client: magento } = await mg.connect(tenantId, { catalogue: { count: 20 } });
    const scoped = tenantDb(tenantId);
    await saveMapping(scoped, tenantId, "source-warehouses", "default", { warehouseIds: [2] });
    const real = bp.client(tenantId, accountCode);
    const deps = { tenantId, scoped, magento, brightpearl: real };
    await auditStock(deps, await stockContext(deps), "align");
    expect(quantity(instance, "SKU-00003")).toBe(25);

    await magento.post("/V1/inventory/source-items", { sourceItems: [{ sku: "SKU-00003", source_code: "default", quantity: 5, status: 1 }] }, z.unknown());
    // While the audit reads the Brightpearl catalogue, another writer puts SKU-00003 right again.
    let repaired = false;
    const brightpearl = Object.create(real, {
      get: {
        value: async (...args: Parameters<BrightpearlClient["get"]>) => {
          const answer = await real.get(...args);
          if (!repaired && args[0].includes("product-search")) {
            repaired = true;
            await magento.post("/V1/inventory/source-items", { sourceItems: [{ sku: "SKU-00003", source_code: "default", quantity: 25, status: 1 }] }, z.unknown());
          }
          return answer;
        },
      },
    }) as BrightpearlClient;
    const audit = await auditStock({ ...deps, brightpearl }, await stockContext(deps), "test");
    expect(repaired).toBe(true);
    expect(audit.counts).toMatchObject({ compared: 20, differences: 0 });
    expect(await scoped.driftItem.count({ where: { reportId: audit.reportId, sku: "SKU-00003" } })).toBe(0);
  });

  it("reports a SKU two Brightpearl products share, and gives Magento the stock of the older one", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const products = control.seedProducts(accountCode, { count: 5, stock: { 2: 10 } });
    const { instance, client: magento } = await mg.connect(tenantId, { catalogue: { count: 5 } });
    const scoped = tenantDb(tenantId);
    await saveMapping(scoped, tenantId, "source-warehouses", "default", { warehouseIds: [2] });
    const brightpearl = bp.client(tenantId, accountCode);
    const twin = await brightpearl.post(
      "/product-service/product",
      { brandId: 1, identity: { sku: "SKU-00002" }, stock: { stockTracked: true }, financialDetails: { taxCode: { code: "T" } }, salesChannels: [{ salesChannelName: "Brightpearl", productName: "Twin", categories: [{ categoryCode: "276" }] }] },
      z.number(),
    );
    control.setStock(accountCode, { productId: twin, warehouseId: 2, inStock: 77 });
    const deps = { tenantId, scoped, magento, brightpearl };
    const audit = await auditStock(deps, await stockContext(deps), "test");
    expect(quantity(instance, "SKU-00002")).toBe(10);
    expect(audit.counts.duplicates).toBe(1);
    const line = await scoped.driftItem.findFirstOrThrow({ where: { reportId: audit.reportId, kind: "duplicate" } });
    const older = products.find((p) => p.sku === "SKU-00002")!.productId;
    expect(line).toMatchObject({ sku: "SKU-00002", brightpearlValue: `products ${older} and ${twin}` });
    expect(line.error).toContain(`Magento gets the stock of product ${older}`);
  });
});
