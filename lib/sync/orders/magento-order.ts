// The parts of a Magento order the orders flow reads. Magento leaves out null fields, so nearly
// everything is optional; what an order cannot be imported without is checked by the planner,
// which says in plain words what is missing.
import { z } from "zod";

const num = z.coerce.number();
const opt = num.optional().catch(undefined);

export const magentoAddress = z
  .object({
    firstname: z.string().optional(),
    lastname: z.string().optional(),
    company: z.string().optional(),
    street: z.array(z.string()).optional(),
    city: z.string().optional(),
    region: z.string().optional(),
    region_code: z.string().optional(),
    postcode: z.string().optional(),
    country_id: z.string().optional(),
    telephone: z.string().optional(),
    email: z.string().optional(),
  })
  .loose();
export type MagentoAddress = z.output<typeof magentoAddress>;

export const magentoOrderItem = z
  .object({
    item_id: z.number().int(),
    parent_item_id: z.number().int().optional(),
    product_type: z.string().optional(),
    sku: z.string(),
    name: z.string().optional(),
    qty_ordered: num,
    price: opt,
    row_total: opt,
    row_total_incl_tax: opt,
    tax_amount: opt,
    tax_percent: opt,
    discount_amount: opt,
    discount_tax_compensation_amount: opt,
    product_option: z
      .object({ extension_attributes: z.object({ bundle_options: z.array(z.unknown()).optional() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();
export type MagentoOrderItem = z.output<typeof magentoOrderItem>;

const appliedTax = z.object({ code: z.string().optional(), percent: opt }).loose();

export const magentoOrder = z
  .object({
    entity_id: z.number().int(),
    increment_id: z.string(),
    state: z.string().optional(),
    status: z.string().optional(),
    store_id: z.number().int().optional(),
    created_at: z.string(),
    updated_at: z.string().optional(),
    customer_email: z.string().optional(),
    customer_firstname: z.string().optional(),
    customer_lastname: z.string().optional(),
    customer_id: z.number().int().optional(),
    customer_is_guest: z.union([z.number(), z.boolean()]).optional(),
    order_currency_code: z.string().optional(),
    base_currency_code: z.string().optional(),
    base_to_order_rate: opt,
    grand_total: num,
    subtotal: opt,
    tax_amount: opt,
    discount_amount: opt,
    shipping_amount: opt,
    shipping_tax_amount: opt,
    shipping_discount_amount: opt,
    shipping_discount_tax_compensation_amount: opt,
    shipping_incl_tax: opt,
    shipping_description: z.string().optional(),
    is_virtual: z.union([z.number(), z.boolean()]).optional(),
    items: z.array(magentoOrderItem),
    billing_address: magentoAddress.optional(),
    payment: z
      .object({
        method: z.string().optional(),
        amount_paid: opt,
        amount_authorized: opt,
        base_amount_paid: opt,
        last_trans_id: z.string().optional(),
        additional_information: z.array(z.string()).optional(),
      })
      .loose()
      .optional(),
    extension_attributes: z
      .object({
        shipping_assignments: z
          .array(z.object({ shipping: z.object({ address: magentoAddress.optional(), method: z.string().optional() }).loose().optional() }).loose())
          .optional(),
        applied_taxes: z.array(appliedTax).optional(),
        item_applied_taxes: z.array(z.object({ type: z.string().optional(), item_id: z.number().optional(), applied_taxes: z.array(appliedTax).optional() }).loose()).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type MagentoOrder = z.output<typeof magentoOrder>;

export const shippingAddressOf = (o: MagentoOrder) => o.extension_attributes?.shipping_assignments?.[0]?.shipping?.address;
export const shippingMethodOf = (o: MagentoOrder) => o.extension_attributes?.shipping_assignments?.[0]?.shipping?.method;
