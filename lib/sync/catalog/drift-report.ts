import "server-only";
import { randomUUID } from "node:crypto";
import { db as rootDb } from "@/lib/db";
import type { Flow } from "@/lib/generated/prisma/client";
import type { TenantDb } from "@/lib/tenants/scope";

// A drift report: one full comparison of both sides for a flow. Lines are written as the pass
// goes (never held in memory all at once), the counts when it ends.

export type DriftKind = "difference" | "only-brightpearl" | "only-magento" | "duplicate";

/** Reports kept per tenant and flow; older ones (and their lines) are deleted when a new one ends. */
export const REPORTS_KEPT = 30;

export type DriftLine = {
  kind: DriftKind;
  sku: string;
  scope?: string;
  brightpearlValue?: string;
  magentoBefore?: string;
  magentoAfter?: string;
  error?: string;
};

export type DriftCounts = { compared: number; differences: number; fixed: number; failed: number; onlyInBrightpearl: number; onlyInMagento: number; duplicates: number };

export const emptyCounts = (): DriftCounts => ({ compared: 0, differences: 0, fixed: 0, failed: 0, onlyInBrightpearl: 0, onlyInMagento: 0, duplicates: 0 });

export class DriftReportWriter {
  private pending: DriftLine[] = [];
  readonly counts = emptyCounts();

  private constructor(
    private readonly scoped: TenantDb,
    private readonly tenantId: string,
    private readonly flow: Flow,
    readonly id: string,
  ) {}

  static async start(scoped: TenantDb, tenantId: string, flow: Flow, trigger: string): Promise<DriftReportWriter> {
    const report = await scoped.driftReport.create({ data: { tenantId, flow, trigger } });
    return new DriftReportWriter(scoped, tenantId, flow, report.id);
  }

  async add(line: DriftLine): Promise<void> {
    this.pending.push(line);
    if (line.kind === "only-brightpearl") this.counts.onlyInBrightpearl++;
    if (line.kind === "only-magento") this.counts.onlyInMagento++;
    if (line.kind === "duplicate") this.counts.duplicates++;
    if (this.pending.length >= 500) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const lines = this.pending;
    this.pending = [];
    // One statement per 500 lines: an audit that fixes a whole catalogue writes tens of thousands.
    const col = (f: (l: DriftLine) => string | undefined) => lines.map((l) => f(l) ?? null);
    await rootDb().$executeRaw`
      INSERT INTO "DriftItem" ("id", "tenantId", "reportId", "kind", "sku", "scope", "brightpearlValue", "magentoBefore", "magentoAfter", "error")
      SELECT t.id, ${this.tenantId}, ${this.id}, t.kind, t.sku, t.scope, t.bp, t.before, t.after, t.error
      FROM unnest(${lines.map(() => randomUUID())}::text[], ${col((l) => l.kind)}::text[], ${col((l) => l.sku)}::text[], ${col((l) => l.scope)}::text[],
                  ${col((l) => l.brightpearlValue)}::text[], ${col((l) => l.magentoBefore)}::text[], ${col((l) => l.magentoAfter)}::text[], ${col((l) => l.error)}::text[])
        AS t(id, kind, sku, scope, bp, before, after, error)`;
  }

  /** Ends the report; `error` fails it, unless `partial` says the pass ran despite it (a warning). */
  async finish(error?: string, partial = false): Promise<DriftCounts> {
    await this.flush();
    const status = error && !partial ? "FAILED" : this.counts.failed || error ? "PARTIAL" : "SUCCEEDED";
    await this.scoped.driftReport.update({ where: { id: this.id }, data: { ...this.counts, status, error: error ?? null, finishedAt: new Date() } });
    await pruneDriftReports(this.scoped, this.flow);
    return this.counts;
  }
}

/** Deletes all but the newest `keep` reports of the tenant's flow (their lines go with them). */
export async function pruneDriftReports(scoped: TenantDb, flow: Flow, keep = REPORTS_KEPT): Promise<number> {
  const cutoff = await scoped.driftReport.findFirst({ where: { flow }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], skip: keep - 1, select: { startedAt: true, id: true } });
  if (!cutoff) return 0;
  const { count } = await scoped.driftReport.deleteMany({
    where: { flow, OR: [{ startedAt: { lt: cutoff.startedAt } }, { startedAt: cutoff.startedAt, id: { lt: cutoff.id } }] },
  });
  return count;
}

export type DriftReportView = {
  id: string;
  flow: Flow;
  trigger: string;
  status: string;
  counts: DriftCounts;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  lines: DriftLine[];
};

/** The latest finished report of a flow, with its first lines of each kind. */
export async function latestDriftReport(scoped: TenantDb, flow: Flow, linesPerKind = 50): Promise<DriftReportView | undefined> {
  const report = await scoped.driftReport.findFirst({ where: { flow, finishedAt: { not: null } }, orderBy: { startedAt: "desc" } });
  if (!report) return undefined;
  const kinds: DriftKind[] = ["difference", "only-brightpearl", "only-magento", "duplicate"];
  const lines = (
    await Promise.all(kinds.map((kind) => scoped.driftItem.findMany({ where: { reportId: report.id, kind }, orderBy: { sku: "asc" }, take: linesPerKind })))
  ).flat();
  return {
    id: report.id,
    flow: report.flow,
    trigger: report.trigger,
    status: report.status,
    counts: { compared: report.compared, differences: report.differences, fixed: report.fixed, failed: report.failed, onlyInBrightpearl: report.onlyInBrightpearl, onlyInMagento: report.onlyInMagento, duplicates: report.duplicates },
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    error: report.error,
    lines: lines.map((l) => ({
      kind: l.kind as DriftKind,
      sku: l.sku,
      scope: l.scope ?? undefined,
      brightpearlValue: l.brightpearlValue ?? undefined,
      magentoBefore: l.magentoBefore ?? undefined,
      magentoAfter: l.magentoAfter ?? undefined,
      error: l.error ?? undefined,
    })),
  };
}
