import type { Metadata } from "next";
import Link from "next/link";
import { requireTenant } from "@/lib/auth/require-tenant";
import { mappingSections } from "@/lib/setup/mapping-view";
import { loadSnapshots, type Snapshot } from "@/lib/setup/snapshots";
import { loadMappings } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { confirmAllSuggestions, refreshDiscovery } from "./actions";
import { MappingRowForm } from "./mapping-row-form";
import { PatternForm } from "./pattern-form";
import { RefreshFollower } from "./refresh-follower";

export const metadata: Metadata = { title: "Mappings" };

const dateTime = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

function ReadStatus({ name, connected, snapshot }: { name: string; connected: boolean; snapshot: Snapshot<unknown> | null }) {
  let text: string;
  if (!connected) text = "not connected";
  else if (!snapshot?.data) text = "not read yet";
  else text = `read ${dateTime(snapshot.fetchedAt)}`;
  return (
    <>
      <dt className="text-slate-500">{name}</dt>
      <dd data-testid={`read-${name.toLowerCase()}`}>{text}</dd>
    </>
  );
}

export default async function MappingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await requireTenant();
  const scoped = tenantDb(tenant.id);
  const [snapshots, mappings, query] = await Promise.all([loadSnapshots(scoped), loadMappings(scoped), searchParams]);
  const brightpearlConnected = tenant.status === "ACTIVE";
  const magento = snapshots.magento?.data ?? null;
  const brightpearl = snapshots.brightpearl?.data ?? null;
  const problems = [...(snapshots.magento?.problems ?? []), ...(snapshots.brightpearl?.problems ?? [])];

  const refresh = typeof query.refresh === "string" ? query.refresh : undefined;
  const requestedAt = refresh && /^\d+$/.test(refresh) ? Number(refresh) : undefined;
  const stale = (connected: boolean, s: Snapshot<unknown> | null) => connected && (!s || s.fetchedAt.getTime() < requestedAt!);
  const waiting = requestedAt !== undefined && (stale(tenant.magentoConnected, snapshots.magento) || stale(brightpearlConnected, snapshots.brightpearl));

  const sections = brightpearl ? mappingSections(magento, brightpearl, mappings) : [];
  const suggested = Object.values(mappings).reduce((n, rows) => n + [...rows.values()].filter((r) => r.suggested).length, 0);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Map your set-up</h1>
        <p className="mt-1 text-sm text-slate-600">
          How your Magento store and your Brightpearl account correspond. The connector proposes a mapping wherever names or codes match; check
          each one, change what is wrong, and confirm.
        </p>
      </div>

      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="read-heading">
        <div className="flex flex-wrap items-start gap-4">
          <div className="mr-auto">
            <h2 id="read-heading" className="font-semibold">
              Last read
            </h2>
            <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              <ReadStatus name="Magento" connected={tenant.magentoConnected} snapshot={snapshots.magento} />
              <ReadStatus name="Brightpearl" connected={brightpearlConnected} snapshot={snapshots.brightpearl} />
            </dl>
          </div>
          <form action={refreshDiscovery}>
            <button type="submit" className="rounded-md border border-slate-300 px-3 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-50">
              Refresh
            </button>
          </form>
        </div>
        <div className="mt-3 space-y-2">
          {waiting && <RefreshFollower requestedAt={requestedAt!} />}
          {refresh === "failed" && (
            <p role="alert" className="text-sm text-red-700">
              The connector could not start reading your set-ups just now. Try Refresh again in a minute.
            </p>
          )}
          {problems.length > 0 && (
            <div role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
              <p className="font-medium">Some things could not be read:</p>
              <ul className="mt-1 list-disc space-y-1 pl-5">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </section>

      {!tenant.magentoConnected && (
        <p className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Magento is not connected yet, so there is nothing of your store to map.{" "}
          <Link href="/onboarding/magento" className="font-semibold underline">
            Connect Magento
          </Link>{" "}
          first; its set-up is read right after.
        </p>
      )}
      {!brightpearlConnected && (
        <p className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Brightpearl is disconnected: reconnect it (above) before mapping.</p>
      )}
      {brightpearlConnected && !brightpearl && (
        <p className="rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700">Your Brightpearl account has not been read yet. Press Refresh to read it now.</p>
      )}
      {tenant.magentoConnected && !magento && brightpearl && (
        <p className="rounded-md bg-slate-100 px-4 py-3 text-sm text-slate-700">Your Magento store has not been read yet. Press Refresh to read it now.</p>
      )}

      {suggested > 0 && (
        <form action={confirmAllSuggestions} className="flex flex-wrap items-center gap-3 rounded-lg border border-sky-200 bg-sky-50 px-4 py-3">
          <p className="mr-auto text-sm text-sky-900" data-testid="suggested-count">
            {suggested === 1 ? "1 suggested mapping is" : `${suggested} suggested mappings are`} in use but not confirmed yet.
          </p>
          <button type="submit" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700">
            Confirm all suggestions
          </button>
        </form>
      )}

      {sections.map((section) => (
        <section key={section.kind} id={section.kind} className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby={`${section.kind}-heading`}>
          <h2 id={`${section.kind}-heading`} className="text-lg font-semibold">
            {section.title}
          </h2>
          <p className="mb-2 text-sm text-slate-600">{section.description}</p>
          {section.rows.length === 0 && <p className="border-t border-slate-100 py-3 text-sm text-slate-500">Nothing to map yet.</p>}
          {section.rows.map((row) => (
            <MappingRowForm key={`${row.sourceKey}:${row.mapped}:${JSON.stringify(row.fields.map((f) => f.value))}`} row={row} />
          ))}
          {section.patterns && brightpearl && (
            <PatternForm options={brightpearl.shippingMethods.map((m) => ({ value: String(m.id), label: m.code ? `${m.name} (${m.code})` : m.name }))} />
          )}
        </section>
      ))}

      <p className="text-sm">
        <Link href="/onboarding/go-live" className="font-semibold text-brand-700 hover:underline">
          Next: the go-live date and the flows →
        </Link>
      </p>
    </div>
  );
}
