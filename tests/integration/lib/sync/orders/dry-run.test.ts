import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { dryRun } from "@/lib/sync/orders/dry-run";
import { magentoFor } from "@/lib/tenants/magento";
import { saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { setGoLive } from "@/lib/tenants/settings";
import { startBrightpearl } from "../../../../helpers/brightpearl";
import { startMagento } from "../../../../helpers/magento";

const bp = await startBrightpearl();
const mg = await startMagento();

afterAll(async () => {
  await db().$disconnect();
});

async function setUp() {
  const { tenantId, accountCode } = await bp.connect();
  bp.started.sandbox.control.seedProducts(accountCode, { count: 30 });
  const { instance } = await mg.connect(tenantId, { catalogue: { count: 30 }, orders: { count: 6, seed: 11, composite: false, from: "2026-11-20 00:00:00", to: "2026-11-28 00:00:00" } });
  const scoped = tenantDb(tenantId);
  await setGoLive(scoped, tenantId, new Date("2026-11-01T00:00:00Z"));
  await saveMapping(scoped, tenantId, "store-view", "default", { channelId: 2, priceListId: 2 });
  await saveMapping(scoped, tenantId, "order-status-in", "*", { statusId: 2 });
  await saveMapping(scoped, tenantId, "shipping-method", "*", { shippingMethodId: 1 });
  await saveMapping(scoped, tenantId, "payment-method", "*", { paymentMethodCode: "PAYPAL" });
  await saveMapping(scoped, tenantId, "tax-rate", "*", { taxCode: "T" });
  const row = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
  return { tenantId, accountCode, instance, scoped, tenant: { id: tenantId, installationInstanceId: row.installationInstanceId } };
}

describe("dry run", () => {
  it("shows what the last orders would become, writing nothing to either side", async () => {
    const s = await setUp();
    const bpWritesBefore = bp.started.sandbox.control.requests.list({ account: s.accountCode }).filter((e) => e.method !== "GET").length;
    const entries = await dryRun({ magento: (await magentoFor(s.scoped, s.tenantId))!, brightpearl: bp.client(s.tenantId, s.accountCode), scoped: s.scoped, tenant: s.tenant, count: 5 });
    expect(entries).toHaveLength(5);
    const ready = entries.filter((e) => e.plan.outcome === "ready");
    expect(ready.length).toBe(5);
    for (const e of ready) {
      if (e.plan.outcome !== "ready") continue;
      // every catalogue SKU is a Brightpearl product, and the totals equal Magento's
      expect(e.plan.order.rows.filter((r) => r.kind === "free-text")).toEqual([]);
      expect(e.plan.totals.total).toBe(e.plan.totals.magentoTotal);
      expect(e.customer?.action).toBe("create");
    }
    expect(bp.started.sandbox.control.requests.list({ account: s.accountCode }).filter((e) => e.method !== "GET").length).toBe(bpWritesBefore);
    expect(mg.count(s.instance.id, "POST") + mg.count(s.instance.id, "PUT")).toBe(0);
    expect(await db().syncRecord.count({ where: { tenantId: s.tenantId } })).toBe(0);
    // the product cache was filled from one sweep, then used
    expect(await s.scoped.brightpearlProduct.count()).toBe(30);
  });

  it("names what is missing when a mapping is not there yet", async () => {
    const s = await setUp();
    await s.scoped.mapping.deleteMany({ where: { kind: "store-view" } });
    const entries = await dryRun({ magento: (await magentoFor(s.scoped, s.tenantId))!, brightpearl: bp.client(s.tenantId, s.accountCode), scoped: s.scoped, tenant: s.tenant, count: 3 });
    expect(entries.map((e) => e.plan.outcome)).toEqual(["blocked", "blocked", "blocked"]);
    expect(entries[0]!.plan).toMatchObject({ issues: [expect.objectContaining({ mapping: { kind: "store-view", key: "default" } })] });
  });
});
