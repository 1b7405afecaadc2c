import "server-only";
import type { TenantDb } from "@/lib/tenants/scope";
import { orderOfStatusSourceId } from "./shipments/linked-order";
import { noteOfSourceId } from "./shipments/sweep";

// What the dashboard shows: every problem once, in plain words, with where to fix it and how many
// records it holds up; and the latest records of each flow.

export type Blocker = { key: string; title: string; fixHref: string; count: number; example?: string };

const KIND_TEXT: Record<string, (key: string) => { title: string; fixHref: string }> = {
  "store-view": (k) => ({ title: `Magento store view "${k}" has no Brightpearl channel and price list`, fixHref: "/onboarding/mappings" }),
  "order-status-in": (k) => ({ title: `Magento status "${k}" is not mapped to a Brightpearl status`, fixHref: "/onboarding/mappings" }),
  "shipping-method": (k) => ({ title: `Magento shipping method "${k}" has no Brightpearl shipping method`, fixHref: "/onboarding/mappings" }),
  "payment-method": (k) => ({ title: `Magento payment method "${k}" has no Brightpearl payment method`, fixHref: "/onboarding/mappings" }),
  "tax-rate": (k) => ({ title: `Tax rate ${k}% has no Brightpearl tax code`, fixHref: "/onboarding/mappings" }),
  "source-warehouses": (k) => ({ title: `Magento source "${k}" has no Brightpearl warehouse`, fixHref: "/onboarding/mappings" }),
  setting: (k) => ({
    title: k === "go-live" ? "No go-live date is set" : k === "guest-contact" ? "Guest orders go to one contact, but none is chosen" : `The setting "${k}" is missing`,
    fixHref: "/onboarding/go-live",
  }),
  connection: (k) => ({ title: k === "magento" ? "Magento refuses the connector's credentials" : "Brightpearl is disconnected", fixHref: k === "magento" ? "/onboarding/magento" : "/settings" }),
};

export function describeBlocker(key: string): { title: string; fixHref: string } {
  const [kind, ...rest] = key.split(":");
  const value = rest.join(":");
  return KIND_TEXT[kind ?? ""]?.(value) ?? { title: key, fixHref: "/onboarding" };
}

/** Blocked records grouped by what blocks them: one item per thing to fix, largest first. */
export async function blockers(scoped: TenantDb): Promise<Blocker[]> {
  const rows = await scoped.syncRecord.findMany({ where: { status: "BLOCKED" }, select: { blockedBy: true, sourceLabel: true, sourceId: true } });
  const groups = new Map<string, Blocker>();
  for (const row of rows) {
    for (const key of row.blockedBy.length ? row.blockedBy : ["unknown"]) {
      const group = groups.get(key) ?? { key, ...describeBlocker(key), count: 0, example: row.sourceLabel ?? row.sourceId };
      group.count++;
      groups.set(key, group);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

export type FailureGroup = { kind: string; count: number; latestError: string | null };

export async function failures(scoped: TenantDb): Promise<FailureGroup[]> {
  const rows = await scoped.syncRecord.groupBy({ by: ["lastErrorKind"], where: { status: "FAILED" }, _count: { _all: true } });
  const out: FailureGroup[] = [];
  for (const row of rows) {
    const latest = await scoped.syncRecord.findFirst({ where: { status: "FAILED", lastErrorKind: row.lastErrorKind }, orderBy: { updatedAt: "desc" }, select: { lastError: true } });
    out.push({ kind: row.lastErrorKind ?? "unknown", count: row._count._all, latestError: latest?.lastError ?? null });
  }
  return out.sort((a, b) => b.count - a.count);
}

export const FULFILMENT_FLOWS = ["SHIPMENTS", "ORDER_STATUS", "REFUNDS"] as const;
export type FulfilmentFlow = (typeof FULFILMENT_FLOWS)[number];

/** What a Retry on a fulfilment record queues again: the event its flow starts from. */
export type RetryTarget =
  | { flow: "SHIPMENTS"; kind: "goods-out" | "drop-ship"; noteId: number }
  | { flow: "ORDER_STATUS"; orderId: number }
  | { flow: "REFUNDS"; creditMemoId: number };

export function retryTarget(flow: FulfilmentFlow, sourceId: string): RetryTarget | undefined {
  if (flow === "SHIPMENTS") {
    const note = noteOfSourceId(sourceId);
    return note ? { flow, kind: note.kind, noteId: note.id } : undefined;
  }
  if (flow === "ORDER_STATUS") {
    const orderId = orderOfStatusSourceId(sourceId);
    return orderId === undefined ? undefined : { flow, orderId };
  }
  return /^\d+$/.test(sourceId) ? { flow, creditMemoId: Number(sourceId) } : undefined;
}
