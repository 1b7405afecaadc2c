import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { decryptSecret } from "@/lib/crypto";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { refreshTokens } from "@/lib/brightpearl/oauth";
import { db } from "@/lib/db";
import { secretContext, tokenFields } from "@/lib/tenants/tenants";
import { startBrightpearl } from "../../../helpers/brightpearl";

const bp = await startBrightpearl();
const control = bp.started.sandbox.control;
const TOKEN_ROUTE = "POST /token/:account";
const priceLists = z.array(z.object({ id: z.number() }).loose());

afterAll(async () => {
  await db().$disconnect();
});

const tenantRow = (id: string) => db().tenant.findUniqueOrThrow({ where: { id } });

describe("Brightpearl token lifecycle", () => {
  it("refreshes an access token Brightpearl says has expired, transparently, during a call", async () => {
    const { tenantId, accountCode } = await bp.connect();
    control.expireAccessTokens(accountCode);
    const before = bp.count(TOKEN_ROUTE, accountCode);
    const lists = await bp.client(tenantId, accountCode).get("/product-service/price-list", priceLists);
    expect(lists.length).toBeGreaterThan(0);
    expect(bp.count(TOKEN_ROUTE, accountCode) - before).toBe(1);
  });

  it("sends exactly one token request for ten concurrent calls with an expired token", async () => {
    const { tenantId, accountCode } = await bp.connect();
    control.expireAccessTokens(accountCode);
    const before = bp.count(TOKEN_ROUTE, accountCode);
    // ten separate clients, as ten concurrent steps would build them
    const results = await Promise.all(Array.from({ length: 10 }, () => bp.client(tenantId, accountCode).get("/product-service/price-list", priceLists)));
    expect(results.every((r) => r.length > 0)).toBe(true);
    expect(bp.count(TOKEN_ROUTE, accountCode) - before).toBe(1);
  });

  it("waits for a refresh another process is doing instead of doing its own", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const row = await tenantRow(tenantId);
    // Another process holds the lease and the stored token is due for renewal.
    await db().tenant.update({ where: { id: tenantId }, data: { tokenLeaseHolder: "other-process", tokenLeaseUntil: new Date(Date.now() + 20_000), accessTokenExpiresAt: new Date(Date.now() + 1000) } });
    const before = bp.count(TOKEN_ROUTE, accountCode);
    const waiting = bp.tokens(tenantId).accessToken();
    await new Promise((r) => setTimeout(r, 400));
    // ...which then finishes its refresh and releases the lease.
    const fresh = await refreshTokens(bp.app, accountCode, decryptSecret(row.refreshTokenEnc!, secretContext(accountCode, "refresh_token")));
    await db().tenant.update({
      where: { id: tenantId },
      data: { ...tokenFields(accountCode, { accessToken: fresh.access_token, refreshToken: fresh.refresh_token, expiresInSeconds: fresh.expires_in, now: new Date() }), tokenLeaseHolder: null, tokenLeaseUntil: null },
    });
    await expect(waiting).resolves.toBe(fresh.access_token);
    expect(bp.count(TOKEN_ROUTE, accountCode) - before).toBe(1);
  });

  it("refreshes ahead of expiry and saves the refresh token Brightpearl returns", async () => {
    const { tenantId, accountCode } = await bp.connect();
    control.configure({ refreshKeepsLiveAccessToken: false });
    try {
      const soon = new Date(Date.now() + 60_000);
      await db().tenant.update({ where: { id: tenantId }, data: { accessTokenExpiresAt: soon } });
      const old = await tenantRow(tenantId);
      const token = await bp.tokens(tenantId).accessToken();
      const renewed = await tenantRow(tenantId);
      expect(token).not.toBe(decryptSecret(old.accessTokenEnc!, secretContext(accountCode, "access_token")));
      expect(decryptSecret(renewed.refreshTokenEnc!, secretContext(accountCode, "refresh_token"))).not.toBe(decryptSecret(old.refreshTokenEnc!, secretContext(accountCode, "refresh_token")));
      expect(renewed.accessTokenExpiresAt!.getTime()).toBeGreaterThan(soon.getTime() + 6 * 24 * 3600_000);
      expect(renewed.tokenLeaseHolder).toBeNull();
      // a token that is not due is used as it is
      const before = bp.count(TOKEN_ROUTE, accountCode);
      await expect(bp.tokens(tenantId).accessToken()).resolves.toBe(token);
      expect(bp.count(TOKEN_ROUTE, accountCode)).toBe(before);
    } finally {
      control.configure({ refreshKeepsLiveAccessToken: true });
    }
  });

  it("marks the tenant disconnected when Brightpearl refuses the refresh (invalid_grant)", async () => {
    const { tenantId, accountCode } = await bp.connect();
    await db().syncRecord.create({ data: { tenantId, flow: "ORDERS", sourceId: "7" } });
    control.revokeInstallation(accountCode);
    const error = await bp.client(tenantId, accountCode).get("/product-service/price-list", priceLists).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrightpearlError);
    expect((error as BrightpearlError).kind).toBe("auth");
    expect((error as BrightpearlError).message).toMatch(/Reconnect Brightpearl/);
    const tenant = await tenantRow(tenantId);
    expect(tenant.status).toBe("DISCONNECTED");
    expect([tenant.accessTokenEnc, tenant.refreshTokenEnc, tenant.tokenLeaseUntil]).toEqual([null, null, null]);
    expect(await db().syncRecord.count({ where: { tenantId } })).toBe(1);
    await expect(bp.tokens(tenantId).accessToken()).rejects.toMatchObject({ kind: "auth" });
  });

  it("keeps the tenant connected when the token service merely fails, and releases the lease", async () => {
    const { tenantId, accountCode } = await bp.connect();
    control.expireAccessTokens(accountCode);
    const fault = control.faults.add({ route: "/token/:account", errorRate: 1, status: 502, count: 1, account: accountCode });
    const error = await bp.client(tenantId, accountCode).get("/product-service/price-list", priceLists).catch((e: unknown) => e);
    expect((error as BrightpearlError).kind).toBe("unavailable");
    expect((error as BrightpearlError).retryable).toBe(true);
    const tenant = await tenantRow(tenantId);
    expect(tenant.status).toBe("ACTIVE");
    expect(tenant.tokenLeaseHolder).toBeNull();
    expect(fault.id).toBeTruthy();
    // and the next attempt succeeds
    await expect(bp.client(tenantId, accountCode).get("/product-service/price-list", priceLists)).resolves.toBeInstanceOf(Array);
  });
});
