import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { requireTenant } from "@/lib/auth/require-tenant";
import { env } from "@/lib/env";
import { CREDENTIAL_FIELDS, CREDENTIAL_LABELS } from "@/lib/magento/connection-form";
import { magentoConnectionSummary, type ConnectionSummary } from "@/lib/tenants/magento";
import { tenantDb } from "@/lib/tenants/scope";
import { enabledFlows } from "@/lib/tenants/settings";
import { checkMagentoAgain } from "./actions";
import { CheckAgainButton } from "./check-again-button";
import { MagentoConnectionForm } from "./connection-form";
import { LiveCheck } from "./live-check";
import { SetupGuide } from "./setup-guide";

export const metadata: Metadata = { title: "Connect Magento" };

const dateTime = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;

function SavedConnection({ connection }: { connection: ConnectionSummary }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm" data-testid="saved-connection">
      <dt className="text-slate-500">Store address</dt>
      <dd data-testid="saved-base-url">{connection.baseUrl}</dd>
      <dt className="text-slate-500">Store view code</dt>
      <dd data-testid="saved-store-code">{connection.storeCode}</dd>
      {CREDENTIAL_FIELDS.map((field) => (
        <div key={field} className="contents">
          <dt className="text-slate-500">{CREDENTIAL_LABELS[field]}</dt>
          <dd className="font-mono" data-testid={`hint-${field}`}>
            …{connection.hints[field]}
          </dd>
        </div>
      ))}
      <dt className="text-slate-500">Last verified</dt>
      <dd data-testid="verified-at">{connection.verifiedAt ? dateTime(connection.verifiedAt) : "never"}</dd>
    </dl>
  );
}

function SandboxHint({ url }: { url: string }) {
  return (
    <p className="rounded-md border border-dashed border-brand-600 bg-brand-50 p-3 text-sm text-slate-700" data-testid="sandbox-hint">
      <strong>Sandbox:</strong> the local Magento store is at <span className="font-mono">{url}</span>. Its four credentials are printed in the{" "}
      <span className="font-mono">[magento]</span> lines of <span className="font-mono">npm run dev</span> and shown on{" "}
      <a href={url} target="_blank" rel="noreferrer" className="text-brand-700 underline">
        its home page
      </a>
      .
    </p>
  );
}

export default async function MagentoConnectionPage({ searchParams }: { searchParams: Promise<{ replace?: string; connected?: string }> }) {
  const tenant = await requireTenant();
  const scoped = tenantDb(tenant.id);
  const [connection, flows, params] = await Promise.all([magentoConnectionSummary(scoped, tenant.id), enabledFlows(scoped), searchParams]);
  const { CONNECTOR_MODE, SANDBOX_MAGENTO_URL } = env();
  const sandboxUrl = CONNECTOR_MODE === "sandbox" ? SANDBOX_MAGENTO_URL : undefined;
  const replacing = connection !== null && params.replace === "1";

  return (
    <div>
      <p className="text-sm">
        <Link href="/onboarding" className="text-brand-700 hover:underline">
          ← Onboarding
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">{connection ? "Magento" : "Connect Magento"}</h1>
      {params.connected === "1" && connection && (
        <p role="status" className="mt-4 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="connected-banner">
          Magento is connected. Next:{" "}
          <Link href="/onboarding/mappings" className="font-semibold underline">
            map your set-up
          </Link>
          .
        </p>
      )}
      <div className="mt-6 grid gap-8 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]">
        <div className="space-y-6">
          {connection && (
            <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="saved-heading">
              <h2 id="saved-heading" className="text-lg font-semibold">
                Saved connection
              </h2>
              <div className="mt-4">
                <SavedConnection connection={connection} />
              </div>
              {!replacing && (
                <>
                  <div className="mt-4">
                    <Suspense fallback={<p className="text-sm text-slate-500">Checking the connection with Magento…</p>}>
                      <LiveCheck tenantId={tenant.id} />
                    </Suspense>
                  </div>
                  <div className="mt-6 flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
                    <form action={checkMagentoAgain}>
                      <CheckAgainButton />
                    </form>
                    <Link href="/onboarding/magento?replace=1" className="rounded-md px-3 py-2 text-sm font-semibold text-brand-700 hover:bg-brand-50">
                      Replace credentials
                    </Link>
                  </div>
                </>
              )}
            </section>
          )}
          {(!connection || replacing) && (
            <section className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm" aria-labelledby="form-heading">
              <h2 id="form-heading" className="text-lg font-semibold">
                {replacing ? "Replace the credentials" : "Your store and its integration"}
              </h2>
              <p className="mt-1 text-sm text-slate-600">
                {replacing
                  ? "The new values are checked with Magento before they replace the saved ones; until then nothing changes."
                  : "Paste the four values Magento shows when you activate the integration. The connector checks them with your store before saving."}
              </p>
              {sandboxUrl && !connection && (
                <div className="mt-4">
                  <SandboxHint url={sandboxUrl} />
                </div>
              )}
              <div className="mt-4">
                <MagentoConnectionForm
                  defaults={{ baseUrl: connection?.baseUrl ?? sandboxUrl ?? "", storeCode: connection?.storeCode ?? "default" }}
                  savedHints={replacing ? connection.hints : undefined}
                  submitLabel={replacing ? "Check and replace" : "Check and connect"}
                />
              </div>
              {replacing && (
                <p className="mt-4 text-sm">
                  <Link href="/onboarding/magento" className="text-brand-700 hover:underline">
                    Cancel — keep the saved connection
                  </Link>
                </p>
              )}
            </section>
          )}
        </div>
        <SetupGuide enabledFlows={flows} />
      </div>
    </div>
  );
}
