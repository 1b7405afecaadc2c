import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { searchAll, searchPage } from "@/lib/brightpearl/search";
import type { PaymentDraft } from "./plan";

// The Brightpearl side of an order import: the lookup that makes a retried POST safe, the atomic
// sales-order POST, customer payments, and status changes.

const orderRow = z
  .object({
    orderId: z.number().int(),
    externalRef: z.string().nullable().optional(),
    installedIntegrationInstanceId: z.number().int().nullable().optional(),
    orderTypeId: z.number().int().optional(),
  })
  .loose();

/**
 * The sales order already created for a Magento order, found by its externalRef and our
 * installation (externalRef + installedIntegrationInstanceId is Brightpearl's unique key).
 * `previousInstances` covers orders created before a reinstall gave a new installation id.
 */
export async function findOrderByExternalRef(client: BrightpearlClient, externalRef: string, installationIds: number[]): Promise<number | undefined> {
  const page = await searchPage(client, "/order-service/order-search", orderRow, { externalRef, orderTypeId: 1, columns: "orderId,externalRef,installedIntegrationInstanceId,orderTypeId" }, { pageSize: 50 });
  const mine = page.rows.filter((r) => r.externalRef === externalRef && r.installedIntegrationInstanceId !== null && installationIds.includes(r.installedIntegrationInstanceId!));
  return mine.sort((a, b) => a.orderId - b.orderId)[0]?.orderId;
}

export const postSalesOrder = (client: BrightpearlClient, body: unknown) => client.post("/order-service/sales-order", body, z.number().int());

const paymentRow = z.object({ paymentId: z.number().int(), transactionRef: z.string().nullable().optional(), paymentMethodCode: z.string().nullable().optional(), paymentType: z.string().nullable().optional() }).loose();

/** The payments already recorded against an order, keyed by method and reference (their unique key). */
export async function existingPayments(client: BrightpearlClient, orderId: number): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const row of searchAll(client, "/accounting-service/customer-payment-search", paymentRow, { orderId })) {
    keys.add(`${row.paymentMethodCode}|${row.transactionRef}`);
  }
  return keys;
}

export const paymentKey = (p: Pick<PaymentDraft, "paymentMethodCode" | "transactionRef">) => `${p.paymentMethodCode}|${p.transactionRef}`;

export function postPayment(client: BrightpearlClient, orderId: number, p: PaymentDraft) {
  const amount = Number(p.amount);
  return client.post(
    "/accounting-service/customer-payment",
    {
      transactionRef: p.transactionRef,
      transactionCode: p.transactionCode,
      paymentMethodCode: p.paymentMethodCode,
      paymentType: p.paymentType,
      orderId,
      currencyIsoCode: p.currencyIsoCode,
      paymentDate: p.paymentDate,
      journalRef: p.journalRef,
      ...(p.paymentType === "AUTH" ? { amountAuthorized: amount, authorizationExpiry: p.authorizationExpiry } : { amountPaid: amount }),
    },
    z.number().int(),
  );
}

export const setOrderStatus = (client: BrightpearlClient, orderId: number, statusId: number, note: string) =>
  client.put(`/order-service/order/${orderId}/status`, { orderStatusId: statusId, orderNote: { text: note, isPublic: false } }, z.unknown());
