// Reads one submitted mapping row: which kind and key, and the target the merchant chose, checked
// against what Brightpearl has (when it has been read) so a stale or tampered choice is refused
// with a sentence saying what to do.
import { z } from "zod";
import { ANY, mappingKinds, type MappingKind, type MappingTarget } from "@/lib/tenants/mappings";
import type { BrightpearlDiscovery } from "./discovery-types";
import { MAGENTO_CARRIERS, SKIP } from "./mapping-view";

export type FormLike = { get(name: string): FormDataEntryValue | null; getAll(name: string): FormDataEntryValue[] };

export type ParsedRow = { [K in MappingKind]: { kind: K; sourceKey: string; target: MappingTarget<K> } }[MappingKind];

export type RowResult = { ok: true; row: ParsedRow } | { ok: false; field: string; error: string };

const text = (form: FormLike, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
};

const id = (message: string) => z.string().regex(/^\d{1,10}$/, message).transform(Number);

/** A Magento key: a code, a percentage, "*", or for shipping methods a pattern such as tablerate_*. */
const sourceKeySchema = z.string().min(1, "Name the Magento value").max(255, "At most 255 characters");
const patternSchema = z
  .string()
  .min(2, "Type a pattern such as tablerate_*")
  .max(100, "At most 100 characters")
  .regex(/^[A-Za-z0-9_.*-]+$/, "Use letters, digits, _ . - and * only")
  .refine((p) => p.includes("*") && p !== ANY, "A pattern needs a * and something else, e.g. tablerate_*");

const fail = (field: string, error: string): RowResult => ({ ok: false, field, error });

export function parseMappingRow(form: FormLike, b: BrightpearlDiscovery | null): RowResult {
  const kind = text(form, "kind") as MappingKind;
  if (!mappingKinds.includes(kind)) return fail("kind", "This mapping is not one the connector knows.");
  const isPattern = text(form, "pattern") === "1";
  const key = (isPattern ? patternSchema : sourceKeySchema).safeParse(text(form, "sourceKey"));
  if (!key.success) return fail("sourceKey", key.error.issues[0]!.message);
  if (isPattern && kind !== "shipping-method") return fail("sourceKey", "Patterns are for shipping methods only.");
  const sourceKey = key.data;

  const pick = <T>(name: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; result: RowResult } => {
    const parsed = schema.safeParse(text(form, name));
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, result: fail(name, parsed.error.issues[0]!.message) };
  };
  const known = <T>(list: T[] | undefined, has: (t: T) => boolean) => !b || !list?.length || list.some(has);
  const gone = (field: string, what: string) => fail(field, `Brightpearl has no such ${what} any more: press Refresh, then choose again.`);

  switch (kind) {
    case "store-view": {
      const channel = pick("channelId", id("Choose a channel"));
      if (!channel.ok) return channel.result;
      if (!known(b?.channels, (c) => c.id === channel.value)) return gone("channelId", "channel");
      const priceList = pick("priceListId", id("Choose a price list"));
      if (!priceList.ok) return priceList.result;
      if (!known(b?.priceLists, (l) => l.id === priceList.value)) return gone("priceListId", "price list");
      const warehouseRaw = text(form, "warehouseId");
      let warehouseId: number | undefined;
      if (warehouseRaw) {
        const w = pick("warehouseId", id("Choose a warehouse"));
        if (!w.ok) return w.result;
        if (!known(b?.warehouses, (x) => x.id === w.value)) return gone("warehouseId", "warehouse");
        warehouseId = w.value;
      }
      return { ok: true, row: { kind, sourceKey, target: { channelId: channel.value, priceListId: priceList.value, ...(warehouseId ? { warehouseId } : {}) } } };
    }
    case "source-warehouses": {
      const raw = form.getAll("warehouseIds").filter((v): v is string => typeof v === "string" && v !== "");
      if (!raw.length) return fail("warehouseIds", "Choose at least one warehouse");
      if (raw.some((v) => !/^\d{1,10}$/.test(v))) return fail("warehouseIds", "Choose warehouses from the list");
      const warehouseIds = [...new Set(raw.map(Number))];
      if (warehouseIds.some((w) => !known(b?.warehouses, (x) => x.id === w))) return gone("warehouseIds", "warehouse");
      return { ok: true, row: { kind, sourceKey, target: { warehouseIds } } };
    }
    case "order-status-in": {
      if (text(form, "statusId") === SKIP) return { ok: true, row: { kind, sourceKey, target: { skip: true } } };
      const status = pick("statusId", id("Choose a status, or skip"));
      if (!status.ok) return status.result;
      if (!known(b?.orderStatuses, (s) => s.id === status.value)) return gone("statusId", "status");
      return { ok: true, row: { kind, sourceKey, target: { statusId: status.value } } };
    }
    case "order-status-out": {
      const status = pick("status", z.string().regex(/^[a-z0-9_]{1,32}$/, "Choose a Magento status"));
      if (!status.ok) return status.result;
      return { ok: true, row: { kind, sourceKey, target: { status: status.value } } };
    }
    case "shipping-method": {
      const method = pick("shippingMethodId", id("Choose a shipping method"));
      if (!method.ok) return method.result;
      if (!known(b?.shippingMethods, (s) => s.id === method.value)) return gone("shippingMethodId", "shipping method");
      return { ok: true, row: { kind, sourceKey, target: { shippingMethodId: method.value } } };
    }
    case "payment-method": {
      const code = pick("paymentMethodCode", z.string().min(1, "Choose a payment method").max(36));
      if (!code.ok) return code.result;
      if (!known(b?.paymentMethods, (p) => p.code === code.value)) return gone("paymentMethodCode", "payment method");
      const nominalCode = text(form, "nominalCode");
      if (nominalCode && !known(b?.nominalCodes, (n) => n.code === nominalCode)) return gone("nominalCode", "nominal code");
      return { ok: true, row: { kind, sourceKey, target: { paymentMethodCode: code.value, ...(nominalCode ? { nominalCode } : {}) } } };
    }
    case "tax-rate": {
      const code = pick("taxCode", z.string().min(1, "Choose a tax code").max(36));
      if (!code.ok) return code.result;
      if (!known(b?.taxCodes, (t) => t.code === code.value)) return gone("taxCode", "tax code");
      return { ok: true, row: { kind, sourceKey, target: { taxCode: code.value } } };
    }
    case "carrier": {
      const carrier = pick("carrierCode", z.enum(MAGENTO_CARRIERS.map((c) => c.value) as [string, ...string[]], { message: "Choose a Magento carrier" }));
      if (!carrier.ok) return carrier.result;
      // Custom tracking shows the Brightpearl shipping method's name; the others their carrier's.
      const method = b?.shippingMethods.find((s) => String(s.id) === sourceKey);
      const title = carrier.value === "custom" ? (method?.name ?? "Shipping") : MAGENTO_CARRIERS.find((c) => c.value === carrier.value)!.label;
      return { ok: true, row: { kind, sourceKey, target: { carrierCode: carrier.value, title } } };
    }
  }
}
