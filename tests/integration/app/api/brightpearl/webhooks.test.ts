import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/brightpearl/webhooks/[tenantId]/route";
import { inngest } from "@/inngest/client";
import { db } from "@/lib/db";
import { installTenant, webhookSecretOf } from "@/lib/tenants/tenants";

let tenant: { id: string; accountCode: string; secret: string };

beforeAll(async () => {
  const accountCode = `hooks${Date.now().toString(36)}`;
  const row = await installTenant(db(), { accountCode, installationInstanceId: "3", apiDomain: "x.brightpearlconnect.com", accessToken: "a", refreshToken: "r", expiresInSeconds: 3600, now: new Date() });
  tenant = { id: row.id, accountCode, secret: webhookSecretOf(row) };
});

afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await db().$disconnect();
});

const delivery = (overrides: Record<string, unknown> = {}) => ({
  accountCode: tenant.accountCode,
  resourceType: "product",
  id: "1001-1003,1010",
  lifecycleEvent: "modified",
  fullEvent: "product.modified.on-hand-modified",
  raisedOn: "2026-11-29T10:00:00.000Z",
  brightpearlVersion: "7.0.0",
  ...overrides,
});

function post(tenantId: string, secret: string | null, body: unknown) {
  const url = `http://localhost/api/brightpearl/webhooks/${tenantId}${secret === null ? "" : `?k=${encodeURIComponent(secret)}`}`;
  const request = new NextRequest(url, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
  return POST(request, { params: Promise.resolve({ tenantId }) });
}

describe("Brightpearl webhook receiver", () => {
  it("answers 202 at once and enqueues the delivery for the tenant", async () => {
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["e1"] } as never);
    const response = await post(tenant.id, tenant.secret, delivery());
    expect(response.status).toBe(202);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]![0]).toMatchObject({
      name: "brightpearl/webhook.received",
      data: { tenantId: tenant.id, fullEvent: "product.modified.on-hand-modified", resourceType: "product", lifecycleEvent: "modified", idSet: "1001-1003,1010" },
    });
  });

  it.each([
    ["a wrong secret", () => [tenant.id, "guess", delivery()], 401],
    ["no secret", () => [tenant.id, null, delivery()], 401],
    ["an unknown tenant", () => ["c0000000000000000000000000", tenant.secret, delivery()], 404],
    ["a malformed tenant id", () => ["../../etc", tenant.secret, delivery()], 404],
    ["a body that is not JSON", () => [tenant.id, tenant.secret, "not json"], 400],
    ["a body missing fields", () => [tenant.id, tenant.secret, { accountCode: tenant.accountCode }], 400],
    ["an id that is not an ID set", () => [tenant.id, tenant.secret, delivery({ id: "1;DROP TABLE" })], 400],
    ["another account's delivery", () => [tenant.id, tenant.secret, delivery({ accountCode: "someoneelse" })], 403],
  ] as const)("refuses %s without enqueuing anything", async (_name, args, status) => {
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: [] } as never);
    const [tenantId, secret, body] = args() as [string, string | null, unknown];
    const response = await post(tenantId, secret, body);
    expect(response.status).toBe(status);
    expect(send).not.toHaveBeenCalled();
  });

  it("asks Brightpearl to retry (503) when the delivery cannot be enqueued", async () => {
    vi.spyOn(inngest, "send").mockRejectedValue(new Error("engine down"));
    expect((await post(tenant.id, tenant.secret, delivery())).status).toBe(503);
  });

  it("refuses deliveries for a disconnected tenant with 410, which stops Brightpearl's retries", async () => {
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: [] } as never);
    await db().tenant.update({ where: { id: tenant.id }, data: { status: "DISCONNECTED" } });
    try {
      expect((await post(tenant.id, tenant.secret, delivery())).status).toBe(410);
      expect(send).not.toHaveBeenCalled();
    } finally {
      await db().tenant.update({ where: { id: tenant.id }, data: { status: "ACTIVE" } });
    }
  });
});
