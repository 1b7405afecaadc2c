import "server-only";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import type { MagentoClient } from "@/lib/magento/client";
import { blockersOf, recordFailure, TransientSyncError } from "@/lib/sync/failure";
import { productsForSkus } from "@/lib/sync/products/product-cache";
import { block, claim, fail, findRecord, saveProgress, skip, succeed } from "@/lib/sync/records";
import type { TenantDb } from "@/lib/tenants/scope";
import { existingPayments, findOrderByExternalRef, paymentKey, postPayment, postSalesOrder } from "./brightpearl-orders";
import { planContext } from "./context";
import { contactFor, createContact, searchContact } from "./customers";
import { magentoOrder, type MagentoOrder } from "./magento-order";
import { planOrder, salesOrderBody, type CustomerDraft } from "./plan";

// Importing one Magento order into Brightpearl, exactly once. Every step that creates something in
// Brightpearl is recorded first as started and then as done (SyncRecord.progress), so a retry
// resumes where the last attempt stopped; a sales-order POST that may have reached Brightpearl
// without our record of it is found again by its externalRef before anything is posted twice.

export type ImportDeps = {
  scoped: TenantDb;
  tenant: { id: string; installationInstanceId: string };
  magento: MagentoClient;
  brightpearl: BrightpearlClient;
  /** installation ids of earlier installs of the app in this account (their orders count too) */
  previousInstallationIds?: number[];
  now?: Date;
};

export type ImportOutcome =
  | { status: "imported" | "already-imported"; orderId: number }
  | { status: "skipped"; reason: string }
  | { status: "blocked" | "failed"; message: string }
  | { status: "in-progress" };

type Progress = {
  customerId?: number;
  orderPostStarted?: boolean;
  orderId?: number;
  paymentsStarted?: string[];
  paymentsDone?: string[];
  /** the Magento status last seen, for status changes after import */
  magentoStatus?: string;
  /** the Brightpearl status the order was given, and since then the last one the orders flow set */
  brightpearlStatusId?: number;
};

export async function fetchMagentoOrder(magento: MagentoClient, orderId: number): Promise<MagentoOrder> {
  return magento.get(`/V1/orders/${orderId}`, magentoOrder);
}

async function resolveCustomer(deps: ImportDeps, customer: CustomerDraft): Promise<number> {
  if (customer.fixedContactId) return customer.fixedContactId;
  return contactFor(deps.scoped, deps.tenant.id, customer.email, async () => (await searchContact(deps.brightpearl, customer.email)) ?? (await createContact(deps.brightpearl, customer)));
}

export async function importOrder(deps: ImportDeps, magentoOrderId: number): Promise<ImportOutcome> {
  const { scoped, tenant } = deps;
  const key = { tenantId: tenant.id, flow: "ORDERS" as const, sourceId: String(magentoOrderId) };
  const existing = await findRecord(scoped, key);
  if (existing?.status === "SUCCEEDED" && existing.targetId) return { status: "already-imported", orderId: Number(existing.targetId) };
  if (!(await claim(scoped, key))) return { status: "in-progress" };
  const record = (await findRecord(scoped, key))!;
  let progress = (record.progress ?? {}) as Progress;
  const save = async (patch: Progress, targetId?: number) => {
    progress = { ...progress, ...patch };
    await saveProgress(scoped, key, progress, targetId === undefined ? {} : { targetId: String(targetId) });
  };

  try {
    const order = await fetchMagentoOrder(deps.magento, magentoOrderId);
    await scoped.syncRecord.update({ where: { tenantId_flow_sourceId: key }, data: { sourceLabel: `#${order.increment_id}` } });
    const products = await productsForSkus(deps.brightpearl, scoped, tenant.id, order.items.map((i) => i.sku));
    const plan = planOrder(order, await planContext(scoped, tenant, products, deps.now));

    if (plan.outcome === "skip") {
      await skip(scoped, key, `Not imported: ${plan.reason}.`);
      return { status: "skipped", reason: plan.reason };
    }
    if (plan.outcome === "blocked") {
      const message = plan.issues.map((i) => i.message).join(" ");
      const by = blockersOf(plan.issues);
      if (by.length) await block(scoped, key, message, by);
      else await fail(scoped, key, { kind: "data-invalid", message }, false);
      return { status: by.length ? "blocked" : "failed", message };
    }
    if (plan.outcome === "invalid") {
      const message = plan.issues.map((i) => i.message).join(" ");
      await fail(scoped, key, { kind: "data-invalid", message }, false);
      return { status: "failed", message };
    }

    const customerId = progress.customerId ?? (await resolveCustomer(deps, plan.customer));
    if (progress.customerId === undefined) await save({ customerId });

    const body = salesOrderBody(plan.order, customerId);
    const installations = [plan.order.installedIntegrationInstanceId, ...(deps.previousInstallationIds ?? [])];
    let orderId = progress.orderId;
    if (orderId === undefined && progress.orderPostStarted) orderId = await findOrderByExternalRef(deps.brightpearl, plan.order.externalRef, installations);
    if (orderId === undefined) {
      await save({ orderPostStarted: true });
      try {
        orderId = await postSalesOrder(deps.brightpearl, body);
      } catch (error) {
        // Already there (our record of an earlier POST was lost): link it instead.
        const duplicate = error instanceof BrightpearlError && error.kind === "invalid" && /already exists/i.test(error.message);
        const found = duplicate ? await findOrderByExternalRef(deps.brightpearl, plan.order.externalRef, installations) : undefined;
        if (found === undefined) throw error;
        orderId = found;
      }
      await save({ orderId }, orderId);
    }

    const done = new Set(progress.paymentsDone ?? []);
    let recorded: Set<string> | undefined;
    for (const payment of plan.payments) {
      const k = paymentKey(payment);
      if (done.has(k)) continue;
      if (progress.paymentsStarted?.includes(k)) {
        recorded ??= await existingPayments(deps.brightpearl, orderId);
        if (recorded.has(k)) {
          done.add(k);
          await save({ paymentsDone: [...done] });
          continue;
        }
      }
      await save({ paymentsStarted: [...new Set([...(progress.paymentsStarted ?? []), k])] });
      await postPayment(deps.brightpearl, orderId, payment);
      done.add(k);
      await save({ paymentsDone: [...done] });
    }

    // The statuses flow measures Brightpearl's first status change from here: the request payload
    // that also holds it is cleared by history retention.
    await save({ magentoStatus: order.status, brightpearlStatusId: plan.order.statusId });
    await succeed(scoped, key, { targetId: String(orderId), request: body, response: { orderId, payments: plan.payments.length, warnings: plan.warnings.map((w) => w.message) } });
    return { status: "imported", orderId };
  } catch (error) {
    return recordFailure(scoped, key, error);
  }
}
