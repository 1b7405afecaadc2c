import "server-only";
import { db as rootDb, type Db } from "@/lib/db";

// Every model that belongs to a tenant, and the field that says which. A model added to the schema
// with a tenantId must be listed here; a test compares this list with the schema.
export const TENANT_FIELD: Record<string, "tenantId" | "id"> = {
  Tenant: "id",
  MagentoConnection: "tenantId",
  TenantSettings: "tenantId",
  Mapping: "tenantId",
  SyncRecord: "tenantId",
  SyncRun: "tenantId",
  SyncCursor: "tenantId",
  WebhookSubscription: "tenantId",
  DiscoverySnapshot: "tenantId",
  BrightpearlProduct: "tenantId",
  CustomerLink: "tenantId",
  BrightpearlBudget: "tenantId",
  PendingProductChange: "tenantId",
  ProductChangeFlush: "tenantId",
  DriftReport: "tenantId",
  DriftItem: "tenantId",
  CatalogAuditRequest: "tenantId",
};

const FILTERED = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "delete",
  "deleteMany",
  "upsert",
]);

export class TenantScopeError extends Error {
  override name = "TenantScopeError";
}

function stamp(data: unknown, field: string, tenantId: string): unknown {
  if (Array.isArray(data)) return data.map((d) => stamp(d, field, tenantId));
  if (!data || typeof data !== "object") return data;
  const record = data as Record<string, unknown>;
  if (record[field] !== undefined && record[field] !== tenantId) throw new TenantScopeError(`refused: write to another tenant's ${field}`);
  // a nested connect to another tenant would bypass the field check
  if ("tenant" in record) throw new TenantScopeError("refused: relation writes to a tenant are not allowed in a tenant scope");
  return { ...record, [field]: tenantId };
}

/**
 * The database as one tenant sees it: every query on a tenant's model is filtered by that tenant,
 * every write is stamped with it, and a write naming another tenant is refused. Route handlers,
 * server actions and flows read and write tenant data only through this.
 */
export function tenantDb(tenantId: string, base: Db = rootDb()) {
  if (!tenantId) throw new TenantScopeError("a tenant scope needs a tenant id");
  return base.$extends({
    name: "tenant-scope",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const field = TENANT_FIELD[model];
          if (!field) throw new TenantScopeError(`model ${model} is not tenant data; use the root client deliberately`);
          const a = (args ?? {}) as Record<string, unknown>;
          if (FILTERED.has(operation)) {
            // AND, never overwrite: a query that names another tenant must match nothing.
            const where = (a.where ?? {}) as Record<string, unknown>;
            const and = Array.isArray(where.AND) ? where.AND : where.AND ? [where.AND] : [];
            a.where = { ...where, AND: [...and, { [field]: tenantId }] };
          }
          if (operation === "create" || operation === "createMany" || operation === "createManyAndReturn") {
            a.data = stamp(a.data, field, tenantId);
          }
          if (operation === "upsert") {
            a.create = stamp(a.create, field, tenantId);
          }
          if ((operation === "update" || operation === "updateMany" || operation === "upsert") && a.data) {
            const data = (operation === "upsert" ? a.update : a.data) as Record<string, unknown> | undefined;
            if (data && data[field] !== undefined && data[field] !== tenantId) throw new TenantScopeError(`refused: moving a row to another tenant`);
          }
          return query(a as typeof args);
        },
      },
    },
  });
}

export type TenantDb = ReturnType<typeof tenantDb>;
