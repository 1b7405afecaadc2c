import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AUDIT_REQUEST_GAP_MS, requestAudit } from "@/lib/sync/catalog/audit-requests";
import { DriftReportWriter } from "@/lib/sync/catalog/drift-report";
import { tenantDb } from "@/lib/tenants/scope";
import { saveFlowSwitches } from "@/lib/tenants/settings";
import { installTenant } from "@/lib/tenants/tenants";

afterAll(async () => {
  await db().$disconnect();
});

const newTenant = async (code: string, flows: { inventory: boolean; prices: boolean }) => {
  const tenantId = (await installTenant(db(), { accountCode: `${code}${Date.now().toString(36)}`, installationInstanceId: "3", apiDomain: "x.brightpearlconnect.com", accessToken: "a", refreshToken: "r", expiresInSeconds: 3600, now: new Date() })).id;
  await saveFlowSwitches(tenantDb(tenantId), tenantId, { orders: false, products: false, shipments: false, refunds: false, ...flows });
  return { tenantId, scoped: tenantDb(tenantId) };
};

describe('"Check now" on the dashboard', () => {
  it("queues one check; a second press within the minute says so instead, and after a minute a press queues again", async () => {
    const { tenantId, scoped } = await newTenant("checknow", { inventory: true, prices: false });
    let sent = 0;
    const send = async () => void sent++;
    const t0 = new Date();
    expect(await requestAudit(scoped, tenantId, "INVENTORY", send, t0)).toMatchObject({ queued: true });
    const again = await requestAudit(scoped, tenantId, "INVENTORY", send, new Date(t0.getTime() + 5_000));
    expect(again).toEqual({ queued: false, message: "A check of stock was asked for less than a minute ago; it starts shortly." });
    expect(sent).toBe(1);
    expect(await requestAudit(scoped, tenantId, "INVENTORY", send, new Date(t0.getTime() + AUDIT_REQUEST_GAP_MS + 1))).toMatchObject({ queued: true });
    expect(sent).toBe(2);
  });

  it("a press whose check could not be queued leaves the next press free to queue it", async () => {
    const { tenantId, scoped } = await newTenant("checkfail", { inventory: true, prices: false });
    const t0 = new Date();
    const unreachable = async () => {
      throw new Error("the engine did not answer");
    };
    await expect(requestAudit(scoped, tenantId, "INVENTORY", unreachable, t0)).rejects.toThrow("the engine did not answer");
    let sent = 0;
    expect(await requestAudit(scoped, tenantId, "INVENTORY", async () => void sent++, new Date(t0.getTime() + 5_000))).toMatchObject({ queued: true });
    expect(sent).toBe(1);
  });

  it("two presses at the same moment queue one check", async () => {
    const { tenantId, scoped } = await newTenant("checkboth", { inventory: true, prices: false });
    let sent = 0;
    const now = new Date();
    const answers = await Promise.all([1, 2, 3].map(() => requestAudit(scoped, tenantId, "INVENTORY", async () => void sent++, now)));
    expect(answers.filter((a) => a.queued)).toHaveLength(1);
    expect(sent).toBe(1);
  });

  it("says so while a check of the flow is running, and refuses a flow that is switched off", async () => {
    const { tenantId, scoped } = await newTenant("checkrun", { inventory: true, prices: false });
    let sent = 0;
    const send = async () => void sent++;
    const running = await DriftReportWriter.start(scoped, tenantId, "INVENTORY", "hourly");
    expect(await requestAudit(scoped, tenantId, "INVENTORY", send)).toEqual({ queued: false, message: "A check of stock is running now; its report shows here when it ends." });
    expect(await requestAudit(scoped, tenantId, "PRICES", send)).toEqual({
      queued: false,
      message: "The prices flow is switched off, so there is nothing to check. Switch it on in the settings first.",
    });
    expect(sent).toBe(0);
    await running.finish();
    expect(await requestAudit(scoped, tenantId, "INVENTORY", send)).toMatchObject({ queued: true });
    expect(sent).toBe(1);
  });
});
