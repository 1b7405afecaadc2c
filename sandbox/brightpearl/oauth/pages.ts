// The authorize page a merchant sees: the app's name, the account, Approve and Deny. Real
// Brightpearl shows its login first; the sandbox has no users, so approving stands for both.
const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const layout = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – Brightpearl sandbox</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f6f8; color: #1f2933; margin: 0; }
  main { max-width: 28rem; margin: 4rem auto; background: #fff; border-radius: 8px; padding: 2rem; box-shadow: 0 1px 4px #0002; }
  h1 { font-size: 1.3rem; margin-top: 0; }
  .actions { display: flex; gap: 1rem; margin-top: 1.5rem; }
  button { font-size: 1rem; padding: .6rem 1.4rem; border-radius: 4px; border: 1px solid #9aa5b1; background: #fff; cursor: pointer; }
  button[value=approve] { background: #1f6feb; border-color: #1f6feb; color: #fff; }
  .note { color: #616e7c; font-size: .85rem; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;

export type ConsentFields = { account: string; appName: string; clientId: string; redirectUri: string; state: string | undefined; responseType: string };

export function consentPage(f: ConsentFields): string {
  const hidden = (name: string, value: string | undefined) =>
    value === undefined ? "" : `<input type="hidden" name="${name}" value="${escape(value)}">`;
  return layout(
    "Authorize app",
    `<h1>Allow <strong>${escape(f.appName)}</strong> to access <strong>${escape(f.account)}</strong>?</h1>
<p>The app will be able to read and change orders, contacts, products, stock and payments in the
Brightpearl account <strong>${escape(f.account)}</strong>.</p>
<form method="post" action="/authorize/${encodeURIComponent(f.account)}">
${hidden("response_type", f.responseType)}${hidden("client_id", f.clientId)}${hidden("redirect_uri", f.redirectUri)}${hidden("state", f.state)}
<div class="actions">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>
<p class="note">Brightpearl sandbox – approving installs the app in this account.</p>`,
  );
}

export function errorPage(title: string, message: string): string {
  return layout(title, `<h1>${escape(title)}</h1><p>${escape(message)}</p>`);
}
