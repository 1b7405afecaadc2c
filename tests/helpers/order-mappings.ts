import { saveMapping } from "@/lib/tenants/mappings";
import type { TenantDb } from "@/lib/tenants/scope";

/** The mappings a tenant needs before the orders flow imports anything: every order maps somewhere. */
export async function mapEverythingForOrders(scoped: TenantDb, tenantId: string): Promise<void> {
  await saveMapping(scoped, tenantId, "store-view", "default", { channelId: 2, priceListId: 2 });
  await saveMapping(scoped, tenantId, "order-status-in", "*", { statusId: 2 });
  await saveMapping(scoped, tenantId, "order-status-in", "canceled", { skip: true });
  await saveMapping(scoped, tenantId, "shipping-method", "*", { shippingMethodId: 1 });
  await saveMapping(scoped, tenantId, "payment-method", "*", { paymentMethodCode: "PAYPAL" });
  await saveMapping(scoped, tenantId, "tax-rate", "*", { taxCode: "T" });
}
