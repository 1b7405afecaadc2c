import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { TENANT_FIELD, tenantDb, TenantScopeError } from "@/lib/tenants/scope";

// Models that are not tenant data: OAuth states exist before any tenant does.
const NOT_TENANT_DATA = ["OAuthState"];

const suffix = Date.now().toString(36);
let a: string;
let b: string;

beforeAll(async () => {
  a = (await db().tenant.create({ data: { accountCode: `scopea${suffix}`, installationInstanceId: "1" } })).id;
  b = (await db().tenant.create({ data: { accountCode: `scopeb${suffix}`, installationInstanceId: "2" } })).id;
  await db().syncRecord.createMany({
    data: [
      { tenantId: a, flow: "ORDERS", sourceId: "1" },
      { tenantId: b, flow: "ORDERS", sourceId: "1" },
      { tenantId: b, flow: "ORDERS", sourceId: "2" },
    ],
  });
  await db().mapping.create({ data: { tenantId: b, kind: "order-status", sourceKey: "pending", target: { statusId: 1 } } });
});

afterAll(async () => {
  await db().$disconnect();
});

describe("tenant scope", () => {
  it("covers every model of the schema that holds tenant data", () => {
    const schema = readFileSync("prisma/schema.prisma", "utf8");
    const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].map(([, name, body]) => ({ name: name!, tenantOwned: /^\s+tenantId\s/m.test(body!) }));
    for (const m of models) {
      if (m.name === "Tenant") continue;
      if (m.tenantOwned) expect(TENANT_FIELD, `${m.name} holds tenantId but is not in TENANT_FIELD`).toHaveProperty(m.name, "tenantId");
      else expect(NOT_TENANT_DATA, `${m.name} is neither tenant data nor declared otherwise`).toContain(m.name);
    }
  });

  it("reads only the tenant's own rows", async () => {
    const scoped = tenantDb(a);
    expect((await scoped.syncRecord.findMany()).map((r) => r.tenantId)).toEqual([a]);
    expect(await scoped.syncRecord.count()).toBe(1);
    expect(await scoped.mapping.findFirst({ where: { tenantId: b } })).toBeNull();
    expect(await scoped.tenant.findUnique({ where: { id: b } })).toBeNull();
    expect((await scoped.tenant.findMany()).map((t) => t.id)).toEqual([a]);
  });

  it("cannot change or delete another tenant's rows, even naming them", async () => {
    const scoped = tenantDb(a);
    const theirs = await db().syncRecord.findFirstOrThrow({ where: { tenantId: b, sourceId: "2" } });
    expect((await scoped.syncRecord.updateMany({ where: { id: theirs.id }, data: { status: "FAILED" } })).count).toBe(0);
    expect((await scoped.syncRecord.deleteMany({ where: { tenantId: b } })).count).toBe(0);
    await expect(scoped.syncRecord.update({ where: { id: theirs.id }, data: { status: "FAILED" } })).rejects.toThrow();
    expect((await db().syncRecord.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("PENDING");
    expect(await db().syncRecord.count({ where: { tenantId: b } })).toBe(2);
  });

  it("stamps writes with the tenant and refuses writes that name another", async () => {
    const scoped = tenantDb(a);
    const created = await scoped.syncRecord.create({ data: { tenantId: a, flow: "INVENTORY", sourceId: "SKU-1" } });
    expect(created.tenantId).toBe(a);
    await expect(scoped.syncRecord.create({ data: { tenantId: b, flow: "INVENTORY", sourceId: "SKU-2" } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(scoped.syncRecord.updateMany({ where: {}, data: { tenantId: b } })).rejects.toBeInstanceOf(TenantScopeError);
    expect(await db().syncRecord.count({ where: { tenantId: b, flow: "INVENTORY" } })).toBe(0);
  });

  it("refuses to touch models that are not tenant data", async () => {
    await expect(tenantDb(a).oAuthState.findMany()).rejects.toBeInstanceOf(TenantScopeError);
  });
});
