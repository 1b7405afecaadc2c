// Customer accounts as CustomerRepository renders them.
import type { MagentoInstance } from "../instance";
import { CUSTOMER_COLUMNS } from "./columns";
import { rowOut } from "./orders";
import type { CustomerRecord, Scalar } from "./types";

export function customerOutput(c: CustomerRecord): Record<string, unknown> {
  return {
    ...rowOut(c.data),
    addresses: c.addresses.map((a) => ({
      ...rowOut(a.data),
      id: a.id,
      customer_id: c.data.id,
      ...(a.region ? { region: a.region } : {}),
      street: a.street,
      default_shipping: String(a.id) === c.data.default_shipping,
      default_billing: String(a.id) === c.data.default_billing,
    })),
    disable_auto_group_change: 0,
  };
}

export const customerAccess = {
  kind: (field: string) => (field === "entity_id" ? "int" : CUSTOMER_COLUMNS[field]),
  get: (c: CustomerRecord, field: string): Scalar | undefined => {
    if (field === "entity_id") return c.data.id ?? null;
    return field in CUSTOMER_COLUMNS ? (c.data[field] ?? null) : undefined;
  },
};

export function customerById(instance: MagentoInstance, id: number): CustomerRecord | undefined {
  return instance.state.customers.find((c) => c.data.id === id);
}
