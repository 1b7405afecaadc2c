import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/lib/auth/require-tenant";
import { tenantDb } from "@/lib/tenants/scope";
import { loadSetup } from "@/lib/tenants/settings";

export const metadata: Metadata = { title: "Onboarding" };

export default async function OnboardingPage() {
  const tenant = await requireTenant();
  const scoped = tenantDb(tenant.id);
  const [setup, mappings] = await Promise.all([loadSetup(scoped), scoped.mapping.count({ where: { suggested: false } })]);
  const anyFlowOn = Object.values(setup.flows).some(Boolean);
  const steps = [
    { title: "Connect Brightpearl", done: tenant.status === "ACTIVE", text: `Account ${tenant.accountCode} approved the connector.` },
    { title: "Connect Magento", done: tenant.magentoConnected, text: "Paste the four credentials of a Magento integration.", href: "/onboarding/magento" },
    { title: "Map your set-up", done: mappings > 0, text: "Channels, warehouses, statuses, shipping, payments and taxes.", href: "/onboarding/mappings" },
    { title: "Try it without writing anything", done: false, text: "See what your recent Magento orders would become in Brightpearl.", href: "/onboarding/dry-run" },
    { title: "Go live", done: anyFlowOn && setup.goLiveAt !== null, text: "Choose the go-live date and switch on the flows you want.", href: "/onboarding/go-live" },
  ];
  return (
    <div>
      <h1 className="text-2xl font-bold">Set up your connector</h1>
      <ol className="mt-6 space-y-3">
        {steps.map((s, i) => (
          <li key={s.title} className="flex gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <span
              aria-hidden
              className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${s.done ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-600"}`}
            >
              {s.done ? "✓" : i + 1}
            </span>
            <div>
              <h2 className="font-semibold">
                {s.href ? (
                  <Link href={s.href} className="text-brand-700 hover:underline">
                    {s.title}
                  </Link>
                ) : (
                  s.title
                )}
                <span className="sr-only">{s.done ? " (done)" : " (to do)"}</span>
              </h2>
              <p className="text-sm text-slate-600">{s.text}</p>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
