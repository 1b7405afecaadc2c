import "server-only";
import type { TenantDb } from "@/lib/tenants/scope";
import { blockers, failures, FULFILMENT_FLOWS, retryTarget, type Blocker, type FailureGroup, type FulfilmentFlow } from "./dashboard";

export type OrderRow = {
  sourceId: string;
  label: string;
  status: string;
  brightpearlOrderId: string | null;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
};

/** A shipment, status write-back or refund: what happened to it, in the merchant's words. */
export type FulfilmentRow = {
  flow: FulfilmentFlow;
  sourceId: string;
  label: string;
  status: string;
  target: string | null;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
  retryable: boolean;
};

export type DashboardData = {
  blockers: Blocker[];
  failures: FailureGroup[];
  orders: OrderRow[];
  fulfilment: FulfilmentRow[];
  counts: { flow: string; status: string; count: number }[];
  generatedAt: string;
};

const RETRYABLE = new Set(["FAILED", "BLOCKED", "RETRYING"]);

export async function dashboardData(scoped: TenantDb): Promise<DashboardData> {
  const [blocked, failed, orders, fulfilment, counts] = await Promise.all([
    blockers(scoped),
    failures(scoped),
    scoped.syncRecord.findMany({ where: { flow: "ORDERS" }, orderBy: { updatedAt: "desc" }, take: 50 }),
    // The orders flow's own status records (keyed by Magento order id) are not write-backs.
    scoped.syncRecord.findMany({
      where: { OR: [{ flow: { in: ["SHIPMENTS", "REFUNDS"] } }, { flow: "ORDER_STATUS", sourceId: { startsWith: "to-magento:" } }] },
      orderBy: { updatedAt: "desc" },
      take: 50,
    }),
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
    fulfilment: fulfilment.flatMap((r) => {
      if (!FULFILMENT_FLOWS.includes(r.flow as FulfilmentFlow)) return [];
      const flow = r.flow as FulfilmentFlow;
      return [
        {
          flow,
          sourceId: r.sourceId,
          label: r.sourceLabel ?? r.sourceId,
          status: r.status,
          target: r.targetId,
          attempts: r.attempts,
          lastError: r.lastError,
          updatedAt: r.updatedAt.toISOString(),
          retryable: RETRYABLE.has(r.status) && retryTarget(flow, r.sourceId) !== undefined,
        },
      ];
    }),
    counts: counts.map((c) => ({ flow: c.flow, status: c.status, count: c._count._all })),
    generatedAt: new Date().toISOString(),
  };
}
