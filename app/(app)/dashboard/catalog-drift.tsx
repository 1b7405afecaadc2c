import { revalidatePath } from "next/cache";
import { inngest } from "@/inngest/client";
import { inventoryAuditRequested, pricesAuditRequested } from "@/inngest/events";
import { requireTenant } from "@/lib/auth/require-tenant";
import { latestDriftReport, type DriftLine, type DriftReportView } from "@/lib/sync/inventory/drift-report";
import { tenantDb } from "@/lib/tenants/scope";
import { enabledFlows } from "@/lib/tenants/settings";

// Stock and prices on the dashboard: the latest audit of each (what differed between Brightpearl
// and Magento, Magento's value before and after the fix, and the SKUs only one side has), the SKUs
// Magento refused with its reason, and a button to check again now.

async function checkStockNow(): Promise<void> {
  "use server";
  const tenant = await requireTenant();
  await inngest.send(inventoryAuditRequested.create({ tenantId: tenant.id, trigger: "on demand" }));
  revalidatePath("/dashboard");
}

async function checkPricesNow(): Promise<void> {
  "use server";
  const tenant = await requireTenant();
  await inngest.send(pricesAuditRequested.create({ tenantId: tenant.id, trigger: "on demand" }));
  revalidatePath("/dashboard");
}

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const dash = (v: string | undefined) => v ?? "—";

function Lines({ title, lines, testId }: { title: string; lines: DriftLine[]; testId: string }) {
  if (!lines.length) return null;
  return (
    <details className="mt-3" data-testid={testId}>
      <summary className="cursor-pointer text-sm font-medium">{title}</summary>
      <ul className="mt-1 columns-2 text-sm text-slate-700 sm:columns-4">
        {lines.map((l) => (
          <li key={l.sku}>{l.sku}</li>
        ))}
      </ul>
    </details>
  );
}

type Refused = { sku: string; error: string | null };

function Report({ label, report, action, unit, refused }: { label: string; report: DriftReportView | undefined; action: () => Promise<void>; unit: string; refused: Refused[] }) {
  const differences = report?.lines.filter((l) => l.kind === "difference") ?? [];
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`drift-${label.toLowerCase()}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">{label}</h3>
        <form action={action}>
          <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50">
            Check {label.toLowerCase()} now
          </button>
        </form>
      </div>
      {!report ? (
        <p className="mt-2 text-sm text-slate-600">No check has run yet.</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-700">
            Last check {when(report.finishedAt ?? report.startedAt)} ({report.trigger}): {report.counts.compared} SKUs compared, {report.counts.differences} differed, {report.counts.fixed} fixed
            {report.counts.failed ? `, ${report.counts.failed} refused by Magento` : ""}.
          </p>
          {report.error && <p className="mt-1 text-sm text-red-700">{report.error}</p>}
          {differences.length > 0 && (
            <table className="mt-3 w-full text-left text-sm">
              <thead className="text-slate-600">
                <tr>
                  <th className="py-1 font-medium">SKU</th>
                  <th className="py-1 font-medium">Where</th>
                  <th className="py-1 font-medium">Brightpearl {unit}</th>
                  <th className="py-1 font-medium">Magento before</th>
                  <th className="py-1 font-medium">Magento after</th>
                </tr>
              </thead>
              <tbody>
                {differences.map((l) => (
                  <tr key={`${l.sku}-${l.scope}`} className="border-t border-slate-100 align-top">
                    <td className="py-1 font-mono">{l.sku}</td>
                    <td className="py-1">{dash(l.scope)}</td>
                    <td className="py-1">{dash(l.brightpearlValue)}</td>
                    <td className="py-1">{dash(l.magentoBefore)}</td>
                    <td className="py-1">
                      {dash(l.magentoAfter)}
                      {l.error && <span className="block text-red-700">{l.error}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Lines title={`${report.counts.onlyInBrightpearl} SKUs only in Brightpearl`} lines={report.lines.filter((l) => l.kind === "only-brightpearl")} testId="only-brightpearl" />
          <Lines title={`${report.counts.onlyInMagento} SKUs only in Magento`} lines={report.lines.filter((l) => l.kind === "only-magento")} testId="only-magento" />
        </>
      )}
      {refused.length > 0 && (
        <div className="mt-3" data-testid={`refused-${label.toLowerCase()}`}>
          <h4 className="text-sm font-medium text-red-800">Not written to Magento</h4>
          <ul className="mt-1 text-sm">
            {refused.map((r) => (
              <li key={r.sku}>
                <span className="font-mono">{r.sku}</span>: {r.error ?? "refused"}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export async function CatalogDrift({ tenantId }: { tenantId: string }) {
  const scoped = tenantDb(tenantId);
  const flows = await enabledFlows(scoped);
  if (!flows.has("inventory") && !flows.has("prices")) return null;
  const refused = (flow: "INVENTORY" | "PRICES") =>
    scoped.syncRecord.findMany({ where: { flow, status: "FAILED" }, orderBy: { updatedAt: "desc" }, take: 20, select: { sourceId: true, lastError: true } }).then((rows) => rows.map((r) => ({ sku: r.sourceId, error: r.lastError })));
  const [stock, prices, stockRefused, pricesRefused] = await Promise.all([latestDriftReport(scoped, "INVENTORY"), latestDriftReport(scoped, "PRICES"), refused("INVENTORY"), refused("PRICES")]);
  return (
    <section className="mt-8" aria-labelledby="catalog-heading">
      <h2 id="catalog-heading" className="mb-3 text-lg font-semibold">
        Stock and prices
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">
        {flows.has("inventory") && <Report label="Stock" report={stock} action={checkStockNow} unit="quantity" refused={stockRefused} />}
        {flows.has("prices") && <Report label="Prices" report={prices} action={checkPricesNow} unit="price" refused={pricesRefused} />}
      </div>
    </section>
  );
}
