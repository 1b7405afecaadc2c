// A discovery run's steps against both sandboxes and the database: snapshots kept (the last good
// read survives a failure), suggestions stored only where nothing is mapped.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { refreshBrightpearlSnapshot, refreshMagentoSnapshot, storeSuggestions } from "@/lib/setup/run-discovery";
import { loadSnapshots } from "@/lib/setup/snapshots";
import { loadMappings, saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { startBrightpearl } from "../../../helpers/brightpearl";
import { startStores } from "./stores";

const { started, store } = await startStores();
const bp = await startBrightpearl();

afterAll(async () => {
  await db().$disconnect();
});

async function tenantWithBothSides() {
  const { tenantId, accountCode } = await bp.connect();
  const s = store({ orders: { count: 30, seed: 4, currencies: ["GBP", "USD"], paymentMethods: ["checkmo", "paypal_express", "banktransfer"] } });
  const scoped = tenantDb(tenantId);
  const read = async () => {
    const magento = await refreshMagentoSnapshot(scoped, tenantId, s.client);
    const brightpearl = await refreshBrightpearlSnapshot(scoped, tenantId, async () => bp.client(tenantId, accountCode));
    return { magento, brightpearl };
  };
  return { tenantId, accountCode, store: s, scoped, read };
}

describe("a discovery run", () => {
  it("stores both snapshots and suggests a mapping for everything, marked as suggested", async () => {
    const t = await tenantWithBothSides();
    const outcomes = await t.read();
    expect(outcomes.magento).toEqual({ system: "MAGENTO", outcome: "read", problems: [] });
    expect(outcomes.brightpearl).toEqual({ system: "BRIGHTPEARL", outcome: "read", problems: [] });

    const snapshots = await loadSnapshots(t.scoped);
    expect(snapshots.magento?.data?.storeViews.map((v) => v.code)).toEqual(["default"]);
    expect(snapshots.brightpearl?.data?.channels.map((c) => c.name)).toEqual(["Brightpearl", "Magento Store"]);

    const { created } = await storeSuggestions(t.scoped, t.tenantId);
    const mappings = await loadMappings(t.scoped);
    expect(created).toBe([...Object.values(mappings)].reduce((n, m) => n + m.size, 0));
    expect(mappings["store-view"].get("default")).toEqual({ kind: "store-view", sourceKey: "default", target: { channelId: 2, priceListId: 2 }, suggested: true });
    expect(mappings["tax-rate"].get("20")?.target).toEqual({ taxCode: "T" });
    expect(mappings["payment-method"].get("paypal_express")?.target).toEqual({ paymentMethodCode: "PAYPAL", nominalCode: "1210" });
    expect(mappings["source-warehouses"].get("default")?.target).toEqual({ warehouseIds: [2] });
    expect(mappings["order-status-in"].get("*")?.target).toEqual({ statusId: 2 });
    expect([...Object.values(mappings)].every((m) => [...m.values()].every((r) => r.suggested))).toBe(true);

    // a second run finds nothing new to suggest
    expect((await storeSuggestions(t.scoped, t.tenantId)).created).toBe(0);
  });

  it("never replaces a mapping the merchant chose, nor one it already suggested", async () => {
    const t = await tenantWithBothSides();
    await saveMapping(t.scoped, t.tenantId, "store-view", "default", { channelId: 1, priceListId: 3 });
    await saveMapping(t.scoped, t.tenantId, "tax-rate", "20", { taxCode: "R" }, true);
    await t.read();
    await storeSuggestions(t.scoped, t.tenantId);
    const mappings = await loadMappings(t.scoped);
    expect(mappings["store-view"].get("default")).toMatchObject({ target: { channelId: 1, priceListId: 3 }, suggested: false });
    expect(mappings["tax-rate"].get("20")).toMatchObject({ target: { taxCode: "R" }, suggested: true });
    // the rest is still filled in
    expect(mappings["tax-rate"].get("*")?.target).toEqual({ taxCode: "T" });
  });

  it("suggests nothing until both sides are read", async () => {
    const { tenantId } = await bp.connect();
    const scoped = tenantDb(tenantId);
    expect(await refreshMagentoSnapshot(scoped, tenantId, null)).toEqual({ system: "MAGENTO", outcome: "not-connected", problems: [] });
    await refreshBrightpearlSnapshot(scoped, tenantId, async () => bp.client(tenantId, (await db().tenant.findUniqueOrThrow({ where: { id: tenantId } })).accountCode));
    expect(await storeSuggestions(scoped, tenantId)).toEqual({ created: 0 });
    expect(await scoped.mapping.count()).toBe(0);
    const snapshots = await loadSnapshots(scoped);
    expect(snapshots.magento).toBeNull();
    expect(snapshots.brightpearl?.data).not.toBeNull();
  });

  it("keeps the last good read when a later one fails, and says what went wrong", async () => {
    const t = await tenantWithBothSides();
    await t.read();
    const before = await loadSnapshots(t.scoped);
    started.sandbox.faults.add({ route: "*", account: t.store.instance.id, errorRate: 1, status: 503 });
    try {
      const outcome = await refreshMagentoSnapshot(t.scoped, t.tenantId, t.store.client);
      expect(outcome.outcome).toBe("failed");
      expect(outcome.problems[0]).toMatch(/^Your Magento store could not be read: /);
    } finally {
      started.sandbox.faults.clear();
    }
    const after = await loadSnapshots(t.scoped);
    expect(after.magento?.data).toEqual(before.magento?.data);
    expect(after.magento?.fetchedAt).toEqual(before.magento?.fetchedAt);
    expect(after.magento?.problems[0]).toMatch(/^Your Magento store could not be read: /);

    // the next good read clears the problem
    await refreshMagentoSnapshot(t.scoped, t.tenantId, t.store.client);
    expect((await loadSnapshots(t.scoped)).magento?.problems).toEqual([]);
  });

  it("records a first read that fails as nothing read yet, with the reason", async () => {
    const { tenantId } = await bp.connect();
    const scoped = tenantDb(tenantId);
    const s = store({ integrations: [{ name: "connector", resources: ["Magento_Sales::actions_view"] }] });
    await refreshMagentoSnapshot(scoped, tenantId, s.client);
    const snapshots = await loadSnapshots(scoped);
    expect(snapshots.magento?.data).toBeNull();
    expect(snapshots.magento?.problems[0]).toMatch(/Magento_Backend::store/);
  });

  it("records which lists a read had to do without", async () => {
    const t = await tenantWithBothSides();
    bp.started.sandbox.control.faults.add({ route: "/public-api/:account/accounting-service/nominal-code", account: t.accountCode, errorRate: 1, status: 400, count: 1 });
    const { brightpearl } = await t.read();
    expect(brightpearl.outcome).toBe("read");
    const snapshots = await loadSnapshots(t.scoped);
    expect(snapshots.brightpearl?.data?.nominalCodes).toEqual([]);
    expect(snapshots.brightpearl?.problems).toEqual([expect.stringMatching(/^Brightpearl's nominal codes could not be read/)]);
  });
});
