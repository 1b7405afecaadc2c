import "server-only";
import type { TenantDb } from "@/lib/tenants/scope";
import { brightpearlDiscovery, magentoDiscovery, type BrightpearlDiscovery, type MagentoDiscovery } from "./discovery-types";
import type { Discoveries } from "./requirements";

// One DiscoverySnapshot row per tenant and system. `data` is the last good read; `error` says what
// went wrong since (or which lists the last read had to do without), one problem per line.

export type System = "MAGENTO" | "BRIGHTPEARL";

export type Snapshot<T> = { data: T | null; problems: string[]; fetchedAt: Date };

export type Snapshots = { magento: Snapshot<MagentoDiscovery> | null; brightpearl: Snapshot<BrightpearlDiscovery> | null };

const problemsOf = (error: string | null) => (error ? error.split("\n").filter(Boolean) : []);

export async function loadSnapshots(scoped: TenantDb): Promise<Snapshots> {
  const rows = await scoped.discoverySnapshot.findMany();
  const pick = <T>(system: System, schema: { safeParse: (v: unknown) => { success: boolean; data?: T } }): Snapshot<T> | null => {
    const row = rows.find((r) => r.system === system);
    if (!row) return null;
    const parsed = schema.safeParse(row.data);
    // A snapshot from before a shape change reads as "not read yet" until the next refresh.
    return { data: parsed.success ? (parsed.data as T) : null, problems: problemsOf(row.error), fetchedAt: row.fetchedAt };
  };
  return { magento: pick("MAGENTO", magentoDiscovery), brightpearl: pick("BRIGHTPEARL", brightpearlDiscovery) };
}

export const discoveriesOf = (s: Snapshots): Discoveries => ({ magento: s.magento?.data ?? null, brightpearl: s.brightpearl?.data ?? null });

/** A successful read: its data replaces the last, and its problems (if any) are recorded. */
export async function saveSnapshot(scoped: TenantDb, tenantId: string, system: System, data: MagentoDiscovery | BrightpearlDiscovery, problems: string[], at = new Date()): Promise<void> {
  const error = problems.length ? problems.join("\n") : null;
  await scoped.discoverySnapshot.upsert({
    where: { tenantId_system: { tenantId, system } },
    create: { tenantId, system, data, error, fetchedAt: at },
    update: { data, error, fetchedAt: at },
  });
}

/** A failed read: the last good data stays, the problem is recorded. */
export async function recordSnapshotFailure(scoped: TenantDb, tenantId: string, system: System, message: string, at = new Date()): Promise<void> {
  await scoped.discoverySnapshot.upsert({
    where: { tenantId_system: { tenantId, system } },
    // Nothing read yet: an empty object, which does not parse, shows as "not read".
    create: { tenantId, system, data: {}, error: message, fetchedAt: at },
    update: { error: message },
  });
}
