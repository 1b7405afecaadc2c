import "server-only";
import { cancelledStatusId } from "@/lib/sync/orders/status";
import { claim, fail, findRecord, succeed } from "@/lib/sync/records";
import { recordFailure } from "@/lib/sync/failure";
import { linkedMagentoOrder, rememberMagentoStatus, statusBaseline, statusSourceId } from "@/lib/sync/shipments/linked-order";
import { mergeProgress } from "@/lib/sync/progress";
import { fetchFulfilmentOrder, type FulfilmentOrder } from "@/lib/sync/shipments/magento-fulfilment";
import type { FulfilmentDeps } from "@/lib/sync/shipments/ship";
import { loadMappings, type MappingSet } from "@/lib/tenants/mappings";
import { loadSetup } from "@/lib/tenants/settings";
import { fetchOrderStates, type OrderState } from "./brightpearl-order-state";
import { statusAfter } from "./expected-status";
import { addOrderComment, cancelMagentoOrder, currentStatus, findInvoiceByMarker, invoiceOffline, mayInvoice } from "./magento-order-actions";

// A Brightpearl order's life written back to its Magento order: a mapped status change becomes
// that Magento status with a comment; the cancelled status cancels the Magento order when Magento
// allows it (otherwise the order gets a comment and the merchant a flag); an invoice in Brightpearl
// invoices the Magento order offline when the merchant asked for it. One sync record per Brightpearl
// order ("to-magento:<id>"), apart from the orders flow's records of Magento's status changes.

export type StatusOutcome =
  | { status: "flow-off" | "not-ours" | "not-found" | "unchanged" | "in-progress" }
  | { status: "done"; actions: string[] }
  | { status: "refused" | "failed" | "blocked"; message: string };

type Progress = { lastStatusId?: number; invoiced?: boolean; invoiceStarted?: boolean; invoiceId?: number };

export { statusSourceId };

const invoiceMarker = (brightpearlOrderId: number) => new RegExp(`Brightpearl order ${brightpearlOrderId} (?:was )?invoiced`);

/** Only an exact mapping writes a status back: a "*" default would rewrite every order on every change. */
const mappedStatus = (mappings: MappingSet, statusId: number) => mappings["order-status-out"].get(String(statusId))?.target.status;

export async function followBrightpearlOrder(deps: FulfilmentDeps, brightpearlOrderId: number, known?: OrderState): Promise<StatusOutcome> {
  const { scoped, tenant } = deps;
  const setup = await loadSetup(scoped);
  // Statuses travel back to Magento with the shipments flow; switched off, nothing is written.
  if (!setup.flows.shipments) return { status: "flow-off" };
  const linked = await linkedMagentoOrder(scoped, brightpearlOrderId);
  if (!linked) return { status: "not-ours" };
  const state = known ?? (await fetchOrderStates(deps.brightpearl, [brightpearlOrderId])).get(brightpearlOrderId);
  if (!state) return { status: "not-found" };

  const key = { tenantId: tenant.id, flow: "ORDER_STATUS" as const, sourceId: statusSourceId(brightpearlOrderId) };
  const before = (await findRecord(scoped, key))?.progress as Progress | null;
  const statusChanged = state.statusId !== statusBaseline(before, linked.record.progress);
  const invoiceDue = setup.options.invoiceWhenBrightpearlInvoices && state.invoiced && !before?.invoiced;
  if (!statusChanged && !invoiceDue) return { status: "unchanged" };

  const label = `Brightpearl order ${brightpearlOrderId} → Magento ${linked.record.sourceLabel ?? `order ${linked.magentoOrderId}`}`;
  if (!(await claim(scoped, key, label))) return { status: "in-progress" };
  let progress: Progress = { ...(before ?? {}) };
  const save = async (patch: Progress) => {
    progress = { ...progress, ...patch };
    await mergeProgress(scoped, key, patch);
  };
  const remember = (status: string | undefined) => rememberMagentoStatus(scoped, tenant.id, linked.magentoOrderId, status);
  /** The orders flow learns the status first; if the write fails it is told the old one again. */
  const writing = async <T>(status: string, previous: string, write: () => Promise<T>): Promise<T> => {
    await remember(status);
    try {
      return await write();
    } catch (error) {
      await remember(previous);
      throw error;
    }
  };

  try {
    const actions: string[] = [];
    let refused: string | undefined;
    const target = statusChanged ? mappedStatus(await loadMappings(scoped), state.statusId) : undefined;
    const cancelling = statusChanged && (target === "canceled" || state.statusId === (await cancelledStatusId(deps)));
    if (statusChanged && !target && !cancelling && !invoiceDue) {
      // Nothing of it goes to Magento: remember it as seen, without asking Magento anything.
      await save({ lastStatusId: state.statusId });
      await succeed(scoped, key, { targetId: String(linked.magentoOrderId), response: { statusId: state.statusId, invoiced: progress.invoiced ?? false, actions } });
      return { status: "done", actions };
    }
    let order = await fetchFulfilmentOrder(deps.magento, linked.magentoOrderId);

    if (statusChanged) {
      if (cancelling) {
        if (order.state !== "canceled") {
          const previous = currentStatus(order);
          if (await writing("canceled", previous, () => cancelMagentoOrder(deps.magento, order.entity_id))) {
            await addOrderComment(deps.magento, order.entity_id, { comment: `Cancelled: Brightpearl order ${brightpearlOrderId} was cancelled.`, status: "canceled" });
            actions.push("cancelled");
          } else {
            await remember(previous);
            await addOrderComment(deps.magento, order.entity_id, {
              comment: `Brightpearl order ${brightpearlOrderId} was cancelled, but Magento cannot cancel this order (it is invoiced, shipped or on hold). Refund or close it here.`,
              status: previous,
            });
            refused = `Brightpearl order ${brightpearlOrderId} was cancelled, but Magento would not cancel order #${order.increment_id}: it is invoiced, shipped or on hold. Refund or close it in Magento yourself.`;
          }
        }
      } else if (target && target !== currentStatus(order)) {
        await writing(target, currentStatus(order), () =>
          addOrderComment(deps.magento, order.entity_id, { comment: `Brightpearl: ${state.statusName || `status ${state.statusId}`}.`, status: target }),
        );
        actions.push(`status ${target}`);
      }
      await save({ lastStatusId: state.statusId });
    }

    if (invoiceDue && !refused) {
      if (actions.length) order = await fetchFulfilmentOrder(deps.magento, linked.magentoOrderId);
      actions.push(await invoice(deps, order, brightpearlOrderId, state, progress, save, remember));
    }

    if (refused) {
      await fail(scoped, key, { kind: "rejected", message: refused }, false);
      return { status: "refused", message: refused };
    }
    await succeed(scoped, key, { targetId: String(linked.magentoOrderId), response: { statusId: state.statusId, invoiced: progress.invoiced ?? false, actions } });
    return { status: "done", actions };
  } catch (error) {
    return recordFailure(scoped, key, error);
  }
}

async function invoice(
  deps: FulfilmentDeps,
  order: FulfilmentOrder,
  brightpearlOrderId: number,
  state: OrderState,
  progress: Progress,
  save: (p: Progress) => Promise<void>,
  remember: (status: string | undefined) => Promise<void>,
): Promise<string> {
  if (progress.invoiceStarted && progress.invoiceId === undefined) {
    const found = await findInvoiceByMarker(deps.magento, order.entity_id, invoiceMarker(brightpearlOrderId));
    if (found !== undefined) {
      await save({ invoiced: true, invoiceId: found });
      return "invoiced";
    }
  }
  if (!mayInvoice(order)) {
    await save({ invoiced: true });
    return "nothing to invoice";
  }
  const previous = currentStatus(order);
  await save({ invoiceStarted: true });
  await remember(statusAfter(order, { invoicedAll: true }));
  let invoiceId: number | undefined;
  try {
    const reference = state.invoiceReference ? ` (${state.invoiceReference})` : "";
    invoiceId = await invoiceOffline(deps.magento, order.entity_id, `Brightpearl order ${brightpearlOrderId} invoiced${reference}; no payment was captured.`);
  } catch (error) {
    await remember(previous);
    throw error;
  }
  await remember(currentStatus(await fetchFulfilmentOrder(deps.magento, order.entity_id)));
  await save({ invoiced: true, ...(invoiceId !== undefined ? { invoiceId } : {}) });
  return invoiceId === undefined ? "nothing to invoice" : "invoiced";
}
