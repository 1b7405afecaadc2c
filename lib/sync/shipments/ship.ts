import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { redact } from "@/lib/redact";
import type { BrightpearlDiscovery, MagentoDiscovery } from "@/lib/setup/discovery-types";
import { loadDiscoveries } from "@/lib/sync/orders/context";
import type { ImportDeps } from "@/lib/sync/orders/import";
import { claim, fail, findRecord, saveProgress, skip, succeed } from "@/lib/sync/records";
import { loadMappings, resolve, type MappingSet } from "@/lib/tenants/mappings";
import type { TenantDb } from "@/lib/tenants/scope";
import { loadSetup } from "@/lib/tenants/settings";
import { fetchNote, noteLabel, noteSourceId, type NoteKind, type ShippedNote } from "./brightpearl-notes";
import { recordFailure } from "./failure";
import { statusAfter } from "@/lib/sync/statuses/expected-status";
import { linkedMagentoOrder, rememberMagentoStatus } from "./linked-order";
import { bundleShipmentTypes, fetchFulfilmentOrder, findShipmentByMarker, shipOrder } from "./magento-fulfilment";
import { noteMarker, planShipment, type Carrier } from "./plan";
import { fetchSalesOrder, magentoItemByRow } from "./sales-order";

// One shipped Brightpearl note becomes one Magento shipment, exactly once. The note's sync record
// is claimed first (a duplicate webhook finds it done or in progress); the ship call is recorded
// as started before it is made, and Magento has no idempotency key, so a retry after an answer
// that may have been lost looks for the shipment by the note named in its comment first.

export type FulfilmentDeps = ImportDeps;

export type ShipOutcome =
  | { status: "shipped"; shipmentId: number; warnings: string[]; recovered?: boolean }
  | { status: "already-shipped"; shipmentId: number | null }
  | { status: "skipped"; reason: string }
  | { status: "blocked" | "failed"; message: string }
  | { status: "in-progress" };

type Progress = { magentoOrderId?: number; shipStarted?: boolean; shipmentId?: number };

/** The Magento carrier for a Brightpearl shipping method: mapped, else a custom carrier titled after the method. */
export function carrierFor(mappings: MappingSet, brightpearl: BrightpearlDiscovery | undefined, shippingMethodId: number | undefined): Carrier {
  const mapped = resolve(mappings, "carrier", shippingMethodId === undefined ? "" : String(shippingMethodId));
  if (mapped) return mapped.target;
  const name = brightpearl?.shippingMethods.find((m) => m.id === shippingMethodId)?.name;
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

/** Done, keeping any warning on the record (in the same write), so the merchant sees what was left out. */
async function succeedWithWarnings(scoped: TenantDb, key: { tenantId: string; flow: "SHIPMENTS"; sourceId: string }, input: { targetId: string; request: unknown; response: unknown }, warnings: string[]) {
  await scoped.syncRecord.update({
    where: { tenantId_flow_sourceId: key },
    data: {
      status: "SUCCEEDED",
      targetId: input.targetId,
      completedAt: new Date(),
      lastError: warnings.length ? warnings.join(" ") : null,
      lastErrorKind: null,
      blockedBy: [],
      requestPayload: redact(input.request) as Prisma.InputJsonValue,
      responsePayload: redact(input.response) as Prisma.InputJsonValue,
    },
  });
}

export async function shipNote(deps: FulfilmentDeps, kind: NoteKind, noteId: number): Promise<ShipOutcome> {
  const { scoped, tenant } = deps;
  const key = { tenantId: tenant.id, flow: "SHIPMENTS" as const, sourceId: noteSourceId(kind, noteId) };
  const existing = await findRecord(scoped, key);
  if (existing?.status === "SUCCEEDED") return { status: "already-shipped", shipmentId: existing.targetId ? Number(existing.targetId) : null };
  if (!(await claim(scoped, key, noteLabel(kind, noteId)))) return { status: "in-progress" };
  let progress = ((await findRecord(scoped, key))?.progress ?? {}) as Progress;
  const save = async (patch: Progress, targetId?: number) => {
    progress = { ...progress, ...patch };
    await saveProgress(scoped, key, progress, targetId === undefined ? {} : { targetId: String(targetId) });
  };

  try {
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

    if (progress.shipStarted && progress.shipmentId === undefined) {
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
      order,
      bundleShipment: (bundle) => (bundle.product_id === undefined ? "together" : (types.get(bundle.product_id) ?? "together")),
      carrier: carrierFor(mappings, discoveries.brightpearl, note.shippingMethodId),
      sourceCode: source.sourceCode,
      notify: setup.options.notifyCustomerOnShipment,
    });
    const warnings = [...plan.warnings, ...(source.warning ? [source.warning] : [])];
    if (plan.outcome === "nothing") {
      const reason = `Not shipped in Magento: ${plan.reason}.${warnings.length ? ` ${warnings.join(" ")}` : ""}`;
      await skip(scoped, key, reason);
      return { status: "skipped", reason };
    }

    await save({ magentoOrderId, shipStarted: true });
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
    await succeedWithWarnings(scoped, key, { targetId: String(shipmentId), request: plan.request, response: { shipmentId, lines: plan.lines, warnings } }, warnings);
    return { status: "shipped", shipmentId, warnings };
  } catch (error) {
    return recordFailure(scoped, key, error);
  }
}
