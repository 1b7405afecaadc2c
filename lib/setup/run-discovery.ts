import "server-only";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import type { MagentoClient } from "@/lib/magento/client";
import { MagentoError } from "@/lib/magento/errors";
import { loadMappings, MAPPING_KINDS } from "@/lib/tenants/mappings";
import type { TenantDb } from "@/lib/tenants/scope";
import { discoverBrightpearl, discoverMagento } from "./discovery";
import { loadSnapshots, recordSnapshotFailure, saveSnapshot } from "./snapshots";
import { suggestMappings, unmappedSuggestions } from "./suggestions";

// The steps of a discovery run, each usable on its own: read one side and store its snapshot,
// then propose mappings for whatever has none.

export type SideOutcome = { system: "MAGENTO" | "BRIGHTPEARL"; outcome: "read" | "failed" | "not-connected"; problems: string[] };

/** Reads the store into its snapshot. Failures the merchant can act on are recorded, not thrown. */
export async function refreshMagentoSnapshot(scoped: TenantDb, tenantId: string, client: MagentoClient | null): Promise<SideOutcome> {
  if (!client) return { system: "MAGENTO", outcome: "not-connected", problems: [] };
  try {
    const { data, problems } = await discoverMagento(client);
    await saveSnapshot(scoped, tenantId, "MAGENTO", data, problems);
    return { system: "MAGENTO", outcome: "read", problems };
  } catch (error) {
    if (!(error instanceof MagentoError)) throw error;
    const message = `Your Magento store could not be read: ${error.message}`;
    await recordSnapshotFailure(scoped, tenantId, "MAGENTO", message);
    return { system: "MAGENTO", outcome: "failed", problems: [message] };
  }
}

export async function refreshBrightpearlSnapshot(scoped: TenantDb, tenantId: string, client: (() => Promise<BrightpearlClient>) | null): Promise<SideOutcome> {
  if (!client) return { system: "BRIGHTPEARL", outcome: "not-connected", problems: [] };
  try {
    const { data, problems } = await discoverBrightpearl(await client());
    await saveSnapshot(scoped, tenantId, "BRIGHTPEARL", data, problems);
    return { system: "BRIGHTPEARL", outcome: "read", problems };
  } catch (error) {
    if (!(error instanceof BrightpearlError)) throw error;
    const message = `Your Brightpearl account could not be read: ${error.message}`;
    await recordSnapshotFailure(scoped, tenantId, "BRIGHTPEARL", message);
    return { system: "BRIGHTPEARL", outcome: "failed", problems: [message] };
  }
}

/**
 * Stores a suggested mapping for every key the two snapshots propose and nobody has mapped yet.
 * Rows are inserted only where none exists (the database decides, so a choice the merchant saves
 * while this runs is never replaced).
 */
export async function storeSuggestions(scoped: TenantDb, tenantId: string): Promise<{ created: number }> {
  const snapshots = await loadSnapshots(scoped);
  const magento = snapshots.magento?.data;
  const brightpearl = snapshots.brightpearl?.data;
  if (!magento || !brightpearl) return { created: 0 };
  const fresh = unmappedSuggestions(suggestMappings(magento, brightpearl), await loadMappings(scoped));
  if (!fresh.length) return { created: 0 };
  const { count } = await scoped.mapping.createMany({
    data: fresh.map((s) => ({ tenantId, kind: s.kind, sourceKey: s.sourceKey, target: MAPPING_KINDS[s.kind].parse(s.target), suggested: true })),
    skipDuplicates: true,
  });
  return { created: count };
}
