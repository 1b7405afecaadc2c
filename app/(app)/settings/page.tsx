import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/lib/auth/require-tenant";
import { brightpearlFor } from "@/lib/brightpearl/connect";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import { listChannels, listWarehouses, type Channel, type Warehouse } from "@/lib/brightpearl/reference-data";
import { tenantDb } from "@/lib/tenants/scope";
import { disconnectBrightpearl } from "./actions";

export const metadata: Metadata = { title: "Settings" };

const dateTime = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";

type AccountSummary = { ok: true; channels: Channel[]; warehouses: Warehouse[] } | { ok: false; message: string };

/** A live look at the account: proves the connection works and shows what the mappings will use. */
async function accountSummary(tenantId: string): Promise<AccountSummary> {
  try {
    const client = await brightpearlFor(tenantId);
    const [channels, warehouses] = await Promise.all([listChannels(client), listWarehouses(client)]);
    return { ok: true, channels, warehouses };
  } catch (error) {
    if (error instanceof BrightpearlError) return { ok: false, message: error.message };
    throw error;
  }
}

export default async function SettingsPage() {
  const tenant = await requireTenant();
  const webhooks = await tenantDb(tenant.id).webhookSubscription.findMany({ orderBy: { event: "asc" } });
  const connected = tenant.status === "ACTIVE";
  const summary = connected ? await accountSummary(tenant.id) : undefined;
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold">Settings</h1>
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="brightpearl-heading">
        <h2 id="brightpearl-heading" className="text-lg font-semibold">
          Brightpearl
        </h2>
        <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-500">Account</dt>
          <dd>{tenant.accountCode}</dd>
          <dt className="text-slate-500">Status</dt>
          <dd data-testid="brightpearl-status">{connected ? "Connected" : "Disconnected"}</dd>
          <dt className="text-slate-500">{connected ? "Connected since" : "Since"}</dt>
          <dd>{dateTime(tenant.statusChangedAt)}</dd>
          {tenant.apiDomain && (
            <>
              <dt className="text-slate-500">Data centre</dt>
              <dd>{tenant.apiDomain}</dd>
            </>
          )}
          {summary?.ok && (
            <>
              <dt className="text-slate-500">Warehouses</dt>
              <dd data-testid="brightpearl-warehouses">{summary.warehouses.map((w) => w.name).join(", ") || "none"}</dd>
              <dt className="text-slate-500">Channels</dt>
              <dd>{summary.channels.map((c) => c.name).join(", ") || "none"}</dd>
            </>
          )}
          {summary && !summary.ok && (
            <>
              <dt className="text-slate-500">Live check</dt>
              <dd role="alert" className="text-amber-800">
                {summary.message}
              </dd>
            </>
          )}
          <dt className="text-slate-500">Notifications</dt>
          <dd>{webhooks.length ? webhooks.map((w) => w.event).join(", ") : "None registered yet (flows register what they need)"}</dd>
        </dl>
        {connected && (
          <form action={disconnectBrightpearl} className="mt-6 border-t border-slate-100 pt-4">
            <p className="mb-3 text-sm text-slate-600">
              Disconnecting stops every sync and deletes the connector&apos;s access to Brightpearl. Your settings and history are kept;
              reconnect at any time to resume.
            </p>
            <button type="submit" className="rounded-md border border-red-300 px-3 py-2 text-sm font-semibold text-red-700 hover:bg-red-50">
              Disconnect Brightpearl
            </button>
          </form>
        )}
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="setup-heading">
        <h2 id="setup-heading" className="text-lg font-semibold">
          Set-up
        </h2>
        <ul className="mt-3 space-y-1 text-sm">
          <li>
            <Link href="/onboarding/mappings" className="font-medium text-brand-700 hover:underline">
              Mappings
            </Link>{" "}
            — store views, sources, statuses, shipping, payments and taxes
          </li>
          <li>
            <Link href="/onboarding/go-live" className="font-medium text-brand-700 hover:underline">
              Go-live date, choices and flows
            </Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
