// What a Magento credit memo becomes in Brightpearl: a sales credit linked to the imported order,
// with rows for the refunded items (the same product rows the import made: configurables by their
// parent, bundles as their components or as the bundle, as the original order has them), for the
// refunded shipping and for adjustments, tax codes by the same mapping as the import, and the
// refund payment. Pure: the caller reads both sides and passes them in.
import { allocate, toDecimal, toMinor } from "@/lib/money";
import { parseMagentoDateTime } from "@/lib/magento/search-criteria";
import type { Issue, RowDraft } from "@/lib/sync/orders/plan";
import { ROUNDING_TOLERANCE_MINOR } from "@/lib/sync/orders/plan";
import type { FulfilmentItem, FulfilmentOrder } from "@/lib/sync/shipments/magento-fulfilment";
import type { SalesOrder, SalesOrderRow } from "@/lib/sync/shipments/sales-order";
import { resolve, taxRateKey, type MappingSet } from "@/lib/tenants/mappings";
import type { SettingsOptions } from "@/lib/tenants/settings";
import type { CreditMemo, CreditMemoItem } from "./magento-creditmemos";

export type CreditContext = {
  installationInstanceId: number;
  mappings: MappingSet;
  options: SettingsOptions;
  /** a Brightpearl tax code with a zero rate, for adjustment and rounding rows */
  zeroTaxCode?: string;
};

/** A credit's row is an order row (as the import drafts them), or an adjustment of the refund. */
export type CreditRow = Omit<RowDraft, "kind" | "sku"> & { kind: RowDraft["kind"] | "adjustment" };

export type RefundPayment = {
  paymentMethodCode: string;
  transactionRef: string;
  transactionCode: string;
  currencyIsoCode: string;
  amount: string;
  paymentDate: string;
  journalRef: string;
};

export type CreditPlan =
  | { outcome: "ready"; externalRef: string; body: Record<string, unknown>; rows: CreditRow[]; payment?: RefundPayment; currency: string }
  | { outcome: "blocked"; issues: Issue[] }
  | { outcome: "invalid"; message: string };

export const creditExternalRef = (memo: { entity_id: number }) => `creditmemo:${memo.entity_id}`;

const truncate = (s: string, n: number) => s.slice(0, n);

function shippingTaxPercent(order: FulfilmentOrder, memo: CreditMemo, currency: string): number {
  const applied = order.extension_attributes?.item_applied_taxes?.find((t) => t.type === "shipping")?.applied_taxes;
  if (applied?.length) return applied.reduce((s, t) => s + (t.percent ?? 0), 0);
  const net = toMinor(memo.shipping_amount, currency);
  const tax = toMinor(memo.shipping_tax_amount, currency);
  return net > 0 && tax > 0 ? Math.round((tax / net) * 10_000) / 100 : 0;
}

type Money = { net: number; tax: number };

export function planCredit(memo: CreditMemo, order: FulfilmentOrder, original: SalesOrder, ctx: CreditContext): CreditPlan {
  const currency = memo.order_currency_code ?? order.order_currency_code ?? original.currency.code;
  const issues: Issue[] = [];
  const rows: CreditRow[] = [];
  const byId = new Map(order.items.map((i) => [i.item_id, i]));
  const originalRow = new Map<string, SalesOrderRow>();
  for (const r of original.rows) if (r.externalRef) originalRow.set(r.externalRef, r);
  const money = (m: CreditMemoItem | undefined): Money =>
    m
      ? {
          net: toMinor(m.row_total, currency) + toMinor(m.discount_tax_compensation_amount, currency) - toMinor(m.discount_amount, currency),
          tax: toMinor(m.tax_amount, currency),
        }
      : { net: 0, tax: 0 };

  const taxCodeFor = (percent: number | undefined, fallback: string | null | undefined): string => {
    const key = taxRateKey(percent ?? 0);
    const mapped = resolve(ctx.mappings, "tax-rate", key);
    if (mapped) return mapped.target.taxCode;
    if (fallback) return fallback;
    if (!issues.some((i) => i.mapping?.kind === "tax-rate" && i.mapping.key === key)) {
      issues.push({ code: "mapping-missing", message: `Tax rate ${key}% has no Brightpearl tax code.`, mapping: { kind: "tax-rate", key } });
    }
    return "";
  };

  const push = (item: FulfilmentItem, quantity: number, m: Money, percent: number | undefined) => {
    if (quantity <= 0 && m.net === 0 && m.tax === 0) return;
    const bp = originalRow.get(String(item.item_id));
    const common = {
      quantity: quantity > 0 ? quantity : 1,
      net: toDecimal(m.net, currency),
      tax: toDecimal(m.tax, currency),
      taxCode: taxCodeFor(percent, bp?.taxCode),
      externalRef: String(item.item_id),
    };
    if (bp?.productId) rows.push({ ...common, kind: "product", productId: bp.productId, ...(bp.nominalCode ? { nominalCode: bp.nominalCode } : {}) });
    else rows.push({ ...common, kind: "free-text", name: truncate(bp?.name ?? `${item.name ?? item.sku} (SKU ${item.sku})`, 255), nominalCode: bp?.nominalCode ?? ctx.options.salesNominalCode });
  };

  // Credit memo lines grouped under the order line they belong to (a configurable or bundle parent).
  type Group = { top: FulfilmentItem; own?: CreditMemoItem; children: Map<number, CreditMemoItem> };
  const groups = new Map<number, Group>();
  for (const m of memo.items) {
    const item = byId.get(m.order_item_id);
    if (!item) return { outcome: "invalid", message: `Credit memo #${memo.increment_id ?? memo.entity_id} names item ${m.order_item_id}, which is not on Magento order #${order.increment_id}.` };
    const top = item.parent_item_id !== undefined ? (byId.get(item.parent_item_id) ?? item) : item;
    const group: Group = groups.get(top.item_id) ?? { top, children: new Map() };
    if (top === item) group.own = m;
    else group.children.set(item.item_id, m);
    groups.set(top.item_id, group);
  }

  for (const { top, own, children } of groups.values()) {
    const parts = order.items.filter((i) => i.parent_item_id === top.item_id);
    const perUnit = (c: FulfilmentItem) => c.qty_ordered / (top.qty_ordered || 1);
    const topQty = own?.qty ?? Math.max(0, ...[...children].map(([id, m]) => m.qty / perUnit(byId.get(id)!)));
    const total = [own, ...children.values()].reduce((s, m) => ({ net: s.net + money(m).net, tax: s.tax + money(m).tax }), { net: 0, tax: 0 });
    if (top.product_type === "bundle" && parts.length && !originalRow.has(String(top.item_id))) {
      // Imported as its components: each refunded component is its own row; a fixed-price bundle's money is shared out.
      const lines = parts
        .map((c) => ({ c, qty: children.get(c.item_id)?.qty ?? topQty * perUnit(c), m: money(children.get(c.item_id)) }))
        .filter((l) => l.qty > 0 || l.m.net !== 0 || l.m.tax !== 0);
      const parent = money(own);
      const weights = lines.map((l) => Math.max(1, Math.round(l.qty)));
      const nets = allocate(parent.net, weights);
      const taxes = allocate(parent.tax, weights);
      lines.forEach((l, k) => push(l.c, l.qty, { net: l.m.net + nets[k]!, tax: l.m.tax + taxes[k]! }, l.c.tax_percent || top.tax_percent));
    } else {
      // A configurable (or a bundle imported as the bundle product) is one row: the parent's.
      push(top, topQty, total, top.tax_percent ?? parts.find((p) => p.tax_percent)?.tax_percent);
    }
  }

  const shippingNet = toMinor(memo.shipping_amount, currency);
  const shippingTax = toMinor(memo.shipping_tax_amount, currency);
  if (shippingNet !== 0 || shippingTax !== 0) {
    const shippedRow = original.rows.find((r) => !r.productId && !r.externalRef && /^shipping/i.test(r.name ?? ""));
    rows.push({
      kind: "shipping",
      name: truncate(`Shipping refund: ${order.shipping_description ?? "shipping"}`, 255),
      quantity: 1,
      net: toDecimal(shippingNet, currency),
      tax: toDecimal(shippingTax, currency),
      taxCode: taxCodeFor(shippingTaxPercent(order, memo, currency), shippedRow?.taxCode),
      nominalCode: ctx.options.shippingNominalCode,
    });
  }

  const zero = ctx.zeroTaxCode ?? resolve(ctx.mappings, "tax-rate", "0")?.target.taxCode ?? rows[0]?.taxCode ?? "";
  const adjustmentRefund = toMinor(memo.adjustment_positive, currency);
  const adjustmentFee = toMinor(memo.adjustment_negative, currency);
  if (adjustmentRefund > 0) {
    rows.push({ kind: "adjustment", name: "Adjustment refund", quantity: 1, net: toDecimal(adjustmentRefund, currency), tax: toDecimal(0, currency), taxCode: zero, nominalCode: ctx.options.salesNominalCode });
  }
  if (adjustmentFee > 0) {
    rows.push({ kind: "adjustment", name: "Adjustment fee", quantity: 1, net: toDecimal(-adjustmentFee, currency), tax: toDecimal(0, currency), taxCode: zero, nominalCode: ctx.options.salesNominalCode });
  }

  let payment: RefundPayment | undefined;
  const refunded = toMinor(memo.grand_total, currency);
  const placed = parseMagentoDateTime(memo.created_at);
  const number = memo.increment_id ?? String(memo.entity_id);
  if (refunded > 0) {
    const method = order.payment?.method ?? "";
    const mapping = resolve(ctx.mappings, "payment-method", method);
    if (!mapping) issues.push({ code: "mapping-missing", message: `Payment method "${method}" has no Brightpearl payment method.`, mapping: { kind: "payment-method", key: method } });
    else {
      payment = {
        paymentMethodCode: mapping.target.paymentMethodCode,
        transactionRef: truncate(`creditmemo-${number}`, 64),
        transactionCode: truncate(`magento-${order.increment_id}`, 64),
        currencyIsoCode: currency,
        amount: toDecimal(refunded, currency),
        paymentDate: placed.toISOString(),
        journalRef: truncate(`Magento credit memo #${number} (order #${order.increment_id})`, 255),
      };
    }
  }

  if (issues.length) return { outcome: "blocked", issues };
  if (rows.length === 0) return { outcome: "invalid", message: `Credit memo #${number} refunds nothing Brightpearl could record.` };

  const sum = rows.reduce((s, r) => s + toMinor(r.net, currency) + toMinor(r.tax, currency), 0);
  const difference = refunded - sum;
  if (Math.abs(difference) > ROUNDING_TOLERANCE_MINOR) {
    return { outcome: "invalid", message: `The credit rows add up to ${toDecimal(sum, currency)} ${currency} but credit memo #${number} refunds ${toDecimal(refunded, currency)}.` };
  }
  if (difference !== 0) {
    rows.push({ kind: "rounding", name: "Rounding", quantity: 1, net: toDecimal(difference, currency), tax: toDecimal(0, currency), taxCode: zero, nominalCode: ctx.options.salesNominalCode });
  }

  const externalRef = creditExternalRef(memo);
  const body: Record<string, unknown> = {
    customer: { id: original.customer.id },
    billing: { contactId: original.billing?.contactId ?? original.customer.id },
    ref: truncate(number, 64),
    externalRef,
    installedIntegrationInstanceId: ctx.installationInstanceId,
    parentId: original.id,
    placedOn: placed.toISOString(),
    ...(original.channelId ? { channelId: original.channelId } : {}),
    ...(original.warehouseId ? { warehouseId: original.warehouseId } : {}),
    ...(original.priceListId ? { priceListId: original.priceListId } : {}),
    priceModeCode: "EXC",
    currency: {
      code: currency,
      fixedExchangeRate: original.currency.fixedExchangeRate ?? false,
      ...(original.currency.fixedExchangeRate && original.currency.exchangeRate ? { exchangeRate: original.currency.exchangeRate } : {}),
    },
    ...(original.delivery?.shippingMethodId ? { delivery: { shippingMethodId: original.delivery.shippingMethodId } } : {}),
    rows: rows.map(({ kind: _kind, ...row }) => row),
  };
  return { outcome: "ready", externalRef, body, rows, ...(payment ? { payment } : {}), currency };
}
