import { requireTenant } from "@/lib/auth/require-tenant";
import { signOut } from "./actions";
import { NavLink } from "./nav-link";

function StatusChip({ ok, label }: { ok: boolean; label: string }) {
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium ${ok ? "bg-emerald-50 text-emerald-800" : "bg-amber-50 text-amber-800"}`}>
      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${ok ? "bg-emerald-500" : "bg-amber-500"}`} />
      {label}
    </span>
  );
}

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const tenant = await requireTenant();
  const connected = tenant.status === "ACTIVE";
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-6 py-3">
          <div className="mr-auto">
            <p className="text-xs text-slate-500">Brightpearl account</p>
            <p className="font-semibold" data-testid="account-name">
              {tenant.accountName ?? tenant.accountCode}
            </p>
          </div>
          <div className="flex items-center gap-2" aria-label="Connection status">
            <StatusChip ok={connected} label={connected ? "Brightpearl connected" : "Brightpearl disconnected"} />
            <StatusChip ok={tenant.magentoConnected} label={tenant.magentoConnected ? "Magento connected" : "Magento not connected"} />
          </div>
          <form action={signOut}>
            <button type="submit" className="rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">
              Sign out
            </button>
          </form>
        </div>
        <nav className="mx-auto flex max-w-5xl gap-1 px-6 pb-2" aria-label="Main">
          <NavLink href="/onboarding">Onboarding</NavLink>
          <NavLink href="/settings">Settings</NavLink>
          <NavLink href="/dashboard">Dashboard</NavLink>
        </nav>
      </header>
      {!connected && (
        <div role="alert" className="border-b border-amber-300 bg-amber-50">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-4 px-6 py-3">
            <p className="mr-auto text-sm text-amber-900">
              <strong>Brightpearl is disconnected.</strong> {tenant.statusReason ?? "The connector cannot reach your Brightpearl account."} Nothing syncs
              until you reconnect; your settings and history are kept.
            </p>
            <form action="/api/brightpearl/install" method="post">
              <input type="hidden" name="accountCode" value={tenant.accountCode} />
              <button type="submit" className="rounded-md bg-amber-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-amber-700">
                Reconnect Brightpearl
              </button>
            </form>
          </div>
        </div>
      )}
      <main className="mx-auto max-w-5xl px-6 py-8">{children}</main>
    </div>
  );
}
