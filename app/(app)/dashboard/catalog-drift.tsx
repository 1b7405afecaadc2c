import { cookies } from "next/headers";
import { z } from "zod";
import { auditState, CHECK_ANSWER_COOKIE, refusal, type AuditFlow } from "@/lib/sync/catalog/audit-requests";
import { latestDriftReport, type DriftLine, type DriftReportView } from "@/lib/sync/catalog/drift-report";
import { tenantDb } from "@/lib/tenants/scope";
import { enabledFlows } from "@/lib/tenants/settings";
import { checkNow } from "./catalog-actions";

// Stock and prices on the dashboard: the latest audit of each (what differed between Brightpearl
// and Magento, Magento's value before and after the fix, the SKUs only one side has, and SKUs two
// Brightpearl products share), the SKUs Magento refused with its reason, and a button to check
// again now — held back, with the reason, while a check runs or was just asked for.

const checkAnswer = z.object({ flow: z.string().optional(), queued: z.boolean(), message: z.string() });

/** The answer to this browser's last "Check now" press, if it was within the minute. */
async function lastAnswer(): Promise<z.output<typeof checkAnswer> | undefined> {
  try {
    const raw = (await cookies()).get(CHECK_ANSWER_COOKIE)?.value;
    return raw ? checkAnswer.parse(JSON.parse(raw)) : undefined;
  } catch {
    // rendered outside a request (no cookies), or a cookie that is not ours to read
    return undefined;
  }
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

function Report({ label, flow, report, held, answer, unit, refused }: { label: string; flow: AuditFlow; report: DriftReportView | undefined; held?: string; answer?: string; unit: string; refused: Refused[] }) {
  const differences = report?.lines.filter((l) => l.kind === "difference") ?? [];
  const duplicates = report?.lines.filter((l) => l.kind === "duplicate") ?? [];
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid={`drift-${label.toLowerCase()}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">{label}</h3>
        <form action={checkNow}>
          <input type="hidden" name="flow" value={flow} />
          <button type="submit" disabled={Boolean(held)} title={held} className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60">
            Check {label.toLowerCase()} now
          </button>
        </form>
      </div>
      {(answer ?? held) && (
        <p className="mt-1 text-sm text-slate-600" role="status" data-testid={`check-${label.toLowerCase()}`}>
          {answer ?? held}
        </p>
      )}
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
          {duplicates.length > 0 && (
            <div className="mt-3" data-testid={`duplicates-${label.toLowerCase()}`}>
              <h4 className="text-sm font-medium text-amber-800">{report.counts.duplicates} SKUs used by more than one Brightpearl product</h4>
              <ul className="mt-1 text-sm">
                {duplicates.map((l) => (
                  <li key={l.sku}>
                    <span className="font-mono">{l.sku}</span>: {l.error}
                  </li>
                ))}
              </ul>
            </div>
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
  const [stock, prices, stockRefused, pricesRefused, stockState, pricesState, answer] = await Promise.all([
    latestDriftReport(scoped, "INVENTORY"),
    latestDriftReport(scoped, "PRICES"),
    refused("INVENTORY"),
    refused("PRICES"),
    auditState(scoped, "INVENTORY"),
    auditState(scoped, "PRICES"),
    lastAnswer(),
  ]);
  const answerFor = (flow: AuditFlow) => (answer?.flow === flow ? answer.message : undefined);
  return (
    <section className="mt-8" aria-labelledby="catalog-heading">
      <h2 id="catalog-heading" className="mb-3 text-lg font-semibold">
        Stock and prices
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">
        {flows.has("inventory") && (
          <Report label="Stock" flow="INVENTORY" report={stock} held={refusal(stockState, true, "INVENTORY")} answer={answerFor("INVENTORY")} unit="quantity" refused={stockRefused} />
        )}
        {flows.has("prices") && (
          <Report label="Prices" flow="PRICES" report={prices} held={refusal(pricesState, true, "PRICES")} answer={answerFor("PRICES")} unit="price" refused={pricesRefused} />
        )}
      </div>
    </section>
  );
}
