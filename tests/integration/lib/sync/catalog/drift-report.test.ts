import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import { CatalogDrift } from "@/app/(app)/dashboard/catalog-drift";
import { db } from "@/lib/db";
import { DriftReportWriter, latestDriftReport, REPORTS_KEPT } from "@/lib/sync/catalog/drift-report";
import { tenantDb } from "@/lib/tenants/scope";
import { saveFlowSwitches } from "@/lib/tenants/settings";
import { installTenant } from "@/lib/tenants/tenants";

afterAll(async () => {
  await db().$disconnect();
});

const newTenant = async (code: string) =>
  (await installTenant(db(), { accountCode: `${code}${Date.now().toString(36)}`, installationInstanceId: "3", apiDomain: "x.brightpearlconnect.com", accessToken: "a", refreshToken: "r", expiresInSeconds: 3600, now: new Date() })).id;

describe("drift reports", () => {
  it("the dashboard shows the latest stock report: each difference with Magento's value before and after, and the SKUs only one side has", async () => {
    const tenantId = await newTenant("drift");
    const other = await newTenant("driftother");
    const scoped = tenantDb(tenantId);
    await saveFlowSwitches(scoped, tenantId, { orders: false, inventory: true, prices: true, products: false, shipments: false, refunds: false });
    await scoped.syncRecord.create({ data: { tenantId, flow: "PRICES", sourceId: "CONF-0001", status: "FAILED", lastErrorKind: "rejected", lastError: "Magento refused the price: Invalid attribute SKU = CONF-0001." } });

    const old = await DriftReportWriter.start(scoped, tenantId, "INVENTORY", "hourly");
    await old.add({ kind: "difference", sku: "OLD-1", scope: "default", brightpearlValue: "1", magentoBefore: "2", magentoAfter: "1" });
    await old.finish();
    const report = await DriftReportWriter.start(scoped, tenantId, "INVENTORY", "on demand");
    report.counts.compared = 3;
    report.counts.differences = 1;
    report.counts.fixed = 1;
    await report.add({ kind: "difference", sku: "SKU-00011", scope: "default", brightpearlValue: "35", magentoBefore: "10", magentoAfter: "35" });
    await report.add({ kind: "only-brightpearl", sku: "SKU-00007" });
    await report.add({ kind: "only-magento", sku: "MAG-ONLY-0001" });
    await report.add({ kind: "duplicate", sku: "TWIN-1", brightpearlValue: "products 4 and 9", error: "Brightpearl products 4 and 9 both have SKU TWIN-1." });
    await report.finish();
    // another tenant's report never shows
    const theirs = await DriftReportWriter.start(tenantDb(other), other, "INVENTORY", "hourly");
    await theirs.add({ kind: "only-magento", sku: "THEIRS-1" });
    await theirs.finish();

    const latest = await latestDriftReport(scoped, "INVENTORY");
    expect(latest).toMatchObject({ trigger: "on demand", status: "SUCCEEDED", counts: { compared: 3, differences: 1, fixed: 1, onlyInBrightpearl: 1, onlyInMagento: 1, duplicates: 1 } });
    expect(latest!.lines.map((l) => l.sku).sort()).toEqual(["MAG-ONLY-0001", "SKU-00007", "SKU-00011", "TWIN-1"]);

    const html = renderToStaticMarkup((await CatalogDrift({ tenantId }))!);
    expect(html).toContain("3 SKUs compared, 1 differed, 1 fixed");
    expect(html).toMatch(/SKU-00011<\/td><td[^>]*>default<\/td><td[^>]*>35<\/td><td[^>]*>10<\/td><td[^>]*>35/);
    expect(html).toContain("1 SKUs only in Brightpearl");
    expect(html).toContain("SKU-00007");
    expect(html).toContain("MAG-ONLY-0001");
    expect(html).not.toContain("OLD-1");
    expect(html).not.toContain("THEIRS-1");
    expect(html).toContain("Check stock now");
    expect(html).toContain("Check prices now");
    expect(html).toContain("1 SKUs used by more than one Brightpearl product");
    expect(html).toMatch(/TWIN-1<\/span>: Brightpearl products 4 and 9 both have SKU TWIN-1\./);
    // the report that just ran was asked for by nobody: the buttons are free
    expect(html).not.toMatch(/<button[^>]*\sdisabled=""/);
    // while a check of prices runs, its button is held back and says why
    const running = await DriftReportWriter.start(scoped, tenantId, "PRICES", "on demand");
    const during = renderToStaticMarkup((await CatalogDrift({ tenantId }))!);
    expect(during).toMatch(/<button[^>]*\sdisabled=""[^>]*>Check prices now/);
    expect(during).toContain("A check of prices is running now; its report shows here when it ends.");
    expect(during).not.toMatch(/<button[^>]*\sdisabled=""[^>]*>Check stock now/);
    await running.finish();
    expect(html).toMatch(/CONF-0001<\/span>: Magento refused the price: Invalid attribute SKU = CONF-0001\./);
  });

  it("keeps the newest reports of each flow per tenant, deleting older ones with their lines, and no other tenant's or flow's", async () => {
    const tenantId = await newTenant("keep");
    const other = await newTenant("keepother");
    const scoped = tenantDb(tenantId);
    const theirs = await DriftReportWriter.start(tenantDb(other), other, "INVENTORY", "hourly");
    await theirs.add({ kind: "only-magento", sku: "THEIRS-1" });
    await theirs.finish();
    const prices = await DriftReportWriter.start(scoped, tenantId, "PRICES", "nightly");
    await prices.finish();
    const ids: string[] = [];
    for (let i = 0; i < REPORTS_KEPT + 3; i++) {
      const r = await DriftReportWriter.start(scoped, tenantId, "INVENTORY", "hourly");
      await scoped.driftReport.update({ where: { id: r.id }, data: { startedAt: new Date(Date.now() - (REPORTS_KEPT + 3 - i) * 3_600_000) } });
      await r.add({ kind: "only-magento", sku: `S-${i}` });
      await r.finish();
      ids.push(r.id);
    }
    const kept = await scoped.driftReport.findMany({ where: { flow: "INVENTORY" }, select: { id: true } });
    expect(kept.map((r) => r.id).sort()).toEqual(ids.slice(3).sort());
    expect(await scoped.driftItem.count({ where: { reportId: { in: ids.slice(0, 3) } } })).toBe(0);
    expect(await scoped.driftReport.count({ where: { flow: "PRICES" } })).toBe(1);
    expect(await tenantDb(other).driftReport.count()).toBe(1);
  });

  it("the dashboard shows nothing for stock and prices while both flows are off", async () => {
    const tenantId = await newTenant("driftoff");
    expect(await CatalogDrift({ tenantId })).toBeNull();
  });
});
