import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import type { MagentoClient } from "@/lib/magento/client";
import { productsForSkus, sweepProducts } from "@/lib/sync/products/product-cache";
import type { TenantDb } from "@/lib/tenants/scope";
import { planContext } from "./context";
import { linkedContact, searchContact } from "./customers";
import { magentoOrder, type MagentoOrder } from "./magento-order";
import { planOrder, type OrderPlan } from "./plan";

export type DryRunCustomer = { action: "found"; contactId: number; via: "remembered" | "search" } | { action: "create"; name: string; email: string } | { action: "guest-contact"; contactId: number };

export type DryRunEntry = { incrementId: string; createdAt: string; status?: string; magentoTotal: string; currency?: string; plan: OrderPlan; customer?: DryRunCustomer };

/**
 * What the last `count` Magento orders would become in Brightpearl, written nowhere: Brightpearl is
 * only read (contact and product lookups) and Magento only listed. The product cache is filled
 * when empty, which is the connector's own data.
 */
export async function dryRun(input: { magento: MagentoClient; brightpearl: BrightpearlClient; scoped: TenantDb; tenant: { id: string; installationInstanceId: string }; count: number; now?: Date }): Promise<DryRunEntry[]> {
  const { magento, brightpearl, scoped, tenant } = input;
  const page = await magento.search(
    "/V1/orders",
    { sortOrders: [{ field: "created_at", direction: "DESC" }, { field: "entity_id", direction: "DESC" }], pageSize: input.count, currentPage: 1 },
    z.unknown(),
  );
  const orders: MagentoOrder[] = [];
  const unreadable: DryRunEntry[] = [];
  for (const raw of page.items) {
    const parsed = magentoOrder.safeParse(raw);
    if (parsed.success) orders.push(parsed.data);
    else {
      const r = raw as { increment_id?: string; created_at?: string };
      const field = parsed.error.issues[0]?.path.join(".") ?? "?";
      unreadable.push({
        incrementId: r.increment_id ?? "?",
        createdAt: r.created_at ?? "",
        magentoTotal: "",
        plan: { outcome: "invalid", issues: [{ code: "unreadable", message: `Magento sent this order in an unexpected shape (at ${field}).` }] },
      });
    }
  }
  if ((await scoped.brightpearlProduct.count()) === 0) await sweepProducts(brightpearl, scoped, tenant.id);
  const skus = orders.flatMap((o) => o.items.map((i) => i.sku));
  const products = await productsForSkus(brightpearl, scoped, tenant.id, skus);
  const ctx = await planContext(scoped, tenant, products, input.now);

  const entries: DryRunEntry[] = [];
  for (const order of orders) {
    const plan = planOrder(order, ctx);
    entries.push({
      incrementId: order.increment_id,
      createdAt: order.created_at,
      status: order.status,
      magentoTotal: String(order.grand_total),
      currency: order.order_currency_code,
      plan,
      customer: plan.outcome === "ready" ? await customerFor(plan.customer, brightpearl, scoped) : undefined,
    });
  }
  return [...entries, ...unreadable];
}

async function customerFor(customer: Extract<OrderPlan, { outcome: "ready" }>["customer"], client: BrightpearlClient, scoped: TenantDb): Promise<DryRunCustomer> {
  if (customer.fixedContactId) return { action: "guest-contact", contactId: customer.fixedContactId };
  const remembered = await linkedContact(scoped, customer.email);
  if (remembered) return { action: "found", contactId: remembered, via: "remembered" };
  const found = await searchContact(client, customer.email);
  if (found) return { action: "found", contactId: found, via: "search" };
  return { action: "create", name: `${customer.firstName} ${customer.lastName}`.trim(), email: customer.email };
}

export type { MagentoOrder };
