import "server-only";
import type { BrightpearlDiscovery, MagentoDiscovery } from "@/lib/setup/discovery-types";
import { recordFailure } from "@/lib/sync/failure";
import { loadDiscoveries } from "@/lib/sync/orders/context";
import type { ImportDeps } from "@/lib/sync/orders/import";
import { claim, fail, findRecord, skip, succeed } from "@/lib/sync/records";
import { statusAfter } from "@/lib/sync/statuses/expected-status";
import { loadMappings, resolve, type MappingSet } from "@/lib/tenants/mappings";
import type { TenantDb } from "@/lib/tenants/scope";
import { loadSetup } from "@/lib/tenants/settings";
import { fetchNote, noteLabel, noteSourceId, type NoteKind, type ShippedNote } from "./brightpearl-notes";
import { linkedMagentoOrder, rememberMagentoStatus } from "./linked-order";
import { bundleShipmentTypes, fetchFulfilmentOrder, findShipmentByMarker, shipOrder } from "./magento-fulfilment";
import { noteMarker, planShipment, sumLedgers, type BundleLedger, type Carrier } from "./plan";
import { mergeProgress } from "@/lib/sync/progress";
import { bundleComponentRows, fetchSalesOrder, magentoItemByRow } from "./sales-order";

// One shipped Brightpearl note becomes one Magento shipment, exactly once. The note's sync record
// is claimed first (a duplicate webhook finds it done or in progress); the ship call is recorded
// as started before it is made and the shipment id as soon as Magento answers it, so a retry
// either finishes what is recorded or, when the answer may have been lost, looks for the shipment
// by the note named in its comment before shipping anything.

export type FulfilmentDeps = ImportDeps;

export type ShipOutcome =
  | { status: "shipped"; shipmentId: number; warnings: string[]; recovered?: boolean }
  | { status: "already-shipped"; shipmentId: number | null }
  | { status: "skipped"; reason: string }
  | { status: "blocked" | "failed"; message: string }
  | { status: "in-progress" | "flow-off" };

type Progress = { shipStarted?: boolean; shipmentId?: number };

/** Where the ORDERS record keeps, per note, what it gave to bundles that ship whole. */
const BUNDLE_LEDGERS = "bundleNotes";

/**
 * The Magento carrier for a note: its shipping method's mapping, else the order's shipping
 * method's (a note often has none of its own), else a custom carrier titled after the method.
 */
export function carrierFor(mappings: MappingSet, brightpearl: BrightpearlDiscovery | undefined, shippingMethodId: number | undefined, orderShippingMethodId?: number): Carrier {
  for (const id of [shippingMethodId, orderShippingMethodId]) {
    const mapped = id === undefined ? undefined : resolve(mappings, "carrier", String(id));
    if (mapped) return mapped.target;
  }
  const method = shippingMethodId ?? orderShippingMethodId;
  const name = brightpearl?.shippingMethods.find((m) => m.id === method)?.name;
  return { carrierCode: "custom", title: name ?? "Brightpearl" };
}

/**
 * On MSI stores, the source whose mapped Brightpearl warehouses include the note's warehouse.
 * Without one, Magento's own source selection decides; a drop-shipped note has no warehouse.
 */
export function sourceFor(mappings: MappingSet, magento: MagentoDiscovery | undefined, note: ShippedNote): { sourceCode?: string; warning?: string } {
  if (!magento?.msi) return {};
  if (note.warehouseId !== undefined) {
    for (const row of mappings["source-warehouses"].values()) if (row.target.warehouseIds.includes(note.warehouseId)) return { sourceCode: row.sourceKey };
  }
  const enabled = magento.sources.filter((s) => s.enabled);
  if (enabled.length === 1) return { sourceCode: enabled[0]!.code };
  if (note.kind === "drop-ship") return {};
  return { warning: `No Magento source is mapped to Brightpearl warehouse ${note.warehouseId}; Magento chose the source itself.` };
}

type Key = { tenantId: string; flow: "SHIPMENTS"; sourceId: string };

/** What the order's other notes gave to bundles that ship whole. */
function earlierLedgers(ordersProgress: unknown, sourceId: string): BundleLedger {
  const all = ((ordersProgress as Record<string, unknown> | null)?.[BUNDLE_LEDGERS] ?? {}) as Record<string, BundleLedger>;
  return sumLedgers(Object.entries(all).flatMap(([note, ledger]) => (note === sourceId ? [] : [ledger])));
}

export async function shipNote(deps: FulfilmentDeps, kind: NoteKind, noteId: number): Promise<ShipOutcome> {
  const { scoped, tenant } = deps;
  const key: Key = { tenantId: tenant.id, flow: "SHIPMENTS", sourceId: noteSourceId(kind, noteId) };
  const existing = await findRecord(scoped, key);
  if (existing?.status === "SUCCEEDED") return { status: "already-shipped", shipmentId: existing.targetId ? Number(existing.targetId) : null };
  // A delivery or a re-queue may outlive the merchant switching the flow off: nothing is written then.
  if (!(await loadSetup(scoped)).flows.shipments) return { status: "flow-off" };
  if (!(await claim(scoped, key, noteLabel(kind, noteId)))) return { status: "in-progress" };
  const progress = ((await findRecord(scoped, key))?.progress ?? {}) as Progress;
  const save = (patch: Progress, targetId?: number) =>
    Promise.all([mergeProgress(scoped, key, patch), targetId === undefined ? undefined : scoped.syncRecord.update({ where: { tenantId_flow_sourceId: key }, data: { targetId: String(targetId) } })]);

  try {
    // Magento answered an earlier attempt with the shipment, which then stopped short of finishing.
    if (progress.shipmentId !== undefined) {
      await succeed(scoped, key, { targetId: String(progress.shipmentId), response: { shipmentId: progress.shipmentId, recovered: true } });
      return { status: "shipped", shipmentId: progress.shipmentId, warnings: [], recovered: true };
    }
    const note = await fetchNote(deps.brightpearl, kind, noteId);
    if (!note) {
      const message = `Brightpearl has no ${noteLabel(kind, noteId).toLowerCase()} any more.`;
      await fail(scoped, key, { kind: "not-found", message }, false);
      return { status: "failed", message };
    }
    if (!note.shipped) {
      const reason = `${noteLabel(kind, noteId)} has not shipped yet.`;
      await skip(scoped, key, reason);
      return { status: "skipped", reason };
    }
    const linked = await linkedMagentoOrder(scoped, note.orderId);
    if (!linked) {
      const reason = `Brightpearl order ${note.orderId} did not come from Magento through the connector, so there is nothing to ship in Magento.`;
      await skip(scoped, key, reason);
      return { status: "skipped", reason };
    }
    const { magentoOrderId } = linked;
    const label = `${noteLabel(kind, noteId)} → Magento ${linked.record.sourceLabel ?? `order ${magentoOrderId}`}`;
    await scoped.syncRecord.update({ where: { tenantId_flow_sourceId: key }, data: { sourceLabel: label } });

    if (progress.shipStarted) {
      // The ship call's answer may have been lost: Magento has no idempotency key, so look first.
      const found = await findShipmentByMarker(deps.magento, magentoOrderId, noteMarker(kind, noteId));
      if (found !== undefined) {
        await save({ shipmentId: found }, found);
        const after = await fetchFulfilmentOrder(deps.magento, magentoOrderId);
        await rememberMagentoStatus(scoped, tenant.id, magentoOrderId, after.status ?? after.state);
        await succeed(scoped, key, { targetId: String(found), response: { shipmentId: found, recovered: true } });
        return { status: "shipped", shipmentId: found, warnings: [], recovered: true };
      }
    }

    const [salesOrder, order] = await Promise.all([fetchSalesOrder(deps.brightpearl, note.orderId), fetchFulfilmentOrder(deps.magento, magentoOrderId)]);
    if (!salesOrder) {
      const message = `Brightpearl has no sales order ${note.orderId} any more.`;
      await fail(scoped, key, { kind: "not-found", message }, false);
      return { status: "failed", message };
    }
    const bundleProducts = order.items.filter((i) => i.product_type === "bundle" && i.product_id !== undefined).map((i) => i.product_id!);
    const [types, setup, mappings, discoveries] = await Promise.all([bundleShipmentTypes(deps.magento, bundleProducts), loadSetup(scoped), loadMappings(scoped), loadDiscoveries(scoped)]);
    const source = sourceFor(mappings, discoveries.magento, note);
    const plan = planShipment({
      note,
      itemByRow: magentoItemByRow(salesOrder),
      components: bundleComponentRows(salesOrder),
      earlierNotes: earlierLedgers(linked.record.progress, key.sourceId),
      order,
      bundleShipment: (bundle) => (bundle.product_id === undefined ? "together" : (types.get(bundle.product_id) ?? "together")),
      carrier: carrierFor(mappings, discoveries.brightpearl, note.shippingMethodId, salesOrder.delivery?.shippingMethodId ?? undefined),
      sourceCode: source.sourceCode,
      notify: setup.options.notifyCustomerOnShipment,
    });
    const warnings = [...plan.warnings, ...(source.warning ? [source.warning] : [])];
    // Bundle parts on this note count toward later notes whether or not anything ships now.
    if (Object.keys(plan.bundles).length) {
      await mergeProgress(scoped, { tenantId: tenant.id, flow: "ORDERS", sourceId: String(magentoOrderId) }, { [key.sourceId]: plan.bundles }, BUNDLE_LEDGERS);
    }
    if (plan.outcome === "nothing") {
      const reason = `Not shipped in Magento: ${plan.reason}.${warnings.length ? ` ${warnings.join(" ")}` : ""}`;
      await skip(scoped, key, reason);
      return { status: "skipped", reason };
    }

    await save({ shipStarted: true });
    // Magento moves the order on by itself (processing, complete): the orders flow must not carry
    // that reaction back into Brightpearl, whose status the merchant may have set since.
    const previous = order.status ?? order.state;
    await rememberMagentoStatus(scoped, tenant.id, magentoOrderId, statusAfter(order, { shipped: new Map(plan.lines.map((l) => [l.itemId, l.qty])) }));
    let shipmentId: number;
    try {
      shipmentId = await shipOrder(deps.magento, magentoOrderId, plan.request);
    } catch (error) {
      await rememberMagentoStatus(scoped, tenant.id, magentoOrderId, previous);
      throw error;
    }
    await save({ shipmentId }, shipmentId);
    const after = await fetchFulfilmentOrder(deps.magento, magentoOrderId);
    await rememberMagentoStatus(scoped, tenant.id, magentoOrderId, after.status ?? after.state);
    await succeed(scoped, key, { targetId: String(shipmentId), request: plan.request, response: { shipmentId, lines: plan.lines, warnings }, warnings });
    return { status: "shipped", shipmentId, warnings };
  } catch (error) {
    return recordFailure(scoped, key, error);
  }
}
