import { RESOURCE_CHECKS } from "@/lib/magento/resources";
import type { FlowName } from "@/lib/tenants/settings";
import { flowList } from "./flow-labels";

/** Magento's own steps, in the words its admin uses, and the API resources the connector needs. */
export function SetupGuide({ enabledFlows }: { enabledFlows: ReadonlySet<FlowName> }) {
  return (
    <aside className="space-y-6 text-sm" aria-label="How to get the credentials in Magento">
      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading" className="font-semibold text-slate-900">
          In your Magento Admin
        </h2>
        <ol className="mt-2 list-decimal space-y-2 pl-5 text-slate-700">
          <li>
            Go to <strong>System › Extensions › Integrations</strong> and click <strong>Add New Integration</strong>.
          </li>
          <li>
            On <strong>Integration Info</strong>, enter a <strong>Name</strong> (e.g. Brightpearl connector) and <strong>Your Password</strong> (your
            admin password). Leave <strong>Callback URL</strong> and <strong>Identity link URL</strong> empty.
          </li>
          <li>
            Open the <strong>API</strong> tab. Set <strong>Resource Access</strong> to <strong>All</strong>, or to <strong>Custom</strong> and tick the
            resources listed below.
          </li>
          <li>
            Click <strong>Save</strong>.
          </li>
          <li>
            In the list of integrations, click <strong>Activate</strong> next to the new one, then <strong>Allow</strong>.
          </li>
          <li>
            Magento shows <strong>Integration Tokens for Extensions</strong>. Copy the <strong>Consumer Key</strong>, <strong>Consumer Secret</strong>,{" "}
            <strong>Access Token</strong> and <strong>Access Token Secret</strong> into the fields of the same name here, then click <strong>Done</strong>.
          </li>
        </ol>
        <p className="mt-3 text-slate-600">
          The store view code is in <strong>Stores › All Stores</strong>: open the store view and read its <strong>Code</strong>.
        </p>
        <p className="mt-2 text-slate-600">
          Changed the integration&apos;s resources later? Save it, click <strong>Reauthorize</strong>, and paste the new Access Token and Access Token
          Secret.
        </p>
      </section>
      <section aria-labelledby="resources-heading">
        <h2 id="resources-heading" className="font-semibold text-slate-900">
          API resources the connector uses
        </h2>
        <p className="mt-1 text-slate-600">Each is needed only by the flows named with it; the connection check tells you which ones are missing.</p>
        <ul className="mt-2 space-y-2" data-testid="resource-list">
          {RESOURCE_CHECKS.map((check) => {
            const neededNow = check.flows.some((f) => enabledFlows.has(f));
            return (
              <li key={check.resource} className="rounded-md border border-slate-200 bg-white p-2">
                <p className="font-medium text-slate-900">{check.label}</p>
                <p className="text-slate-600">
                  To {check.purpose}. <span className="text-slate-500">For: {flowList(check.flows)}.</span>
                  {neededNow && <span className="ml-1 font-medium text-amber-800">Needed now.</span>}
                </p>
                <p className="font-mono text-xs text-slate-500">{check.resource}</p>
              </li>
            );
          })}
        </ul>
      </section>
    </aside>
  );
}
