import { afterAll, describe, expect, it } from "vitest";
import { verifyAppOff } from "@/lib/brightpearl/app-off";
import { db } from "@/lib/db";
import { activeTenantIds } from "@/lib/tenants/tenants";
import { startBrightpearl } from "../../../helpers/brightpearl";

const bp = await startBrightpearl();
const control = bp.started.sandbox.control;

afterAll(async () => {
  await db().$disconnect();
});

describe("app turned off in Brightpearl", () => {
  it("is believed only when Brightpearl confirms it: a report for a working installation changes nothing", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const verdict = await verifyAppOff(db(), accountCode, async (id) => bp.client(id, accountCode));
    expect(verdict).toBe("still-installed");
    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.status).toBe("ACTIVE");
    expect(tenant.accessTokenEnc).not.toBeNull();
  });

  it("once confirmed: tokens deleted, schedules stopped, history kept", async () => {
    const { tenantId, accountCode } = await bp.connect();
    await db().syncRecord.create({ data: { tenantId, flow: "ORDERS", sourceId: "100" } });
    await db().syncCursor.create({ data: { tenantId, flow: "ORDERS", value: "2026-11-29 08:00:00" } });
    expect(await activeTenantIds(db())).toContain(tenantId);
    control.revokeInstallation(accountCode);

    const verdict = await verifyAppOff(db(), accountCode, async (id) => bp.client(id, accountCode));

    expect(verdict).toBe("uninstalled");
    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.status).toBe("UNINSTALLED");
    expect([tenant.accessTokenEnc, tenant.refreshTokenEnc]).toEqual([null, null]);
    expect(await activeTenantIds(db())).not.toContain(tenantId);
    expect(await db().syncRecord.count({ where: { tenantId } })).toBe(1);
    expect(await db().syncCursor.count({ where: { tenantId } })).toBe(1);
  });

  it("says so for an account it does not know", async () => {
    expect(await verifyAppOff(db(), "nosuchaccount", async () => bp.client("x", "nosuchaccount"))).toBe("unknown-account");
  });
});
