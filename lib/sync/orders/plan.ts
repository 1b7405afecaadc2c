// What a Magento order becomes in Brightpearl: the customer to find or create, the sales order
// with its rows, and the payments — or why it is skipped, or what the merchant must fix first.
// Pure: everything it needs comes in the context, so the dry run and the import share it.
import { alpha3 } from "@/lib/countries";
import { resolve, taxRateKey, type MappingKind, type MappingSet } from "@/lib/tenants/mappings";
import type { SettingsOptions } from "@/lib/tenants/settings";
import { allocate, toDecimal, toMinor } from "@/lib/money";
import { parseMagentoDateTime } from "@/lib/magento/search-criteria";
import { shippingAddressOf, shippingMethodOf, type MagentoAddress, type MagentoOrder, type MagentoOrderItem } from "./magento-order";

/** A difference between Brightpearl's row totals and Magento's grand total this small is rounding. */
export const ROUNDING_TOLERANCE_MINOR = 5;
const AUTHORIZATION_VALID_DAYS = 7;

export type IssueCode = "mapping-missing" | "unknown-sku" | "no-go-live" | "no-email" | "no-items" | "totals-mismatch" | "no-currency" | "unreadable";

export type Issue = { code: IssueCode; message: string; mapping?: { kind: MappingKind | "setting"; key: string } };

export type ProductRef = { productId: number; name?: string };

export type PlanContext = {
  installationInstanceId: number;
  goLiveAt: Date | null;
  options: SettingsOptions;
  mappings: MappingSet;
  /** Magento store id → store view code */
  storeCodeOf: (storeId: number | undefined) => string | undefined;
  /** the Brightpearl account's own currency, when known */
  accountCurrency?: string;
  /** Brightpearl channel defaults, for mappings that leave the warehouse out */
  channelWarehouse: (channelId: number) => number | undefined;
  /** SKU → Brightpearl product, from the product cache */
  productFor: (sku: string) => ProductRef | undefined;
  /** a Brightpearl tax code with a zero rate, for the rounding row */
  zeroTaxCode?: string;
  now: Date;
};

export type BrightpearlAddress = {
  addressFullName?: string;
  companyName?: string;
  addressLine1: string;
  addressLine2?: string;
  addressLine3?: string;
  addressLine4?: string;
  postalCode?: string;
  countryIsoCode?: string;
  telephone?: string;
  email?: string;
};

export type CustomerDraft = {
  email: string;
  guest: boolean;
  /** set when the guest-orders setting sends every guest to one contact */
  fixedContactId?: number;
  firstName: string;
  lastName: string;
  companyName?: string;
  telephone?: string;
  billing: BrightpearlAddress;
  delivery: BrightpearlAddress;
};

export type RowDraft = {
  productId?: number;
  name?: string;
  sku?: string;
  quantity: number;
  net: string;
  tax: string;
  taxCode: string;
  nominalCode?: string;
  externalRef?: string;
  kind: "product" | "free-text" | "shipping" | "rounding";
};

export type OrderDraft = {
  ref: string;
  externalRef: string;
  installedIntegrationInstanceId: number;
  placedOn: string;
  statusId: number;
  channelId: number;
  priceListId: number;
  warehouseId?: number;
  priceModeCode: "EXC";
  currency: { code: string; fixedExchangeRate: boolean; exchangeRate?: string };
  delivery: { shippingMethodId: number; address: BrightpearlAddress };
  billingAddress: BrightpearlAddress;
  rows: RowDraft[];
};

export type PaymentDraft = {
  paymentType: "RECEIPT" | "AUTH";
  paymentMethodCode: string;
  transactionRef: string;
  transactionCode: string;
  currencyIsoCode: string;
  amount: string;
  paymentDate: string;
  authorizationExpiry?: string;
  journalRef: string;
};

export type Totals = { currency: string; net: string; tax: string; total: string; magentoTotal: string };

export type OrderPlan =
  | { outcome: "skip"; reason: string }
  | { outcome: "blocked"; issues: Issue[] }
  | { outcome: "invalid"; issues: Issue[] }
  | { outcome: "ready"; customer: CustomerDraft; order: OrderDraft; payments: PaymentDraft[]; warnings: Issue[]; totals: Totals };

const truncate = (s: string | undefined, n: number) => (s ? s.slice(0, n) : s);

function address(a: MagentoAddress | undefined, email: string | undefined): BrightpearlAddress | undefined {
  if (!a?.street?.length && !a?.city) return undefined;
  const street = a.street ?? [];
  const name = [a.firstname, a.lastname].filter(Boolean).join(" ");
  return {
    ...(name ? { addressFullName: name } : {}),
    ...(a.company ? { companyName: a.company } : {}),
    addressLine1: street[0] ?? a.city ?? "",
    ...(street.length > 1 ? { addressLine2: street.slice(1).join(", ") } : {}),
    ...(a.city ? { addressLine3: a.city } : {}),
    ...(a.region ? { addressLine4: a.region } : {}),
    ...(a.postcode ? { postalCode: a.postcode } : {}),
    ...(alpha3(a.country_id) ? { countryIsoCode: alpha3(a.country_id) } : {}),
    ...(a.telephone ? { telephone: a.telephone } : {}),
    ...((a.email ?? email) ? { email: a.email ?? email } : {}),
  };
}

const missing = (kind: MappingKind, key: string, message: string): Issue => ({ code: "mapping-missing", message, mapping: { kind, key } });

/** The rows Brightpearl gets for Magento's items: configurables as the child SKU at the parent's price, bundles per setting. */
function productRows(order: MagentoOrder, ctx: PlanContext, currency: string, issues: Issue[], warnings: Issue[]): RowDraft[] {
  const rows: RowDraft[] = [];
  const children = (parent: MagentoOrderItem) => order.items.filter((i) => i.parent_item_id === parent.item_id);
  const money = (i: MagentoOrderItem) => ({
    // Discounts fold into the net; the hidden tax Magento compensates when prices include tax goes back in.
    net: toMinor(i.row_total, currency) + toMinor(i.discount_tax_compensation_amount, currency) - toMinor(i.discount_amount, currency),
    tax: toMinor(i.tax_amount, currency),
  });

  const taxCodeFor = (percent: number | undefined): string | undefined => {
    const key = taxRateKey(percent ?? 0);
    const mapping = resolve(ctx.mappings, "tax-rate", key);
    if (!mapping) {
      if (!issues.some((x) => x.mapping?.kind === "tax-rate" && x.mapping.key === key)) issues.push(missing("tax-rate", key, `Tax rate ${key}% has no Brightpearl tax code.`));
      return undefined;
    }
    return mapping.target.taxCode;
  };

  const push = (item: MagentoOrderItem, amounts: { net: number; tax: number }, percent: number | undefined, quantity: number) => {
    const taxCode = taxCodeFor(percent) ?? "";
    const product = ctx.productFor(item.sku);
    const common = { quantity, net: toDecimal(amounts.net, currency), tax: toDecimal(amounts.tax, currency), taxCode, externalRef: String(item.item_id), sku: item.sku };
    if (product) {
      rows.push({ ...common, kind: "product", productId: product.productId, name: product.name ?? item.name });
      return;
    }
    const issue: Issue = { code: "unknown-sku", message: `SKU ${item.sku} (${item.name ?? "no name"}) is not a Brightpearl product.` };
    if (ctx.options.unknownSku === "hold-order") issues.push(issue);
    else warnings.push({ ...issue, message: `${issue.message} It was added as a free-text row for you to review.` });
    rows.push({ ...common, kind: "free-text", name: truncate(`${item.name ?? item.sku} (SKU ${item.sku})`, 255), nominalCode: ctx.options.salesNominalCode });
  };

  for (const item of order.items) {
    if (item.parent_item_id !== undefined) continue;
    const quantity = Math.round(item.qty_ordered);
    if (item.product_type === "bundle") {
      const parts = children(item);
      const parent = money(item);
      const partMoney = parts.map(money);
      if (ctx.options.bundles === "bundle-product" || parts.length === 0) {
        const net = parent.net + partMoney.reduce((s, p) => s + p.net, 0);
        const tax = parent.tax + partMoney.reduce((s, p) => s + p.tax, 0);
        push(item, { net, tax }, item.tax_percent ?? parts.find((p) => p.tax_percent)?.tax_percent, quantity);
      } else {
        // Fixed-price bundles carry the money on the parent: share it across the components.
        const weights = parts.map((p) => Math.max(1, Math.round(p.qty_ordered)));
        const nets = allocate(parent.net, weights);
        const taxes = allocate(parent.tax, weights);
        parts.forEach((p, k) =>
          push(p, { net: partMoney[k]!.net + nets[k]!, tax: partMoney[k]!.tax + taxes[k]! }, p.tax_percent || item.tax_percent, Math.round(p.qty_ordered)),
        );
      }
      continue;
    }
    // A configurable's parent row already carries the chosen child's SKU and the price.
    push(item, money(item), item.tax_percent, quantity);
  }
  return rows;
}

function shippingTaxPercent(order: MagentoOrder, currency: string): number {
  const applied = order.extension_attributes?.item_applied_taxes?.find((t) => t.type === "shipping")?.applied_taxes;
  const fromApplied = applied?.reduce((s, t) => s + (t.percent ?? 0), 0);
  if (fromApplied !== undefined && applied?.length) return fromApplied;
  const net = toMinor(order.shipping_amount, currency);
  const tax = toMinor(order.shipping_tax_amount, currency);
  return net > 0 && tax > 0 ? Math.round((tax / net) * 10_000) / 100 : 0;
}

export function planOrder(order: MagentoOrder, ctx: PlanContext): OrderPlan {
  if (!ctx.goLiveAt) return { outcome: "blocked", issues: [{ code: "no-go-live", message: "No go-live date is set.", mapping: { kind: "setting", key: "go-live" } }] };
  const placed = parseMagentoDateTime(order.created_at);
  if (placed < ctx.goLiveAt) return { outcome: "skip", reason: `placed before the go-live date (${order.created_at} UTC)` };

  const issues: Issue[] = [];
  const warnings: Issue[] = [];
  const status = order.status ?? order.state ?? "";
  const statusMapping = resolve(ctx.mappings, "order-status-in", status);
  if (statusMapping && "skip" in statusMapping.target) return { outcome: "skip", reason: `status "${status}" is not imported` };
  if (!statusMapping) issues.push(missing("order-status-in", status, `Magento status "${status}" has no Brightpearl status.`));

  const currency = order.order_currency_code;
  if (!currency) return { outcome: "invalid", issues: [{ code: "no-currency", message: "The order has no currency." }] };
  const email = order.customer_email?.trim().toLowerCase();
  if (!email) return { outcome: "invalid", issues: [{ code: "no-email", message: "The order has no customer email." }] };
  if (!order.items.some((i) => i.parent_item_id === undefined)) return { outcome: "invalid", issues: [{ code: "no-items", message: "The order has no items." }] };

  const storeCode = ctx.storeCodeOf(order.store_id);
  const store = storeCode ? ctx.mappings["store-view"].get(storeCode) : undefined;
  if (!store) issues.push(missing("store-view", storeCode ?? String(order.store_id), `Store view "${storeCode ?? order.store_id}" has no Brightpearl channel.`));

  const method = shippingMethodOf(order) ?? (order.is_virtual ? "virtual" : "");
  const shipping = resolve(ctx.mappings, "shipping-method", method);
  if (!shipping) issues.push(missing("shipping-method", method, `Shipping method "${method}" has no Brightpearl shipping method.`));

  const rows = productRows(order, ctx, currency, issues, warnings);

  const shippingNet = toMinor(order.shipping_amount, currency) + toMinor(order.shipping_discount_tax_compensation_amount, currency) - toMinor(order.shipping_discount_amount, currency);
  const shippingTax = toMinor(order.shipping_tax_amount, currency);
  if (shippingNet !== 0 || shippingTax !== 0) {
    const key = taxRateKey(shippingTaxPercent(order, currency));
    const tax = resolve(ctx.mappings, "tax-rate", key);
    if (!tax && !issues.some((x) => x.mapping?.kind === "tax-rate" && x.mapping.key === key)) issues.push(missing("tax-rate", key, `Tax rate ${key}% has no Brightpearl tax code.`));
    rows.push({
      kind: "shipping",
      name: truncate(`Shipping: ${order.shipping_description ?? method}`, 255)!,
      quantity: 1,
      net: toDecimal(shippingNet, currency),
      tax: toDecimal(shippingTax, currency),
      taxCode: tax?.target.taxCode ?? "",
      nominalCode: ctx.options.shippingNominalCode,
    });
  }

  const payments: PaymentDraft[] = [];
  const paid = toMinor(order.payment?.amount_paid, currency);
  const authorised = toMinor(order.payment?.amount_authorized, currency);
  if (paid > 0 || authorised > 0) {
    const code = order.payment?.method ?? "";
    const mapping = resolve(ctx.mappings, "payment-method", code);
    if (!mapping) issues.push(missing("payment-method", code, `Payment method "${code}" has no Brightpearl payment method.`));
    else {
      const reference = order.payment?.last_trans_id ?? `magento-${order.increment_id}`;
      const base = {
        paymentMethodCode: mapping.target.paymentMethodCode,
        transactionCode: `magento-${order.increment_id}`,
        currencyIsoCode: currency,
        paymentDate: placed.toISOString(),
        journalRef: `Magento order #${order.increment_id}`,
      };
      if (paid > 0) payments.push({ ...base, paymentType: "RECEIPT", transactionRef: truncate(reference, 64)!, amount: toDecimal(paid, currency) });
      else {
        const expiry = new Date(ctx.now.getTime() + AUTHORIZATION_VALID_DAYS * 86_400_000);
        // An authorisation and its later capture may not share a reference.
        payments.push({ ...base, paymentType: "AUTH", transactionRef: truncate(`${reference}.AUTH`, 64)!, amount: toDecimal(authorised, currency), authorizationExpiry: expiry.toISOString() });
      }
    }
  }

  if (ctx.options.guestOrders === "single-guest-contact" && isGuest(order) && !ctx.options.guestContactId) {
    issues.push({ code: "mapping-missing", message: "Guest orders go to one contact, but no contact is chosen.", mapping: { kind: "setting", key: "guest-contact" } });
  }

  if (issues.length) return { outcome: "blocked", issues };

  // Brightpearl keeps the tax we send per row; what Magento rounded differently shows up as a
  // few cents between the rows and the grand total: a rounding row keeps the totals equal.
  const sum = (field: "net" | "tax") => rows.reduce((s, r) => s + toMinor(r[field], currency), 0);
  const magentoTotal = toMinor(order.grand_total, currency);
  const difference = magentoTotal - sum("net") - sum("tax");
  if (Math.abs(difference) > ROUNDING_TOLERANCE_MINOR) {
    return {
      outcome: "invalid",
      issues: [
        {
          code: "totals-mismatch",
          message: `The rows add up to ${toDecimal(sum("net") + sum("tax"), currency)} ${currency} but Magento's total is ${toDecimal(magentoTotal, currency)} (gift cards or store credit are not imported yet).`,
        },
      ],
    };
  }
  if (difference !== 0) {
    rows.push({ kind: "rounding", name: "Rounding", quantity: 1, net: toDecimal(difference, currency), tax: toDecimal(0, currency), taxCode: ctx.zeroTaxCode ?? rows[0]!.taxCode, nominalCode: ctx.options.salesNominalCode });
  }

  const billing = address(order.billing_address, email);
  const delivery = address(shippingAddressOf(order), email) ?? billing;
  const fallbackAddress: BrightpearlAddress = { addressLine1: "No address given", email };
  const firstName = order.customer_firstname ?? order.billing_address?.firstname ?? "";
  const lastName = order.customer_lastname ?? order.billing_address?.lastname ?? email;
  const customer: CustomerDraft = {
    email,
    guest: isGuest(order),
    ...(isGuest(order) && ctx.options.guestOrders === "single-guest-contact" ? { fixedContactId: ctx.options.guestContactId } : {}),
    firstName: truncate(firstName, 32)!,
    lastName: truncate(lastName, 32)!,
    ...(order.billing_address?.company ? { companyName: order.billing_address.company } : {}),
    ...(order.billing_address?.telephone ? { telephone: order.billing_address.telephone } : {}),
    billing: billing ?? fallbackAddress,
    delivery: delivery ?? fallbackAddress,
  };

  const storeTarget = store!.target;
  const rate = order.base_to_order_rate;
  const fixed = currency === ctx.accountCurrency ? { fixedExchangeRate: true, exchangeRate: "1" } : order.base_currency_code === ctx.accountCurrency && rate ? { fixedExchangeRate: true, exchangeRate: String(rate) } : { fixedExchangeRate: false };
  const orderDraft: OrderDraft = {
    ref: order.increment_id,
    externalRef: String(order.entity_id),
    installedIntegrationInstanceId: ctx.installationInstanceId,
    placedOn: placed.toISOString(),
    statusId: (statusMapping!.target as { statusId: number }).statusId,
    channelId: storeTarget.channelId,
    priceListId: storeTarget.priceListId,
    ...((storeTarget.warehouseId ?? ctx.channelWarehouse(storeTarget.channelId)) !== undefined ? { warehouseId: storeTarget.warehouseId ?? ctx.channelWarehouse(storeTarget.channelId) } : {}),
    priceModeCode: "EXC",
    currency: { code: currency, ...fixed },
    delivery: { shippingMethodId: shipping!.target.shippingMethodId, address: customer.delivery },
    billingAddress: customer.billing,
    rows,
  };
  const net = sum("net");
  const tax = sum("tax");
  return {
    outcome: "ready",
    customer,
    order: orderDraft,
    payments,
    warnings,
    totals: { currency, net: toDecimal(net, currency), tax: toDecimal(tax, currency), total: toDecimal(net + tax, currency), magentoTotal: toDecimal(magentoTotal, currency) },
  };
}

export function isGuest(order: MagentoOrder): boolean {
  return order.customer_is_guest === 1 || order.customer_is_guest === true || order.customer_id === undefined;
}

/** The sales-order POST body, once the customer is known. */
export function salesOrderBody(draft: OrderDraft, customerId: number) {
  const { billingAddress, rows, ...rest } = draft;
  return {
    ...rest,
    customer: { id: customerId, address: draft.delivery.address },
    billing: { contactId: customerId, address: billingAddress },
    rows: rows.map(({ kind: _kind, sku: _sku, ...row }) => row),
  };
}
