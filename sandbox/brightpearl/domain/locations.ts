// Warehouse locations. Every warehouse has two special locations: the default location (where
// stock lives when the account does not use multiple locations) and the quarantine location
// (stock present in the warehouse but not for sale, allocation or reservation — unpacked
// deliveries, damaged stock, customer returns). The sandbox models only these two.
import { notFound } from "../http/errors";
import type { AccountState } from "../state/types";

/** UNVERIFIED: location ids are account-wide integers; the sandbox derives them from the warehouse id. */
export const defaultLocationId = (warehouseId: number) => warehouseId * 100 + 1;
export const quarantineLocationId = (warehouseId: number) => warehouseId * 100 + 9;

export type LocationKind = "default" | "quarantine";

export function warehouseOrThrow(account: AccountState, warehouseId: number) {
  const warehouse = account.reference.warehouses.find((w) => w.id === warehouseId);
  if (!warehouse) throw notFound(`Warehouse ${warehouseId} not found`);
  return warehouse;
}

/** What a location id is within a warehouse, or undefined when the warehouse has no such location. */
export function locationKind(warehouseId: number, locationId: number): LocationKind | undefined {
  if (locationId === defaultLocationId(warehouseId)) return "default";
  if (locationId === quarantineLocationId(warehouseId)) return "quarantine";
  return undefined;
}

/** GET /warehouse-service/warehouse/{id}/location[/{ID-SET}]: the documented example's shapes. */
export function renderLocations(warehouseId: number, ids?: Set<number>) {
  const all = [
    { id: defaultLocationId(warehouseId), warehouseId, groupingA: "0", groupingB: "0", groupingC: "0", groupingD: "0", barcode: `90485${String(defaultLocationId(warehouseId)).padStart(5, "0")}` },
    { id: quarantineLocationId(warehouseId), warehouseId, groupingA: "QUARANTINE" },
  ];
  return ids ? all.filter((l) => ids.has(l.id)) : all;
}
