import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/lib/auth/require-tenant";
import { OPTION_FIELDS } from "@/lib/setup/options-form";
import { missingFor } from "@/lib/setup/requirements";
import { discoveriesOf, loadSnapshots } from "@/lib/setup/snapshots";
import { loadMappings } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { FLOW_NAMES, loadSetup, type FlowName } from "@/lib/tenants/settings";
import { FlowSwitch, MissingList } from "./flow-switch";
import { GoLiveForm } from "./go-live-form";
import { SettingsOptionsForm } from "./settings-options-form";

export const metadata: Metadata = { title: "Go live" };

const FLOWS: Record<FlowName, { title: string; text: string }> = {
  orders: { title: "orders", text: "Magento orders placed on or after the go-live date become Brightpearl sales orders." },
  inventory: { title: "inventory", text: "Brightpearl stock levels update Magento's quantities, per source." },
  prices: { title: "prices", text: "Brightpearl prices update Magento's prices, per store view's price list." },
  products: { title: "products", text: "New Brightpearl products are created in Magento." },
  shipments: { title: "shipments", text: "Brightpearl shipments become Magento shipments with tracking; statuses are written back." },
  refunds: { title: "refunds", text: "Magento credit memos become Brightpearl sales credits." },
};

/** datetime-local wants "YYYY-MM-DDTHH:MM" */
const inputValue = (d: Date) => d.toISOString().slice(0, 16);
const dateTime = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

export default async function GoLivePage() {
  const tenant = await requireTenant();
  const scoped = tenantDb(tenant.id);
  const [setup, mappings, snapshots] = await Promise.all([loadSetup(scoped), loadMappings(scoped), loadSnapshots(scoped)]);
  const discoveries = discoveriesOf(snapshots);
  const nominalCodes = discoveries.brightpearl?.nominalCodes ?? [];
  // A fresh date proposal: the next whole hour, so nothing already placed is swept in.
  const nextHour = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Go live</h1>

      <section id="go-live-date" className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="go-live-heading">
        <h2 id="go-live-heading" className="text-lg font-semibold">
          Go-live date
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Orders placed before it are never imported. It can only move forward, so an order once left out is never imported later by surprise.
        </p>
        <p className="mt-2 text-sm" data-testid="go-live-current">
          {setup.goLiveAt ? `Currently ${dateTime(setup.goLiveAt)}.` : "Not set yet."}
        </p>
        <GoLiveForm current={setup.goLiveAt ? inputValue(setup.goLiveAt) : null} proposed={inputValue(nextHour)} />
      </section>

      <section id="options" className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="options-heading">
        <h2 id="options-heading" className="text-lg font-semibold">
          Choices
        </h2>
        <p className="mt-1 text-sm text-slate-600">Sensible defaults are filled in; change what does not suit you.</p>
        <SettingsOptionsForm fields={OPTION_FIELDS} values={setup.options} nominalCodes={nominalCodes} />
      </section>

      <section id="flows" className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="flows-heading">
        <h2 id="flows-heading" className="text-lg font-semibold">
          Flows
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Each flow runs only once you turn it on. A flow cannot be turned on while something it needs is missing; the{" "}
          <Link href="/onboarding/mappings" className="text-brand-700 underline">
            mappings
          </Link>{" "}
          page fixes most of them.
        </p>
        <ul className="mt-4 divide-y divide-slate-100">
          {FLOW_NAMES.map((flow) => {
            const on = setup.flows[flow];
            const missing = missingFor(flow, discoveries, mappings, setup);
            return (
              <li key={flow} className="grid gap-3 py-4 sm:grid-cols-[1fr_auto]" data-testid={`flow-${flow}`}>
                <div>
                  <h3 className="font-semibold capitalize">
                    {FLOWS[flow].title}{" "}
                    <span className={`ml-1 rounded-full px-2 py-0.5 text-xs font-medium normal-case ${on ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600"}`}>{on ? "On" : "Off"}</span>
                  </h3>
                  <p className="text-sm text-slate-600">{FLOWS[flow].text}</p>
                  {missing.length > 0 && (
                    <div className={`mt-2 text-sm ${on ? "text-amber-800" : "text-slate-700"}`}>
                      <p>{on ? "On, but something it needs is now missing:" : "Before it can be turned on:"}</p>
                      <MissingList items={missing} />
                    </div>
                  )}
                </div>
                <FlowSwitch key={`${flow}:${on}`} flow={flow} title={FLOWS[flow].title} on={on} />
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}
