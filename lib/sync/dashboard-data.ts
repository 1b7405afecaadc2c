import "server-only";
import type { TenantDb } from "@/lib/tenants/scope";
import { blockers, failures, type Blocker, type FailureGroup } from "./dashboard";

export type OrderRow = {
  sourceId: string;
  label: string;
  status: string;
  brightpearlOrderId: string | null;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
};

export type DashboardData = {
  blockers: Blocker[];
  failures: FailureGroup[];
  orders: OrderRow[];
  counts: { flow: string; status: string; count: number }[];
  generatedAt: string;
};

export async function dashboardData(scoped: TenantDb): Promise<DashboardData> {
  const [blocked, failed, orders, counts] = await Promise.all([
    blockers(scoped),
    failures(scoped),
    scoped.syncRecord.findMany({ where: { flow: "ORDERS" }, orderBy: { updatedAt: "desc" }, take: 50 }),
    scoped.syncRecord.groupBy({ by: ["flow", "status"], _count: { _all: true }, orderBy: [{ flow: "asc" }, { status: "asc" }] }),
  ]);
  return {
    blockers: blocked,
    failures: failed,
    orders: orders.map((r) => ({
      sourceId: r.sourceId,
      label: r.sourceLabel ?? `Magento order ${r.sourceId}`,
      status: r.status,
      brightpearlOrderId: r.targetId,
      attempts: r.attempts,
      lastError: r.lastError,
      updatedAt: r.updatedAt.toISOString(),
    })),
    counts: counts.map((c) => ({ flow: c.flow, status: c.status, count: c._count._all })),
    generatedAt: new Date().toISOString(),
  };
}
