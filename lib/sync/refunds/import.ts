import "server-only";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { parseMagentoDateTime } from "@/lib/magento/search-criteria";
import { blockersOf, recordFailure } from "@/lib/sync/failure";
import { loadDiscoveries } from "@/lib/sync/orders/context";
import { block, claim, fail, findRecord, saveProgress, skip, succeed } from "@/lib/sync/records";
import { fetchFulfilmentOrder } from "@/lib/sync/shipments/magento-fulfilment";
import { fetchSalesOrder } from "@/lib/sync/shipments/sales-order";
import type { FulfilmentDeps } from "@/lib/sync/shipments/ship";
import { loadMappings } from "@/lib/tenants/mappings";
import { loadSetup } from "@/lib/tenants/settings";
import { findCreditByExternalRef, postRefundPayment, postSalesCredit, refundPaymentRecorded } from "./brightpearl-credits";
import { fetchCreditMemo } from "./magento-creditmemos";
import { planCredit } from "./plan";
import { restockCredit, restockReference, restockRefusal, type RestockOutcome } from "./restock";

// One Magento credit memo becomes one Brightpearl sales credit with its refund, exactly once. As in
// the orders import, each write is recorded as started and then as done, and a write that may have
// reached Brightpearl without our record of it is looked up before it is made again. A credit memo
// for an order the connector never imported is flagged and waits for the order; nothing is guessed.

export type RefundOutcome =
  | { status: "imported" | "already-imported"; creditId: number }
  | { status: "skipped"; reason: string }
  | { status: "waiting-for-order" | "blocked" | "failed"; message: string }
  | { status: "in-progress" | "flow-off" };

type Progress = {
  magentoOrderId?: number;
  /** the Magento order this credit memo waits for, until the orders flow imports it */
  waitingForOrder?: number;
  creditPostStarted?: boolean;
  creditId?: number;
  paymentStarted?: boolean;
  paymentDone?: boolean;
  restockStarted?: boolean;
  restockDone?: boolean;
  /** what booking the returned goods back in came to */
  restock?: RestockOutcome;
};

export async function importCreditMemo(deps: FulfilmentDeps, creditMemoId: number): Promise<RefundOutcome> {
  const { scoped, tenant } = deps;
  const key = { tenantId: tenant.id, flow: "REFUNDS" as const, sourceId: String(creditMemoId) };
  const existing = await findRecord(scoped, key);
  if (existing?.status === "SUCCEEDED" && existing.targetId) return { status: "already-imported", creditId: Number(existing.targetId) };
  // A queued credit memo may outlive the merchant switching refunds off: nothing is written then.
  const setup = await loadSetup(scoped);
  if (!setup.flows.refunds) return { status: "flow-off" };
  if (!(await claim(scoped, key, `Credit memo ${creditMemoId}`))) return { status: "in-progress" };
  let progress = ((await findRecord(scoped, key))?.progress ?? {}) as Progress;
  const save = async (patch: Progress, targetId?: number) => {
    progress = { ...progress, ...patch };
    await saveProgress(scoped, key, progress, targetId === undefined ? {} : { targetId: String(targetId) });
  };

  try {
    const memo = await fetchCreditMemo(deps.magento, creditMemoId);
    const number = memo.increment_id ?? String(memo.entity_id);
    const imported = await findRecord(scoped, { tenantId: tenant.id, flow: "ORDERS", sourceId: String(memo.order_id) });
    const orderLabel = imported?.sourceLabel ? `Magento order ${imported.sourceLabel}` : `Magento order ${memo.order_id}`;
    await scoped.syncRecord.update({ where: { tenantId_flow_sourceId: key }, data: { sourceLabel: `Credit memo #${number} (${orderLabel})` } });

    if (imported?.status === "SKIPPED") {
      const reason = `Not recorded: ${orderLabel} was not imported into Brightpearl${imported.lastError ? ` (${imported.lastError.replace(/\.$/, "")})` : ""}.`;
      await skip(scoped, key, reason);
      return { status: "skipped", reason };
    }
    if (imported?.status !== "SUCCEEDED" || !imported.targetId) {
      const placed = imported ? undefined : (await fetchFulfilmentOrder(deps.magento, memo.order_id)).created_at;
      if (placed && setup.goLiveAt && parseMagentoDateTime(placed) < setup.goLiveAt) {
        // The orders flow never imports an order placed before go-live: waiting would be forever.
        const message = `${orderLabel} was placed before go-live, so it is not in Brightpearl and credit memo #${number} cannot be linked to it. Enter this refund in Brightpearl by hand.`;
        await save({ magentoOrderId: memo.order_id, waitingForOrder: undefined });
        await fail(scoped, key, { kind: "data-invalid", message }, false);
        return { status: "failed", message };
      }
      const message = `${orderLabel} is not in Brightpearl (it has not been imported), so credit memo #${number} cannot be linked to it. The refund is recorded once the order is imported.`;
      await save({ magentoOrderId: memo.order_id, waitingForOrder: memo.order_id });
      await fail(scoped, key, { kind: "not-found", message }, false);
      return { status: "waiting-for-order", message };
    }
    const brightpearlOrderId = Number(imported.targetId);
    if (progress.waitingForOrder !== undefined) await save({ waitingForOrder: undefined });

    const [order, original] = await Promise.all([fetchFulfilmentOrder(deps.magento, memo.order_id), fetchSalesOrder(deps.brightpearl, brightpearlOrderId)]);
    if (!original) {
      const message = `Brightpearl has no sales order ${brightpearlOrderId} any more, so credit memo #${number} cannot be linked to it.`;
      await fail(scoped, key, { kind: "not-found", message }, false);
      return { status: "failed", message };
    }
    const [mappings, discoveries] = await Promise.all([loadMappings(scoped), loadDiscoveries(scoped)]);
    const plan = planCredit(memo, order, original, {
      installationInstanceId: Number(tenant.installationInstanceId),
      mappings,
      options: setup.options,
      zeroTaxCode: discoveries.brightpearl?.taxCodes.find((t) => (t.rate ?? 0) === 0)?.code,
    });
    if (plan.outcome === "blocked") {
      const message = plan.issues.map((i) => i.message).join(" ");
      await block(scoped, key, message, blockersOf(plan.issues));
      return { status: "blocked", message };
    }
    if (plan.outcome === "invalid") {
      await fail(scoped, key, { kind: "data-invalid", message: plan.message }, false);
      return { status: "failed", message: plan.message };
    }

    const installations = [Number(tenant.installationInstanceId), ...(deps.previousInstallationIds ?? [])];
    let creditId = progress.creditId;
    if (creditId === undefined && progress.creditPostStarted) creditId = await findCreditByExternalRef(deps.brightpearl, plan.externalRef, installations);
    if (creditId === undefined) {
      await save({ magentoOrderId: memo.order_id, creditPostStarted: true });
      try {
        creditId = await postSalesCredit(deps.brightpearl, plan.body);
      } catch (error) {
        // Already there (our record of an earlier POST was lost): link it instead.
        const duplicate = error instanceof BrightpearlError && error.kind === "invalid" && /already exists/i.test(error.message);
        const found = duplicate ? await findCreditByExternalRef(deps.brightpearl, plan.externalRef, installations) : undefined;
        if (found === undefined) throw error;
        creditId = found;
      }
    }
    if (progress.creditId === undefined) await save({ creditId }, creditId);

    if (plan.payment && !progress.paymentDone) {
      const recorded = progress.paymentStarted ? await refundPaymentRecorded(deps.brightpearl, creditId, plan.payment) : false;
      if (!recorded) {
        await save({ paymentStarted: true });
        await postRefundPayment(deps.brightpearl, creditId, plan.payment);
      }
      await save({ paymentDone: true });
    }

    if (setup.options.restockRefunds && !progress.restockDone) {
      try {
        const restock = await restockCredit({
          client: deps.brightpearl,
          scoped,
          tenantId: tenant.id,
          creditId,
          reference: restockReference(number, creditId),
          started: progress.restockStarted === true,
          markStarted: () => save({ restockStarted: true }),
          notStockTracked: async (productIds) =>
            new Set((await scoped.brightpearlProduct.findMany({ where: { productId: { in: productIds }, stockTracked: false }, select: { productId: true } })).map((p) => p.productId)),
        });
        await save({ restockDone: true, restock });
      } catch (error) {
        const reason = restockRefusal(error);
        if (reason === undefined) throw error;
        const message = `Sales credit ${creditId} and its refund are in Brightpearl, but the returned items could not be booked back into stock (${reason}). Book them in on the sales credit in Brightpearl, or switch off "Return refunded items to stock" in Settings, then retry.`;
        await fail(scoped, key, { kind: "rejected", message }, false);
        return { status: "failed", message };
      }
    }

    const response = { creditId, refunded: plan.payment?.amount ?? "0", restock: progress.restock ?? { status: "off" } };
    await succeed(scoped, key, { targetId: String(creditId), request: plan.body, response });
    return { status: "imported", creditId };
  } catch (error) {
    return recordFailure(scoped, key, error);
  }
}
