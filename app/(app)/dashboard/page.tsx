import type { Metadata } from "next";
import { requireTenant } from "@/lib/auth/require-tenant";
import { autopilotAvailable, autopilotState } from "@/lib/demo/autopilot";
import { dashboardData } from "@/lib/sync/dashboard-data";
import { tenantDb } from "@/lib/tenants/scope";
import { switchAutopilot } from "./actions";
import { autopilotTargets } from "./autopilot-targets";
import { LiveDashboard } from "./live-dashboard";
import { CatalogDrift } from "./catalog-drift";

export const metadata: Metadata = { title: "Dashboard" };

async function DemoAutopilot({ targets }: { targets: Awaited<ReturnType<typeof autopilotTargets>> }) {
  const state = await autopilotState(targets);
  const on = Boolean(state?.ordering && state.shipping);
  return (
    <section className="mt-8 rounded-lg border border-dashed border-brand-600 bg-brand-50 p-5" aria-labelledby="autopilot-heading">
      <h2 id="autopilot-heading" className="font-semibold">
        Demo autopilot <span className="text-sm font-normal text-slate-600">(sandbox only)</span>
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        The Magento sandbox places an order every few seconds and the Brightpearl sandbox ships each order the connector creates
        a little later, so you can watch the whole life of an order go by.
      </p>
      {state === undefined ? (
        <p className="mt-3 text-sm text-amber-800">The sandboxes did not answer; is `npm run dev` running?</p>
      ) : (
        <form action={switchAutopilot} className="mt-3 flex items-center gap-3">
          <input type="hidden" name="enabled" value={on ? "off" : "on"} />
          <span data-testid="autopilot-state" className="text-sm font-medium">
            {on ? "On" : "Off"}
          </span>
          <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700">
            {on ? "Stop the autopilot" : "Start the autopilot"}
          </button>
        </form>
      )}
    </section>
  );
}

export default async function DashboardPage() {
  const tenant = await requireTenant();
  const initial = await dashboardData(tenantDb(tenant.id));
  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold">Dashboard</h1>
      <LiveDashboard initial={initial} />
      <CatalogDrift tenantId={tenant.id} />
      {autopilotAvailable() && <DemoAutopilot targets={await autopilotTargets(tenant)} />}
    </div>
  );
}
