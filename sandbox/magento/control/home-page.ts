// A small page for people: where an instance's REST API is and the four credentials to paste into
// the connector's Magento settings.
import { ADMIN_PREFIX } from "../../shared/admin";
import type { MagentoInstance } from "../instance";
import type { MagentoSandbox } from "../sandbox";

const escape = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

export function homePage(sandbox: MagentoSandbox, instance: MagentoInstance): string {
  const isDefault = instance.id === sandbox.defaultInstanceId;
  const d = instance.describe();
  const integrations = instance.state.integrations
    .map(
      (i) => `<section class="card">
  <h3>${escape(i.name)} ${i.active ? "" : "<em>(inactive)</em>"}</h3>
  <dl>
    <dt>Consumer Key</dt><dd><code>${escape(i.consumerKey)}</code></dd>
    <dt>Consumer Secret</dt><dd><code>${escape(i.consumerSecret)}</code></dd>
    <dt>Access Token</dt><dd><code>${escape(i.accessToken)}</code></dd>
    <dt>Access Token Secret</dt><dd><code>${escape(i.accessTokenSecret)}</code></dd>
    <dt>API resources</dt><dd>${i.resources === "all" ? "All" : escape(i.resources.join(", "))}</dd>
  </dl>
</section>`,
    )
    .join("\n");
  const views = instance.topology.views
    .filter((v) => v.id !== 0)
    .map((v) => `<li><code>${escape(v.code)}</code> – ${escape(v.name)}: <code>${escape(instance.baseUrl)}/rest/${escape(v.code)}/V1/…</code></li>`)
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Magento 2 sandbox – ${escape(instance.id)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px;user-select:all}
.card{border:1px solid #ddd;border-radius:6px;padding:0 1rem 1rem;margin:1rem 0}
dl{display:grid;grid-template-columns:12rem 1fr;gap:.4rem}
dt{font-weight:600}
</style></head><body>
<h1>Magento 2 sandbox</h1>
<p>Instance <code>${escape(instance.id)}</code>${isDefault ? " (default)" : ""}. Store URL to enter in the connector:
<code>${escape(isDefault ? sandbox.publicUrl : instance.baseUrl)}</code>${isDefault ? ` (also <code>${escape(instance.baseUrl)}</code>)` : ""}.</p>
<p>REST: <code>${escape(instance.baseUrl)}/rest/V1/…</code> (default store view), <code>/rest/all/V1/…</code> (all store views). Requests are signed with OAuth 1.0a, HMAC-SHA256, using the four credentials below.</p>
<h2>Integrations</h2>
${integrations || "<p>No integration yet: create one through the control API.</p>"}
<h2>Store views</h2><ul>${views}</ul>
<h2>Data</h2>
<p>${d.counts.products} products, ${d.counts.customers} customers, ${d.counts.orders} orders, ${d.counts.shipments} shipments, ${d.counts.invoices} invoices, ${d.counts.creditmemos} credit memos. MSI ${instance.config.msi ? "on" : "off"}. Store clock ${escape(d.now)} UTC.</p>
<p>Control API: <code>${escape(sandbox.publicUrl)}${ADMIN_PREFIX}/instances</code> (${sandbox.admin ? "enabled" : "disabled"}).</p>
</body></html>`;
}
