// Multi-Source Inventory: sources, the single default stock, source items (physical quantity per
// source) and reservations (open order quantities). Salable quantity = in-stock source quantity of
// the stock's enabled sources + reservations (negative while orders wait to ship). With MSI off the
// same default-source rows back the legacy stock item.
import type { MagentoInstance } from "../instance";
import type { FieldKind } from "../http/search-criteria";
import type { ReservationRecord, Scalar, SourceItemRecord } from "./types";

export const DEFAULT_STOCK_ID = 1;

export function defaultSourceCode(instance: MagentoInstance): string {
  return instance.config.sources[0]!.code;
}

export function sourceItem(instance: MagentoInstance, sku: string, sourceCode: string): SourceItemRecord | undefined {
  const lower = sku.toLowerCase();
  return instance.state.sourceItems.find((s) => s.source_code === sourceCode && s.sku.toLowerCase() === lower);
}

export function setSourceItem(instance: MagentoInstance, sku: string, sourceCode: string, quantity: number, status: 0 | 1): SourceItemRecord {
  const existing = sourceItem(instance, sku, sourceCode);
  if (existing) {
    existing.quantity = quantity;
    existing.status = status;
    return existing;
  }
  const created: SourceItemRecord = { sku, source_code: sourceCode, quantity, status };
  instance.state.sourceItems.push(created);
  return created;
}

export function removeSourceItem(instance: MagentoInstance, sku: string, sourceCode: string): void {
  const lower = sku.toLowerCase();
  instance.state.sourceItems = instance.state.sourceItems.filter((s) => !(s.source_code === sourceCode && s.sku.toLowerCase() === lower));
}

export function addReservation(instance: MagentoInstance, reservation: ReservationRecord): void {
  if (reservation.quantity !== 0) instance.state.reservations.push(reservation);
}

export function salableQuantity(instance: MagentoInstance, sku: string): number {
  const enabled = new Set(instance.config.sources.filter((s) => s.enabled).map((s) => s.code));
  const lower = sku.toLowerCase();
  let total = 0;
  for (const item of instance.state.sourceItems) {
    if (item.sku.toLowerCase() === lower && item.status === 1 && enabled.has(item.source_code)) total += item.quantity;
  }
  for (const r of instance.state.reservations) if (r.sku.toLowerCase() === lower) total += r.quantity;
  return total;
}

export function sourceOutput(instance: MagentoInstance, code: string) {
  const s = instance.config.sources.find((x) => x.code === code);
  if (!s) return undefined;
  return {
    source_code: s.code,
    name: s.name,
    enabled: s.enabled,
    country_id: s.countryId,
    postcode: s.postcode,
    use_default_carrier_config: true,
    carrier_links: [],
    extension_attributes: { is_pickup_location_active: false, frontend_name: s.name },
  };
}

export function stockOutput(instance: MagentoInstance) {
  return {
    stock_id: DEFAULT_STOCK_ID,
    name: "Default Stock",
    extension_attributes: {
      sales_channels: instance.topology.websites.filter((w) => w.id !== 0).map((w) => ({ type: "website", code: w.code })),
    },
  };
}

export const SOURCE_ITEM_FIELDS: Record<string, FieldKind> = { sku: "string", source_code: "string", quantity: "decimal", status: "int" };

export const SOURCE_FIELDS: Record<string, FieldKind> = {
  source_code: "string",
  name: "string",
  enabled: "int",
  country_id: "string",
  postcode: "string",
};

export function sourceField(instance: MagentoInstance, code: string, field: string): Scalar | undefined {
  const s = instance.config.sources.find((x) => x.code === code)!;
  switch (field) {
    case "source_code":
      return s.code;
    case "name":
      return s.name;
    case "enabled":
      return s.enabled ? 1 : 0;
    case "country_id":
      return s.countryId;
    case "postcode":
      return s.postcode;
    default:
      return undefined;
  }
}
