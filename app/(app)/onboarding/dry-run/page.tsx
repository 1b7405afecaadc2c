import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/lib/auth/require-tenant";
import { brightpearlFor } from "@/lib/brightpearl/connect";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { db } from "@/lib/db";
import { MagentoError } from "@/lib/magento/errors";
import { dryRun, type DryRunCustomer, type DryRunEntry } from "@/lib/sync/orders/dry-run";
import { magentoFor } from "@/lib/tenants/magento";
import { tenantDb } from "@/lib/tenants/scope";

export const metadata: Metadata = { title: "Dry run" };

const OUTCOME = {
  ready: { label: "Ready to import", tone: "bg-emerald-50 text-emerald-800" },
  skip: { label: "Would be skipped", tone: "bg-slate-100 text-slate-700" },
  blocked: { label: "Needs your set-up", tone: "bg-amber-50 text-amber-800" },
  invalid: { label: "Cannot be imported", tone: "bg-red-50 text-red-800" },
} as const;

function customerText(c: DryRunCustomer | undefined): string {
  if (!c) return "";
  if (c.action === "found") return `Existing contact #${c.contactId}${c.via === "remembered" ? " (remembered)" : ""}`;
  if (c.action === "guest-contact") return `Guest contact #${c.contactId}`;
  return `New contact: ${c.name} <${c.email}>`;
}

function Entry({ entry }: { entry: DryRunEntry }) {
  const { plan } = entry;
  const outcome = OUTCOME[plan.outcome];
  return (
    <article className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid={`dry-run-${entry.incrementId}`}>
      <header className="flex flex-wrap items-baseline gap-3">
        <h2 className="font-semibold">Magento order #{entry.incrementId}</h2>
        <span className="text-sm text-slate-500">
          {entry.createdAt} UTC · {entry.status} · {entry.magentoTotal} {entry.currency}
        </span>
        <span className={`ml-auto rounded-full px-2.5 py-0.5 text-xs font-medium ${outcome.tone}`}>{outcome.label}</span>
      </header>
      {plan.outcome === "skip" && <p className="mt-2 text-sm text-slate-600">Skipped: {plan.reason}.</p>}
      {(plan.outcome === "blocked" || plan.outcome === "invalid") && (
        <ul className="mt-2 list-disc pl-5 text-sm text-amber-900">
          {plan.issues.map((issue) => (
            <li key={issue.message}>
              {issue.message}{" "}
              {issue.mapping && (
                <Link className="text-brand-700 underline" href={issue.mapping.kind === "setting" ? "/onboarding/go-live" : "/onboarding/mappings"}>
                  Fix it
                </Link>
              )}
            </li>
          ))}
        </ul>
      )}
      {plan.outcome === "ready" && (
        <>
          <p className="mt-2 text-sm">
            <span className="text-slate-500">Customer:</span> <span data-testid="dry-run-customer">{customerText(entry.customer)}</span>
            <span className="text-slate-500"> · Channel</span> {plan.order.channelId}
            <span className="text-slate-500"> · Status</span> {plan.order.statusId}
            <span className="text-slate-500"> · Shipping method</span> {plan.order.delivery.shippingMethodId}
          </p>
          <table className="mt-3 w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">Row</th>
                <th>Qty</th>
                <th className="text-right">Net</th>
                <th className="text-right">Tax</th>
                <th>Tax code</th>
                <th>Nominal</th>
              </tr>
            </thead>
            <tbody>
              {plan.order.rows.map((row, i) => (
                <tr key={i} className="border-t border-slate-100">
                  <td className="py-1">
                    {row.productId ? `${row.name ?? ""} (product #${row.productId}, ${row.sku})` : row.name}
                    {row.kind === "free-text" && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-900">review</span>}
                  </td>
                  <td>{row.quantity}</td>
                  <td className="text-right">{row.net}</td>
                  <td className="text-right">{row.tax}</td>
                  <td>{row.taxCode}</td>
                  <td>{row.nominalCode ?? "product's own"}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t border-slate-300 font-medium">
                <td className="py-1">Total in Brightpearl</td>
                <td />
                <td className="text-right">{plan.totals.net}</td>
                <td className="text-right">{plan.totals.tax}</td>
                <td colSpan={2} data-testid="dry-run-total">
                  {plan.totals.total} {plan.totals.currency} (Magento: {plan.totals.magentoTotal})
                </td>
              </tr>
            </tfoot>
          </table>
          {plan.payments.map((p) => (
            <p key={p.transactionRef} className="mt-2 text-sm text-slate-700">
              Payment: {p.paymentType === "RECEIPT" ? "received" : "authorised"} {p.amount} {p.currencyIsoCode} by {p.paymentMethodCode} (ref {p.transactionRef})
            </p>
          ))}
          {plan.warnings.map((w) => (
            <p key={w.message} className="mt-2 text-sm text-amber-800">
              {w.message}
            </p>
          ))}
        </>
      )}
    </article>
  );
}

export default async function DryRunPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const params = await searchParams;
  const count = Math.min(50, Math.max(1, Number(params.count) || 10));
  const scoped = tenantDb(tenant.id);
  let entries: DryRunEntry[] | undefined;
  let problem: string | undefined;
  if (params.run) {
    const magento = await magentoFor(scoped, tenant.id);
    if (!magento) problem = "Connect Magento first.";
    else if (tenant.status !== "ACTIVE") problem = "Reconnect Brightpearl first.";
    else {
      try {
        const row = await db().tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { installationInstanceId: true } });
        entries = await dryRun({ magento, brightpearl: await brightpearlFor(tenant.id), scoped, tenant: { id: tenant.id, ...row }, count });
      } catch (error) {
        if (error instanceof MagentoError || error instanceof BrightpearlError) problem = error.message;
        else throw error;
      }
    }
  }
  return (
    <div>
      <h1 className="text-2xl font-bold">Dry run</h1>
      <p className="mt-1 max-w-2xl text-slate-600">
        See what your most recent Magento orders would become in Brightpearl — customer, rows, tax codes, nominal codes, shipping
        and totals — without writing anything to Magento or Brightpearl.
      </p>
      <form className="mt-4 flex items-end gap-3">
        <input type="hidden" name="run" value="1" />
        <label className="text-sm">
          <span className="block text-slate-700">Orders</span>
          <input name="count" type="number" min={1} max={50} defaultValue={count} className="mt-1 w-24 rounded-md border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700">
          Run the dry run
        </button>
      </form>
      {problem && (
        <p role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
          {problem}
        </p>
      )}
      {entries && entries.length === 0 && <p className="mt-6 text-slate-600">Magento has no orders yet.</p>}
      {entries && entries.length > 0 && (
        <div className="mt-6 space-y-4">
          <p className="text-sm text-slate-600">
            {entries.filter((e) => e.plan.outcome === "ready").length} of {entries.length} ready to import.
          </p>
          {entries.map((e) => (
            <Entry key={e.incrementId} entry={e} />
          ))}
        </div>
      )}
    </div>
  );
}
