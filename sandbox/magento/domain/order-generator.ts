// Orders shaped like the ones a real storefront checkout leaves behind: guests and registered
// customers, simple / configurable / bundle lines, coupon discounts (negative on the order, positive
// on items), tax per item with applied_taxes, orders in a display currency other than the base one,
// and the payment and shipping methods merchants use. Deterministic for a given seed and state.
import { seededRandom } from "../../shared/catalogue";
import type { MagentoInstance } from "../instance";
import { MagentoError } from "../http/errors";
import { scopedValues } from "./catalog";
import { fromCents, parseMagentoDate, round4 } from "./format";
import { addReservation, DEFAULT_STOCK_ID, defaultSourceCode, salableQuantity, setSourceItem, sourceItem } from "./inventory";
import { cancelOrder, holdOrder, incrementId, invoiceOrder, refundOrder, shipOrder } from "./order-operations";
import { canInvoice, setState, totalQtyOrdered } from "./orders";
import { storeName, type StoreView } from "./stores";
import type { AddressRecord, CustomerRecord, OrderItemRecord, OrderRecord, ProductRecord, Row } from "./types";

export type GenerateOrdersOptions = {
  count: number;
  seed?: number;
  /** created_at range (epoch ms or "YYYY-MM-DD HH:MM:SS"); default: the 24 hours before now */
  from?: number | string;
  to?: number | string;
  /** seconds between created_at and the last update at checkout; default 1 for captured payments */
  updatedAfterSeconds?: number;
  /** share of guest checkouts (0..1), default 0.3 */
  guestShare?: number;
  /** order currencies to use; default the store's base currency, EUR and GBP */
  currencies?: string[];
  paymentMethods?: PaymentMethod[];
  shippingMethods?: ShippingMethod[];
  storeCodes?: string[];
  /** include configurable and bundle lines when the catalogue has them (default true) */
  composite?: boolean;
  /**
   * share of generated orders then shipped and invoiced (complete), canceled (refunded and closed
   * when already paid), or put on hold
   */
  outcomes?: { complete?: number; canceled?: number; holded?: number };
};

export type PaymentMethod = "checkmo" | "banktransfer" | "cashondelivery" | "paypal_express" | "braintree";
export type ShippingMethod = "flatrate_flatrate" | "tablerate_bestway" | "freeshipping_freeshipping" | "ups_GND";

const PAYMENTS: Record<PaymentMethod, { title: string; online: boolean }> = {
  checkmo: { title: "Check / Money order", online: false },
  banktransfer: { title: "Bank Transfer Payment", online: false },
  cashondelivery: { title: "Cash On Delivery", online: false },
  paypal_express: { title: "PayPal Express Checkout", online: true },
  braintree: { title: "Credit Card (Braintree)", online: true },
};

const SHIPPING: Record<ShippingMethod, { description: string; base: number }> = {
  flatrate_flatrate: { description: "Flat Rate - Fixed", base: 5 },
  tablerate_bestway: { description: "Best Way - Table Rate", base: 10 },
  freeshipping_freeshipping: { description: "Free Shipping - Free", base: 0 },
  ups_GND: { description: "United Parcel Service - Ground", base: 14.5 },
};

/** Units of each currency per US dollar. */
const USD_RATES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79, CAD: 1.36, AUD: 1.52 };

export type Place = {
  country: string;
  city: string;
  postcode: string;
  region?: { code: string; name: string; id: number };
  tax?: { code: string; percent: number; onShipping: boolean };
  street: string;
  telephone: string;
};

export const PLACES: Record<string, Place[]> = {
  US: [
    { country: "US", city: "New York", postcode: "10001", region: { code: "NY", name: "New York", id: 43 }, tax: { code: "US-NY-*-Rate 1", percent: 8.375, onShipping: false }, street: "350 Fifth Avenue", telephone: "212-555-0143" },
    { country: "US", city: "Los Angeles", postcode: "90012", region: { code: "CA", name: "California", id: 12 }, tax: { code: "US-CA-*-Rate 1", percent: 8.25, onShipping: false }, street: "200 N Spring St", telephone: "213-555-0199" },
    { country: "US", city: "Austin", postcode: "73301", region: { code: "TX", name: "Texas", id: 57 }, street: "1100 Congress Ave", telephone: "512-555-0110" },
  ],
  GB: [{ country: "GB", city: "London", postcode: "SW1A 1AA", tax: { code: "GB VAT", percent: 20, onShipping: true }, street: "10 Downing Street", telephone: "020 7946 0018" }],
  DE: [{ country: "DE", city: "Berlin", postcode: "10115", region: { code: "BER", name: "Berlin", id: 82 }, tax: { code: "DE MwSt", percent: 19, onShipping: true }, street: "Invalidenstraße 117", telephone: "030 901820" }],
  FR: [{ country: "FR", city: "Paris", postcode: "75001", region: { code: "75", name: "Paris", id: 257 }, tax: { code: "FR TVA", percent: 20, onShipping: true }, street: "1 Rue de Rivoli", telephone: "01 42 60 00 00" }],
};

const CURRENCY_COUNTRIES: Record<string, string[]> = { USD: ["US"], EUR: ["DE", "FR"], GBP: ["GB"], CAD: ["US"], AUD: ["US"] };

const FIRST = ["Jane", "John", "Amira", "Luca", "Sofia", "Kenji", "Olivia", "Mateo", "Chloe", "Noah", "Priya", "Liam"];
const LAST = ["Doe", "Smith", "Haddad", "Rossi", "Garcia", "Tanaka", "Brown", "Silva", "Martin", "Müller", "Patel", "O'Brien"];

function toMs(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number") return value;
  const parsed = parseMagentoDate(value) ?? Date.parse(value);
  if (Number.isNaN(parsed)) throw new Error(`not a date: ${value}`);
  return parsed;
}

type Money = { cents: number; baseCents: number };
const money = (baseUnit: number, rate: number): Money => ({ cents: Math.round(baseUnit * rate * 100), baseCents: Math.round(baseUnit * 100) });

type LineAmounts = { price: Money; qty: number; discountPercent: number; taxPercent: number };

/**
 * Row money in one currency: discount on the row, tax after discount, incl-tax before discount.
 * UNVERIFIED: Magento's rounding (it carries rounding deltas between rows) can differ by a cent.
 */
function rowFigures(unitCents: number, qty: number, discountPercent: number, taxPercent: number) {
  const row = unitCents * qty;
  const discount = Math.round((row * discountPercent) / 100);
  const tax = Math.round(((row - discount) * taxPercent) / 100);
  const unitIncl = Math.round(unitCents * (1 + taxPercent / 100));
  return { row, discount, tax, unitIncl };
}

export class OrderGenerator {
  private random: () => number;
  /** salable quantity per SKU, computed once and then drawn down by the orders generated */
  private salable = new Map<string, number>();

  constructor(
    private readonly instance: MagentoInstance,
    private readonly options: GenerateOrdersOptions,
  ) {
    this.random = seededRandom(options.seed ?? 1);
  }

  private available(sku: string): number {
    let left = this.salable.get(sku);
    if (left === undefined) this.salable.set(sku, (left = salableQuantity(this.instance, sku)));
    return left;
  }

  /** A storefront only sells what is salable: draws the quantity down, or refuses. */
  private reserveStock(needs: { sku: string; qty: number }[]): boolean {
    if (!needs.every((n) => this.available(n.sku) >= n.qty)) return false;
    for (const n of needs) this.salable.set(n.sku, this.available(n.sku) - n.qty);
    return true;
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  run(): { orderIds: number[]; incrementIds: string[] } {
    const instance = this.instance;
    const { count } = this.options;
    const now = instance.now();
    const to = toMs(this.options.to, now);
    const from = toMs(this.options.from, to - 86_400_000);
    if (from > to) throw new Error("from must not be after to");
    const sellable = instance.state.products.filter((p) => p.typeId === "simple" && p.price !== null && !p.sku.startsWith("MAG-ONLY"));
    if (!sellable.length) throw new Error("the catalogue has no simple products to order: seed a catalogue first");
    const orderIds: number[] = [];
    const incrementIds: string[] = [];
    const times = Array.from({ length: count }, () => from + Math.floor(this.random() * (to - from + 1))).sort((a, b) => a - b);
    for (const at of times) {
      const order = this.instance.atTime(Math.floor(at / 1000) * 1000, () => this.placeOrder(sellable));
      orderIds.push(Number(order.data.entity_id));
      incrementIds.push(String(order.data.increment_id));
    }
    return { orderIds, incrementIds };
  }

  private storeView(): StoreView {
    const views = this.instance.topology.views.filter((v) => v.id !== 0 && v.isActive && (!this.options.storeCodes || this.options.storeCodes.includes(v.code)));
    if (!views.length) throw new Error("no active store view matches storeCodes");
    return this.pick(views);
  }

  private customer(view: StoreView, place: Place, createdAt: string): CustomerRecord {
    const existing = this.instance.state.customers.filter((c) => c.data.website_id === view.websiteId);
    if (existing.length && this.chance(0.4)) return this.pick(existing);
    const instance = this.instance;
    const id = instance.nextId("customer");
    const firstname = this.pick(FIRST);
    const lastname = this.pick(LAST);
    const addressId = instance.nextId("customer_address");
    const customer: CustomerRecord = {
      data: {
        id,
        group_id: 1,
        default_billing: String(addressId),
        default_shipping: String(addressId),
        created_at: createdAt,
        updated_at: createdAt,
        created_in: view.name,
        email: `${firstname}.${lastname}.${id}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ""),
        firstname,
        lastname,
        store_id: view.id,
        website_id: view.websiteId,
      },
      addresses: [
        {
          id: addressId,
          data: { region_id: place.region?.id ?? 0, country_id: place.country, telephone: place.telephone, postcode: place.postcode, city: place.city, firstname, lastname },
          street: [place.street],
          region: { region_code: place.region?.code ?? null, region: place.region?.name ?? null, region_id: place.region?.id ?? 0 },
        },
      ],
    };
    instance.state.customers.push(customer);
    return customer;
  }

  private address(type: "billing" | "shipping", orderId: number, place: Place, person: { firstname: string; lastname: string; email: string; customerAddressId?: number; customerId?: number }): AddressRecord {
    return {
      data: {
        entity_id: this.instance.nextId("order_address"),
        parent_id: orderId,
        address_type: type,
        firstname: person.firstname,
        lastname: person.lastname,
        email: person.email,
        city: place.city,
        postcode: place.postcode,
        country_id: place.country,
        region: place.region?.name ?? null,
        region_code: place.region?.code ?? null,
        region_id: place.region?.id ?? null,
        telephone: place.telephone,
        customer_address_id: person.customerAddressId ?? null,
        customer_id: person.customerId ?? null,
      },
      street: [place.street],
    };
  }

  private placeOrder(sellable: ProductRecord[]): OrderRecord {
    const instance = this.instance;
    const createdAt = instance.nowString();
    const view = this.storeView();
    const base = view.baseCurrency;
    const currencies = this.options.currencies ?? [base, "EUR", "GBP"];
    const currency = this.chance(0.6) ? (currencies.includes(base) ? base : currencies[0]!) : this.pick(currencies);
    const rate = round4((USD_RATES[currency] ?? 1) / (USD_RATES[base] ?? 1));
    const place = this.pick(PLACES[this.pick(CURRENCY_COUNTRIES[currency] ?? ["US"])]!);
    const guest = this.chance(this.options.guestShare ?? 0.3);
    const customer = guest ? undefined : this.customer(view, place, createdAt);
    const firstname = customer ? String(customer.data.firstname) : this.pick(FIRST);
    const lastname = customer ? String(customer.data.lastname) : this.pick(LAST);
    const email = customer ? String(customer.data.email) : `${firstname}.${lastname}.guest${instance.nextId("guest")}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, "");
    const orderId = instance.nextId("order");
    const coupon = this.chance(0.3);
    const discountPercent = coupon ? 10 : 0;
    const taxPercent = place.tax?.percent ?? 0;
    const items: OrderItemRecord[] = [];
    const composite = this.options.composite ?? true;
    const configurables = composite ? instance.state.products.filter((p) => p.configurable) : [];
    const bundles = composite ? instance.state.products.filter((p) => p.bundle) : [];

    const baseRow = (product: ProductRecord, sku: string, type: string, qty: number, amounts: LineAmounts | null, parentId?: number): OrderItemRecord => {
      const cur = amounts ? rowFigures(amounts.price.cents, qty, amounts.discountPercent, amounts.taxPercent) : undefined;
      const bas = amounts ? rowFigures(amounts.price.baseCents, qty, amounts.discountPercent, amounts.taxPercent) : undefined;
      const c = (n: number | undefined) => fromCents(n ?? 0);
      const weight = product.weight ?? 0;
      const data: Row = {
        item_id: instance.nextId("order_item"),
        order_id: orderId,
        parent_item_id: parentId ?? null,
        quote_item_id: instance.nextId("quote_item"),
        store_id: view.id,
        created_at: createdAt,
        updated_at: createdAt,
        product_id: product.id,
        product_type: type,
        sku,
        name: String(scopedValues(product, view.id).name ?? product.sku),
        weight: type === "configurable" || (type === "bundle" && product.weight === null) ? null : weight,
        row_weight: weight * qty,
        is_virtual: 0,
        is_qty_decimal: 0,
        no_discount: 0,
        free_shipping: 0,
        qty_ordered: qty,
        qty_invoiced: 0,
        qty_shipped: 0,
        qty_refunded: 0,
        qty_canceled: 0,
        price: c(amounts?.price.cents),
        base_price: c(amounts?.price.baseCents),
        original_price: c(amounts?.price.cents),
        base_original_price: c(amounts?.price.baseCents),
        price_incl_tax: c(cur?.unitIncl),
        base_price_incl_tax: c(bas?.unitIncl),
        row_total: c(cur?.row),
        base_row_total: c(bas?.row),
        row_total_incl_tax: c(cur ? cur.row + Math.round((cur.row * (amounts!.taxPercent)) / 100) : 0),
        base_row_total_incl_tax: c(bas ? bas.row + Math.round((bas.row * (amounts!.taxPercent)) / 100) : 0),
        tax_amount: c(cur?.tax),
        base_tax_amount: c(bas?.tax),
        tax_percent: amounts ? amounts.taxPercent : 0,
        discount_amount: c(cur?.discount),
        base_discount_amount: c(bas?.discount),
        discount_percent: amounts ? amounts.discountPercent : 0,
        discount_tax_compensation_amount: 0,
        base_discount_tax_compensation_amount: 0,
        row_invoiced: 0,
        base_row_invoiced: 0,
        tax_invoiced: 0,
        base_tax_invoiced: 0,
        discount_invoiced: 0,
        base_discount_invoiced: 0,
        amount_refunded: 0,
        base_amount_refunded: 0,
        applied_rule_ids: amounts && amounts.discountPercent ? "1" : null,
      };
      return { data };
    };

    const lineCount = 1 + Math.floor(this.random() * 3);
    for (let line = 0, attempts = 0; line < lineCount && attempts < 12; attempts++) {
      const qty = 1 + Math.floor(this.random() * 3);
      // The last attempt of an order with no line yet is a simple product, taken as a backorder if need be.
      const kind = items.length === 0 && attempts >= 11 ? 1 : this.random();
      if (kind < 0.2 && configurables.length) {
        const parent = this.pick(configurables);
        const option = this.pick(parent.configurable!.children);
        const child = instance.productById(option.productId)!;
        if (!this.reserveStock([{ sku: child.sku, qty }])) continue;
        const parentRow = baseRow(parent, child.sku, "configurable", qty, { price: money(child.price ?? 0, rate), qty, discountPercent, taxPercent });
        parentRow.productOption = { extension_attributes: { configurable_item_options: [{ option_id: parent.configurable!.attributeId, option_value: option.valueIndex }] } };
        parentRow.data.weight = child.weight;
        parentRow.data.row_weight = (child.weight ?? 0) * qty;
        items.push(parentRow, baseRow(child, child.sku, "simple", qty, null, Number(parentRow.data.item_id)));
      } else if (kind < 0.32 && bundles.length) {
        const bundle = this.pick(bundles);
        const b = bundle.bundle!;
        const selections = b.options.map((o) => ({ option: o, selection: o.selections[0]! }));
        if (!this.reserveStock(selections.map((s) => ({ sku: s.selection.sku, qty: s.selection.qty * qty })))) continue;
        const sku = b.dynamicSku ? [bundle.sku, ...selections.map((s) => s.selection.sku)].join("-") : bundle.sku;
        // UNVERIFIED: a dynamic-price bundle's parent row shows price 0; its children carry the money.
        const parentRow = baseRow(bundle, sku, "bundle", qty, b.dynamicPrice ? null : { price: money(bundle.price ?? 0, rate), qty, discountPercent, taxPercent });
        parentRow.shipSeparately = b.shipSeparately;
        parentRow.childrenCalculated = b.dynamicPrice;
        parentRow.productOption = {
          extension_attributes: {
            bundle_options: selections.map((s) => ({ option_id: s.option.optionId, option_qty: s.selection.qty, option_selections: [s.selection.selectionId] })),
          },
        };
        items.push(parentRow);
        for (const { selection } of selections) {
          const part = instance.productById(selection.productId)!;
          const childQty = selection.qty * qty;
          items.push(
            baseRow(part, part.sku, "simple", childQty, b.dynamicPrice ? { price: money(part.price ?? 0, rate), qty: childQty, discountPercent, taxPercent } : null, Number(parentRow.data.item_id)),
          );
        }
      } else {
        const product = this.pick(sellable);
        // Nothing salable left anywhere: the last attempts take a backorder rather than no line.
        if (!this.reserveStock([{ sku: product.sku, qty }]) && (items.length > 0 || attempts < 11)) continue;
        items.push(baseRow(product, product.sku, "simple", qty, { price: money(product.price ?? 0, rate), qty, discountPercent, taxPercent }));
      }
      line++;
    }

    const paymentMethod = this.pick(this.options.paymentMethods ?? (["checkmo", "braintree", "braintree", "paypal_express", "banktransfer"] as PaymentMethod[]));
    const shippingMethod = this.pick(this.options.shippingMethods ?? (["flatrate_flatrate", "tablerate_bestway", "freeshipping_freeshipping", "ups_GND"] as ShippingMethod[]));
    const ship = SHIPPING[shippingMethod];
    const shippingMoney = money(ship.base, rate);
    const shippingTaxPercent = place.tax?.onShipping ? taxPercent : 0;
    const shipTax = Math.round((shippingMoney.cents * shippingTaxPercent) / 100);
    const baseShipTax = Math.round((shippingMoney.baseCents * shippingTaxPercent) / 100);

    const sum = (key: string) => items.reduce((s, i) => s + Math.round(Number(i.data[key] ?? 0) * 100), 0);
    const subtotal = sum("row_total");
    const baseSubtotal = sum("base_row_total");
    const discount = sum("discount_amount");
    const baseDiscount = sum("base_discount_amount");
    const itemTax = sum("tax_amount");
    const baseItemTax = sum("base_tax_amount");
    const grand = subtotal + shippingMoney.cents + itemTax + shipTax - discount;
    const baseGrand = baseSubtotal + shippingMoney.baseCents + baseItemTax + baseShipTax - baseDiscount;
    const billing = this.address("billing", orderId, place, { firstname, lastname, email, customerAddressId: customer?.addresses[0]?.id, customerId: customer ? Number(customer.data.id) : undefined });
    const shipping = this.address("shipping", orderId, place, { firstname, lastname, email, customerAddressId: customer?.addresses[0]?.id, customerId: customer ? Number(customer.data.id) : undefined });
    const payment = PAYMENTS[paymentMethod];
    const transId = payment.online ? `${paymentMethod === "braintree" ? "bt" : "PAY"}${Math.floor(this.random() * 1e10).toString(36)}` : null;
    const authorizeOnly = paymentMethod === "braintree" && this.chance(0.2);
    const order: OrderRecord = {
      data: {
        entity_id: orderId,
        increment_id: incrementId(instance, "order", view.id),
        state: "new",
        status: "pending",
        store_id: view.id,
        store_name: storeName(instance.topology, view.id),
        created_at: createdAt,
        updated_at: createdAt,
        customer_email: email,
        customer_firstname: firstname,
        customer_lastname: lastname,
        customer_id: customer ? Number(customer.data.id) : null,
        customer_is_guest: customer ? 0 : 1,
        customer_group_id: customer ? 1 : 0,
        customer_note_notify: 1,
        base_currency_code: base,
        global_currency_code: base,
        store_currency_code: base,
        order_currency_code: currency,
        base_to_global_rate: 1,
        base_to_order_rate: rate,
        store_to_base_rate: 0,
        store_to_order_rate: 0,
        subtotal: fromCents(subtotal),
        base_subtotal: fromCents(baseSubtotal),
        subtotal_incl_tax: fromCents(sum("row_total_incl_tax")),
        base_subtotal_incl_tax: fromCents(sum("base_row_total_incl_tax")),
        discount_amount: -fromCents(discount),
        base_discount_amount: -fromCents(baseDiscount),
        discount_description: coupon ? "SAVE10" : null,
        coupon_code: coupon ? "SAVE10" : null,
        applied_rule_ids: coupon ? "1" : null,
        shipping_amount: fromCents(shippingMoney.cents),
        base_shipping_amount: fromCents(shippingMoney.baseCents),
        shipping_tax_amount: fromCents(shipTax),
        base_shipping_tax_amount: fromCents(baseShipTax),
        shipping_incl_tax: fromCents(shippingMoney.cents + shipTax),
        base_shipping_incl_tax: fromCents(shippingMoney.baseCents + baseShipTax),
        shipping_discount_amount: 0,
        base_shipping_discount_amount: 0,
        shipping_discount_tax_compensation_amount: 0,
        base_shipping_discount_tax_compensation_amnt: 0,
        shipping_description: ship.description,
        tax_amount: fromCents(itemTax + shipTax),
        base_tax_amount: fromCents(baseItemTax + baseShipTax),
        discount_tax_compensation_amount: 0,
        base_discount_tax_compensation_amount: 0,
        grand_total: fromCents(grand),
        base_grand_total: fromCents(baseGrand),
        total_due: fromCents(grand),
        base_total_due: fromCents(baseGrand),
        total_qty_ordered: 0,
        total_item_count: items.filter((i) => i.data.parent_item_id === null).length,
        weight: Math.round(items.reduce((s, i) => s + (i.data.parent_item_id === null ? Number(i.data.row_weight ?? 0) : 0), 0) * 10000) / 10000,
        is_virtual: 0,
        email_sent: 1,
        quote_id: instance.nextId("quote"),
        remote_ip: `203.0.113.${1 + Math.floor(this.random() * 250)}`,
        protect_code: Math.floor(this.random() * 0xffffffffff).toString(16).padStart(10, "0"),
        billing_address_id: billing.data.entity_id,
      },
      items,
      billing,
      shipping,
      payment: {
        data: {
          entity_id: instance.nextId("order_payment"),
          parent_id: orderId,
          method: paymentMethod,
          amount_ordered: fromCents(grand),
          base_amount_ordered: fromCents(baseGrand),
          shipping_amount: fromCents(shippingMoney.cents),
          base_shipping_amount: fromCents(shippingMoney.baseCents),
          account_status: null,
          cc_last4: paymentMethod === "braintree" ? "1111" : null,
          cc_type: paymentMethod === "braintree" ? "VI" : null,
          cc_exp_month: paymentMethod === "braintree" ? "12" : null,
          cc_exp_year: paymentMethod === "braintree" ? "2030" : null,
          last_trans_id: transId,
          amount_authorized: authorizeOnly ? fromCents(grand) : null,
          base_amount_authorized: authorizeOnly ? fromCents(baseGrand) : null,
        },
        additionalInformation: [payment.title],
        info: [
          { key: "method_title", value: payment.title },
          ...(paymentMethod === "braintree" ? [{ key: "cc_type", value: "Visa" }, { key: "cc_number", value: "xxxx-1111" }] : []),
          ...(paymentMethod === "paypal_express" ? [{ key: "paypal_payer_email", value: email }] : []),
        ],
      },
      histories: [],
      shippingMethod,
      appliedTaxes: taxPercent && place.tax ? [{ code: place.tax.code, title: place.tax.code, percent: taxPercent, amount: fromCents(itemTax + shipTax), base_amount: fromCents(baseItemTax + baseShipTax) }] : [],
      shippingTaxPercent,
      onlineCapture: payment.online,
    };
    order.data.total_qty_ordered = totalQtyOrdered(order);
    instance.state.orders.push(order);
    this.reserve(order);

    if (payment.online && !authorizeOnly) {
      instance.atTime(instance.now() + (this.options.updatedAfterSeconds ?? 1) * 1000, () => {
        invoiceOrder(instance, order, { capture: true });
        // UNVERIFIED: the gateway's history wording.
        order.histories.push({
          data: {
            entity_id: instance.nextId("order_status_history"),
            parent_id: orderId,
            comment: `Captured amount of ${fromCents(grand).toFixed(2)} ${currency} online. Transaction ID: "${transId}"`,
            is_customer_notified: null,
            is_visible_on_front: 0,
            status: "processing",
            created_at: instance.nowString(),
            entity_name: "order",
          },
        });
      });
    } else if (authorizeOnly) {
      setState(order, "processing");
    }
    this.outcome(order);
    return order;
  }

  /** MSI reserves ordered quantity; without MSI the legacy qty drops at checkout. */
  private reserve(order: OrderRecord): void {
    const instance = this.instance;
    for (const item of order.items) {
      if (order.items.some((c) => c.data.parent_item_id === item.data.item_id)) continue;
      const sku = String(item.data.sku);
      const qty = Number(item.data.qty_ordered);
      if (instance.config.msi) {
        addReservation(instance, { sku, stockId: DEFAULT_STOCK_ID, quantity: -qty, orderId: Number(order.data.entity_id) });
      } else {
        const code = defaultSourceCode(instance);
        const at = sourceItem(instance, sku, code);
        const left = (at?.quantity ?? 0) - qty;
        setSourceItem(instance, sku, code, left, left > 0 ? 1 : 0);
      }
    }
  }

  private outcome(order: OrderRecord): void {
    const o = this.options.outcomes ?? {};
    const roll = this.random();
    const instance = this.instance;
    const later = (hours: number, fn: () => void) => instance.atTime(instance.now() + hours * 3_600_000, fn);
    if (roll < (o.complete ?? 0)) {
      later(20, () => {
        // Orders paid at checkout are invoiced already; the rest are invoiced when they ship.
        if (canInvoice(order)) invoiceOrder(instance, order, { capture: false });
        try {
          shipOrder(instance, order, { tracks: [{ track_number: `1Z${order.data.increment_id}`, title: "United Parcel Service", carrier_code: "ups" }] });
        } catch (error) {
          // Not enough stock on any source: the order stays invoiced and unshipped, as it would.
          if (!(error instanceof MagentoError)) throw error;
        }
      });
    } else if (roll < (o.complete ?? 0) + (o.canceled ?? 0)) {
      // A paid order cannot be canceled; the merchant refunds it instead and it ends up closed.
      later(3, () => cancelOrder(instance, order) || refundOrder(instance, order, {}));
    } else if (roll < (o.complete ?? 0) + (o.canceled ?? 0) + (o.holded ?? 0)) {
      later(2, () => holdOrder(instance, order));
    }
  }
}

export function generateOrders(instance: MagentoInstance, options: GenerateOrdersOptions) {
  return new OrderGenerator(instance, options).run();
}
