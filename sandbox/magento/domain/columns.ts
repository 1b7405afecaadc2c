// Column types of the flat tables behind the searchable entities (the scalar properties of their
// data interfaces), used to compare searchCriteria values the way MySQL compares them.
import type { FieldKind } from "../http/search-criteria";

const KINDS: Record<string, FieldKind> = { i: "int", d: "decimal", s: "string", t: "datetime" };

function columns(spec: string): Record<string, FieldKind> {
  return Object.fromEntries(spec.split(/\s+/).filter(Boolean).map((pair) => {
    const [name, kind] = pair.split(":");
    return [name!, KINDS[kind!]!];
  }));
}

export const ORDER_COLUMNS = columns(`
  adjustment_negative:d adjustment_positive:d applied_rule_ids:s base_adjustment_negative:d
  base_adjustment_positive:d base_currency_code:s base_discount_amount:d base_discount_canceled:d
  base_discount_invoiced:d base_discount_refunded:d base_grand_total:d
  base_discount_tax_compensation_amount:d base_discount_tax_compensation_invoiced:d
  base_discount_tax_compensation_refunded:d base_shipping_amount:d base_shipping_canceled:d
  base_shipping_discount_amount:d base_shipping_discount_tax_compensation_amnt:d
  base_shipping_incl_tax:d base_shipping_invoiced:d base_shipping_refunded:d
  base_shipping_tax_amount:d base_shipping_tax_refunded:d base_subtotal:d base_subtotal_canceled:d
  base_subtotal_incl_tax:d base_subtotal_invoiced:d base_subtotal_refunded:d base_tax_amount:d
  base_tax_canceled:d base_tax_invoiced:d base_tax_refunded:d base_total_canceled:d base_total_due:d
  base_total_invoiced:d base_total_invoiced_cost:d base_total_offline_refunded:d
  base_total_online_refunded:d base_total_paid:d base_total_qty_ordered:d base_total_refunded:d
  base_to_global_rate:d base_to_order_rate:d billing_address_id:i can_ship_partially:i
  can_ship_partially_item:i coupon_code:s created_at:t customer_dob:t customer_email:s
  customer_firstname:s customer_gender:i customer_group_id:i customer_id:i customer_is_guest:i
  customer_lastname:s customer_middlename:s customer_note:s customer_note_notify:i customer_prefix:s
  customer_suffix:s customer_taxvat:s discount_amount:d discount_canceled:d discount_description:s
  discount_invoiced:d discount_refunded:d edit_increment:i email_sent:i entity_id:i ext_customer_id:s
  ext_order_id:s forced_shipment_with_invoice:i global_currency_code:s grand_total:d
  discount_tax_compensation_amount:d discount_tax_compensation_invoiced:d
  discount_tax_compensation_refunded:d hold_before_state:s hold_before_status:s increment_id:s
  is_virtual:i order_currency_code:s original_increment_id:s payment_authorization_amount:d
  payment_auth_expiration:i protect_code:s quote_address_id:i quote_id:i relation_child_id:s
  relation_child_real_id:s relation_parent_id:s relation_parent_real_id:s remote_ip:s
  shipping_amount:d shipping_canceled:d shipping_description:s shipping_discount_amount:d
  shipping_discount_tax_compensation_amount:d shipping_incl_tax:d shipping_invoiced:d
  shipping_refunded:d shipping_tax_amount:d shipping_tax_refunded:d state:s status:s
  store_currency_code:s store_id:i store_name:s store_to_base_rate:d store_to_order_rate:d subtotal:d
  subtotal_canceled:d subtotal_incl_tax:d subtotal_invoiced:d subtotal_refunded:d tax_amount:d
  tax_canceled:d tax_invoiced:d tax_refunded:d total_canceled:d total_due:d total_invoiced:d
  total_item_count:i total_offline_refunded:d total_online_refunded:d total_paid:d total_qty_ordered:d
  total_refunded:d updated_at:t weight:d x_forwarded_for:s
`);

export const ORDER_ITEM_COLUMNS = columns(`
  additional_data:s amount_refunded:d applied_rule_ids:s base_amount_refunded:d base_cost:d
  base_discount_amount:d base_discount_invoiced:d base_discount_refunded:d
  base_discount_tax_compensation_amount:d base_discount_tax_compensation_invoiced:d
  base_discount_tax_compensation_refunded:d base_original_price:d base_price:d base_price_incl_tax:d
  base_row_invoiced:d base_row_total:d base_row_total_incl_tax:d base_tax_amount:d
  base_tax_before_discount:d base_tax_invoiced:d base_tax_refunded:d base_weee_tax_applied_amount:d
  base_weee_tax_applied_row_amnt:d base_weee_tax_disposition:d base_weee_tax_row_disposition:d
  created_at:t description:s discount_amount:d discount_invoiced:d discount_percent:d
  discount_refunded:d event_id:i ext_order_item_id:s free_shipping:i gw_base_price:d
  gw_base_price_invoiced:d gw_base_price_refunded:d gw_base_tax_amount:d gw_base_tax_amount_invoiced:d
  gw_base_tax_amount_refunded:d gw_id:i gw_price:d gw_price_invoiced:d gw_price_refunded:d
  gw_tax_amount:d gw_tax_amount_invoiced:d gw_tax_amount_refunded:d discount_tax_compensation_amount:d
  discount_tax_compensation_canceled:d discount_tax_compensation_invoiced:d
  discount_tax_compensation_refunded:d is_qty_decimal:i is_virtual:i item_id:i locked_do_invoice:i
  locked_do_ship:i name:s no_discount:i order_id:i original_price:d parent_item_id:i price:d
  price_incl_tax:d product_id:i product_type:s qty_backordered:d qty_canceled:d qty_invoiced:d
  qty_ordered:d qty_refunded:d qty_returned:d qty_shipped:d quote_item_id:i row_invoiced:d row_total:d
  row_total_incl_tax:d row_weight:d sku:s store_id:i tax_amount:d tax_before_discount:d tax_canceled:d
  tax_invoiced:d tax_percent:d tax_refunded:d updated_at:t weee_tax_applied:s
  weee_tax_applied_amount:d weee_tax_applied_row_amount:d weee_tax_disposition:d
  weee_tax_row_disposition:d weight:d
`);

export const SHIPMENT_COLUMNS = columns(`
  billing_address_id:i created_at:t customer_id:i email_sent:i entity_id:i increment_id:s order_id:i
  shipment_status:i shipping_address_id:i shipping_label:s store_id:i total_qty:d total_weight:d
  updated_at:t
`);

export const INVOICE_COLUMNS = columns(`
  base_currency_code:s base_discount_amount:d base_grand_total:d
  base_discount_tax_compensation_amount:d base_shipping_amount:d
  base_shipping_discount_tax_compensation_amnt:d base_shipping_incl_tax:d base_shipping_tax_amount:d
  base_subtotal:d base_subtotal_incl_tax:d base_tax_amount:d base_total_refunded:d
  base_to_global_rate:d base_to_order_rate:d billing_address_id:i can_void_flag:i created_at:t
  discount_amount:d discount_description:s email_sent:i entity_id:i global_currency_code:s
  grand_total:d discount_tax_compensation_amount:d increment_id:s is_used_for_refund:i
  order_currency_code:s order_id:i shipping_address_id:i shipping_amount:d
  shipping_discount_tax_compensation_amount:d shipping_incl_tax:d shipping_tax_amount:d state:i
  store_currency_code:s store_id:i store_to_base_rate:d store_to_order_rate:d subtotal:d
  subtotal_incl_tax:d tax_amount:d total_qty:d transaction_id:s updated_at:t
`);

export const CREDITMEMO_COLUMNS = columns(`
  adjustment:d adjustment_negative:d adjustment_positive:d base_adjustment:d
  base_adjustment_negative:d base_adjustment_positive:d base_currency_code:s base_discount_amount:d
  base_grand_total:d base_discount_tax_compensation_amount:d base_shipping_amount:d
  base_shipping_discount_tax_compensation_amnt:d base_shipping_incl_tax:d base_shipping_tax_amount:d
  base_subtotal:d base_subtotal_incl_tax:d base_tax_amount:d base_to_global_rate:d
  base_to_order_rate:d billing_address_id:i created_at:t creditmemo_status:i discount_amount:d
  discount_description:s email_sent:i entity_id:i global_currency_code:s grand_total:d
  discount_tax_compensation_amount:d increment_id:s invoice_id:i order_currency_code:s order_id:i
  shipping_address_id:i shipping_amount:d shipping_discount_tax_compensation_amount:d
  shipping_incl_tax:d shipping_tax_amount:d state:i store_currency_code:s store_id:i
  store_to_base_rate:d store_to_order_rate:d subtotal:d subtotal_incl_tax:d tax_amount:d
  transaction_id:s updated_at:t
`);

export const CUSTOMER_COLUMNS = columns(`
  id:i group_id:i default_billing:s default_shipping:s confirmation:s created_at:t updated_at:t
  created_in:s dob:t email:s firstname:s lastname:s middlename:s prefix:s suffix:s gender:i store_id:i
  taxvat:s website_id:i disable_auto_group_change:i
`);
