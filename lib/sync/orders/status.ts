import "server-only";
import { z } from "zod";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { classify, TRANSIENT } from "@/lib/sync/classify";
import { fail, findRecord, succeed, beginAttempt } from "@/lib/sync/records";
import { rememberBrightpearlStatus } from "@/lib/sync/shipments/linked-order";
import { mergeProgress } from "@/lib/sync/progress";
import { loadMappings, resolve } from "@/lib/tenants/mappings";
import { setOrderStatus } from "./brightpearl-orders";
import { loadDiscoveries } from "./context";
import { fetchMagentoOrder, type ImportDeps } from "./import";
import { TransientSyncError } from "@/lib/sync/failure";

// Changes after import: a Magento status change is written to the Brightpearl order when the
// merchant mapped that status; a cancellation sets Brightpearl's cancelled status, which
// Brightpearl refuses once the order is shipped, invoiced or paid — then the merchant is told.

export type StatusOutcome = "unchanged" | "updated" | "not-mapped" | "refused" | "not-imported";

const isCancellation = (status: string | undefined, state: string | undefined) => status === "canceled" || state === "canceled";

const statusList = z.array(z.object({ statusId: z.number().int(), name: z.string(), orderTypeCode: z.string().optional(), state: z.string().optional() }).loose());

/** Brightpearl's cancelled sales-order status: from the last discovery, else asked for. */
export async function cancelledStatusId(deps: ImportDeps): Promise<number | undefined> {
  const isCancelled = (s: { name: string; state?: string }) => s.state === "cancelled" || /cancel/i.test(s.name);
  const { brightpearl } = await loadDiscoveries(deps.scoped);
  const known = brightpearl?.orderStatuses.find(isCancelled)?.id;
  if (known !== undefined) return known;
  const live = await deps.brightpearl.get("/order-service/order-status", statusList);
  return live.find((s) => (s.orderTypeCode ?? "SO") === "SO" && isCancelled(s))?.statusId;
}

export async function followStatus(deps: ImportDeps, magentoOrderId: number): Promise<StatusOutcome> {
  const { scoped, tenant } = deps;
  const orderKey = { tenantId: tenant.id, flow: "ORDERS" as const, sourceId: String(magentoOrderId) };
  const imported = await findRecord(scoped, orderKey);
  if (imported?.status !== "SUCCEEDED" || !imported.targetId) return "not-imported";
  const progress = (imported.progress ?? {}) as Record<string, unknown>;
  const order = await fetchMagentoOrder(deps.magento, magentoOrderId);
  if ((progress.magentoStatus ?? undefined) === order.status) return "unchanged";
  const remember = () => mergeProgress(scoped, orderKey, { magentoStatus: order.status ?? null });

  const mappings = await loadMappings(scoped);
  const mapped = resolve(mappings, "order-status-in", order.status ?? "");
  let statusId = mapped && "statusId" in mapped.target && mapped.sourceKey !== "*" ? mapped.target.statusId : undefined;
  const cancelling = isCancellation(order.status, order.state);
  if (cancelling && statusId === undefined) statusId = await cancelledStatusId(deps);
  if (statusId === undefined) {
    await remember();
    return "not-mapped";
  }

  const key = { tenantId: tenant.id, flow: "ORDER_STATUS" as const, sourceId: String(magentoOrderId) };
  await beginAttempt(scoped, key, `#${order.increment_id} → ${order.status}`);
  const orderId = Number(imported.targetId);
  try {
    await setOrderStatus(deps.brightpearl, orderId, statusId, `Magento order #${order.increment_id} is now "${order.status}".`);
    await rememberBrightpearlStatus(scoped, tenant.id, { magentoOrderId, brightpearlOrderId: orderId }, statusId);
    await succeed(scoped, key, { targetId: String(orderId), request: { orderStatusId: statusId } });
    await remember();
    return "updated";
  } catch (error) {
    if (error instanceof BrightpearlError && error.kind === "invalid") {
      const message = cancelling
        ? `Magento order #${order.increment_id} was cancelled, but Brightpearl would not cancel order ${orderId}: it has been shipped, invoiced or paid. Cancel it in Brightpearl yourself (refund the payment first).`
        : `Brightpearl would not set order ${orderId} to the status mapped for "${order.status}": ${error.message}`;
      await fail(scoped, key, { kind: "rejected", message }, false);
      await remember();
      return "refused";
    }
    const failure = classify(error);
    await fail(scoped, key, failure, TRANSIENT.has(failure.kind));
    if (TRANSIENT.has(failure.kind)) throw new TransientSyncError(failure.message, failure.retryAfterMs);
    throw error;
  }
}
