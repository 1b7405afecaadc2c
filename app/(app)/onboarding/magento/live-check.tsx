import { DecryptionError } from "@/lib/crypto";
import { checkSavedConnection, magentoReach } from "@/lib/tenants/magento";
import { tenantDb } from "@/lib/tenants/scope";
import { flowList } from "./flow-labels";

/** The saved connection tried now, as the flows will use it. Read-only: saving happens elsewhere. */
function Problem({ message }: { message: string }) {
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="live-check">
      <p className="font-semibold">The saved connection does not work right now.</p>
      <p className="mt-1">{message}</p>
      <p className="mt-1">Fix it in Magento and click Check again, or replace the credentials.</p>
    </div>
  );
}

export async function LiveCheck({ tenantId }: { tenantId: string }) {
  let result;
  try {
    result = await checkSavedConnection(tenantDb(tenantId), tenantId, magentoReach());
  } catch (error) {
    if (error instanceof DecryptionError) return <Problem message="The saved credentials can no longer be read (the connector's encryption key changed). Paste them again." />;
    throw error;
  }
  if (!result) return null;
  if (!result.ok) return <Problem message={result.message} />;
  return (
    <div className="space-y-3 text-sm" data-testid="live-check">
      <p className="text-emerald-800">
        <span aria-hidden>✓ </span>Magento answered just now. Store views: {result.storeViews.map((v) => `${v.code} (${v.name})`).join(", ")}. Inventory:{" "}
        {result.msi ? "Multi-Source Inventory" : "single source (no Multi-Source Inventory)"}.
      </p>
      {result.missingOptional.length > 0 && (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900" data-testid="missing-optional">
          <p className="font-semibold">Not granted yet — needed only before you switch these flows on:</p>
          <ul className="mt-1 list-disc pl-5">
            {result.missingOptional.map((m) => (
              <li key={m.resource}>
                {m.label} (<span className="font-mono text-xs">{m.resource}</span>) to {m.purpose} — for {flowList(m.flows)}
              </li>
            ))}
          </ul>
          <p className="mt-1">Tick them on the integration&apos;s API tab, save, Reauthorize, then replace the Access Token and Access Token Secret here.</p>
        </div>
      )}
    </div>
  );
}
