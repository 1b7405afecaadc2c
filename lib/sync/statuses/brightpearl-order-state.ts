import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { chunkIdSets } from "@/lib/brightpearl/id-set";
import { searchAll } from "@/lib/brightpearl/search";

// What the statuses flow reads of a Brightpearl order: its status (with its name) and whether it
// has been invoiced; and the search the sweep uses to find orders changed since it last looked.

export type OrderState = { id: number; statusId: number; statusName: string; invoiced: boolean; invoiceReference?: string };

const order = z
  .object({
    id: z.number().int(),
    orderStatus: z.object({ orderStatusId: z.number().int(), name: z.string().nullish() }).loose(),
    state: z.object({ tax: z.string().nullish() }).loose().nullish(),
    invoices: z.array(z.object({ invoiceReference: z.string().nullish() }).loose()).nullish(),
  })
  .loose();

const ORDER_GET_MAX = 200;

/** GET /order-service/order/{ids}: unknown ids are simply absent. */
export async function fetchOrderStates(client: BrightpearlClient, ids: number[]): Promise<Map<number, OrderState>> {
  const out = new Map<number, OrderState>();
  for (const set of chunkIdSets(ids, ORDER_GET_MAX)) {
    for (const o of await client.get(`/order-service/order/${set}`, z.array(order))) {
      const reference = o.invoices?.find((i) => i.invoiceReference)?.invoiceReference ?? undefined;
      out.set(o.id, {
        id: o.id,
        statusId: o.orderStatus.orderStatusId,
        statusName: o.orderStatus.name ?? "",
        invoiced: o.state?.tax === "INVOICED" || Boolean(reference),
        ...(reference ? { invoiceReference: reference } : {}),
      });
    }
  }
  return out;
}

const searchRow = z.object({ orderId: z.number().int(), orderStatusId: z.number().int().nullish(), taxDate: z.string().nullish() }).loose();

export type ChangedOrder = { orderId: number; statusId?: number; invoiced: boolean };

/** The connector's sales orders changed since `from` (status, and a tax date once invoiced). */
export async function ordersChangedSince(client: BrightpearlClient, installationIds: number[], from: Date): Promise<ChangedOrder[]> {
  const out: ChangedOrder[] = [];
  const period = `${from.toISOString().slice(0, 19)}Z/`;
  for (const installation of installationIds) {
    const filters = { orderTypeId: 1, installedIntegrationInstanceId: installation, updatedOn: period, columns: "orderId,orderStatusId,taxDate" };
    // UNVERIFIED: a tax date on a sales order means it has been invoiced (the import never sets one).
    for await (const row of searchAll(client, "/order-service/order-search", searchRow, filters)) {
      out.push({ orderId: row.orderId, ...(row.orderStatusId ? { statusId: row.orderStatusId } : {}), invoiced: Boolean(row.taxDate) });
    }
  }
  return out;
}
