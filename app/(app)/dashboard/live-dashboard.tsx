"use client";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useActionState, useState } from "react";
import type { DashboardData, FulfilmentRow } from "@/lib/sync/dashboard-data";
import { importOrderByNumber, retryFailedOrders, retryFulfilment, retryOrder } from "./actions";

const STATUS_TONE: Record<string, string> = {
  SUCCEEDED: "bg-emerald-50 text-emerald-800",
  RUNNING: "bg-sky-50 text-sky-800",
  PENDING: "bg-slate-100 text-slate-700",
  RETRYING: "bg-amber-50 text-amber-800",
  BLOCKED: "bg-amber-100 text-amber-900",
  FAILED: "bg-red-50 text-red-800",
  SKIPPED: "bg-slate-100 text-slate-600",
};

const STATUS_TEXT: Record<string, string> = {
  SUCCEEDED: "In Brightpearl",
  RUNNING: "Importing",
  PENDING: "Waiting",
  RETRYING: "Retrying",
  BLOCKED: "Needs your set-up",
  FAILED: "Failed",
  SKIPPED: "Skipped",
};

const FLOW_TEXT: Record<FulfilmentRow["flow"], string> = {
  SHIPMENTS: "Shipment",
  ORDER_STATUS: "Status",
  REFUNDS: "Refund",
};

/** What "done" means differs per flow: shipped in Magento, written to Magento, recorded in Brightpearl. */
const DONE_TEXT: Record<FulfilmentRow["flow"], string> = {
  SHIPMENTS: "Shipped in Magento",
  ORDER_STATUS: "Updated in Magento",
  REFUNDS: "In Brightpearl",
};

function FulfilmentTable({ rows }: { rows: FulfilmentRow[] }) {
  if (rows.length === 0) {
    return (
      <p className="mt-3 rounded-lg border border-dashed border-slate-300 p-6 text-slate-600">
        Nothing yet. Shipments, status changes and refunds appear here once their flows are on.
      </p>
    );
  }
  return (
    <table className="mt-3 w-full text-left text-sm" data-testid="fulfilment-table">
      <thead className="text-slate-500">
        <tr>
          <th className="py-1">What</th>
          <th>Item</th>
          <th>State</th>
          <th>Attempts</th>
          <th>Details</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.flow}:${r.sourceId}`} className="border-t border-slate-100 align-top" data-testid={`fulfilment-${r.flow}-${r.sourceId}`}>
            <td className="py-1.5">{FLOW_TEXT[r.flow]}</td>
            <td className="font-medium">{r.label}</td>
            <td>
              <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_TONE[r.status] ?? ""}`}>{r.status === "SUCCEEDED" ? DONE_TEXT[r.flow] : r.status === "RUNNING" ? "In progress" : (STATUS_TEXT[r.status] ?? r.status)}</span>
            </td>
            <td>{r.attempts}</td>
            <td className="max-w-md text-slate-600">{r.lastError}</td>
            <td>
              {r.retryable && (
                <RetryButton action={retryFulfilment} fields={{ flow: r.flow, sourceId: r.sourceId }} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RetryButton({ action, fields }: { action: (form: FormData) => Promise<void>; fields: Record<string, string> }) {
  return (
    <form action={action}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="rounded-md border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
        Retry
      </button>
    </form>
  );
}

function ImportOrderForm() {
  const [state, action, pending] = useActionState(importOrderByNumber, null);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <label className="text-sm">
        <span className="block text-slate-700">Import order #</span>
        <input name="incrementId" required placeholder="000000123" className="mt-1 w-40 rounded-md border border-slate-300 px-2 py-1" aria-describedby="import-order-result" />
      </label>
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-50">
        Import
      </button>
      {state && (
        <p id="import-order-result" role="status" className={`w-full text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.message}
        </p>
      )}
    </form>
  );
}

function Dashboard({ initial }: { initial: DashboardData }) {
  const { data } = useQuery({
    queryKey: ["dashboard"],
    queryFn: async (): Promise<DashboardData> => {
      const response = await fetch("/api/dashboard", { cache: "no-store" });
      if (!response.ok) throw new Error(`dashboard ${response.status}`);
      return response.json() as Promise<DashboardData>;
    },
    initialData: initial,
    refetchInterval: 5000,
  });
  const problems = data.blockers.length + data.failures.length;
  return (
    <div className="space-y-8">
      <section aria-labelledby="problems-heading">
        <h2 id="problems-heading" className="text-lg font-semibold">
          Needs your attention
        </h2>
        {problems === 0 ? (
          <p className="mt-2 text-slate-600" data-testid="no-problems">
            Nothing needs you right now.
          </p>
        ) : (
          <ul className="mt-2 space-y-2" data-testid="problems">
            {data.blockers.map((b) => (
              <li key={b.key} className="flex flex-wrap items-center gap-3 rounded-md border border-amber-300 bg-amber-50 p-3">
                <span className="mr-auto">
                  <strong>{b.title}.</strong> It holds up {b.count} {b.count === 1 ? "item" : "items"} (e.g. {b.example}); they are retried as soon as you fix it.
                </span>
                <Link href={b.fixHref} className="rounded-md bg-amber-600 px-3 py-1 text-sm font-semibold text-white hover:bg-amber-700">
                  Fix it
                </Link>
              </li>
            ))}
            {data.failures.map((f) => (
              <li key={f.kind} className="flex flex-wrap items-center gap-3 rounded-md border border-red-200 bg-red-50 p-3">
                <span className="mr-auto">
                  <strong>
                    {f.count} failed ({f.kind}).
                  </strong>{" "}
                  {f.latestError}
                </span>
                <form action={retryFailedOrders}>
                  <button type="submit" className="rounded-md bg-red-600 px-3 py-1 text-sm font-semibold text-white hover:bg-red-700">
                    Retry all
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="orders-heading">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <h2 id="orders-heading" className="text-lg font-semibold">
            Orders
          </h2>
          <ImportOrderForm />
        </div>
        {data.orders.length === 0 ? (
          <p className="mt-3 rounded-lg border border-dashed border-slate-300 p-6 text-slate-600">
            No orders yet. Once the orders flow is on, every Magento order placed after the go-live date appears here.
          </p>
        ) : (
          <table className="mt-3 w-full text-left text-sm" data-testid="orders-table">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">Magento</th>
                <th>State</th>
                <th>Brightpearl order</th>
                <th>Attempts</th>
                <th>Details</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.orders.map((o) => (
                <tr key={o.sourceId} className="border-t border-slate-100 align-top" data-testid={`order-${o.label}`}>
                  <td className="py-1.5 font-medium">{o.label}</td>
                  <td>
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_TONE[o.status] ?? ""}`}>{STATUS_TEXT[o.status] ?? o.status}</span>
                  </td>
                  <td>{o.brightpearlOrderId ?? "—"}</td>
                  <td>{o.attempts}</td>
                  <td className="max-w-md text-slate-600">{o.lastError}</td>
                  <td>
                    {["FAILED", "BLOCKED", "RETRYING"].includes(o.status) && (
                      <RetryButton action={retryOrder} fields={{ sourceId: o.sourceId }} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="fulfilment-heading">
        <h2 id="fulfilment-heading" className="text-lg font-semibold">
          Shipments, statuses and refunds
        </h2>
        <FulfilmentTable rows={data.fulfilment ?? []} />
      </section>
    </div>
  );
}

/** The dashboard, refreshed every few seconds while it is open. */
export function LiveDashboard({ initial }: { initial: DashboardData }) {
  const [client] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={client}>
      <Dashboard initial={initial} />
    </QueryClientProvider>
  );
}
