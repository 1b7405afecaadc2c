import { ConnectForm } from "./components/connect-form";

const promises = [
  { title: "Every order, exactly once", text: "Magento orders arrive in Brightpearl with their customer, payment and status — never missing, never doubled." },
  { title: "Stock and prices that match", text: "Brightpearl stock and prices reach Magento in seconds, and an hourly audit proves nothing drifted." },
  { title: "Shipments and refunds", text: "Tracking numbers land on Magento shipments; Magento credit memos become Brightpearl sales credits." },
  { title: "Problems in plain words", text: "The dashboard names every problem and offers the button that fixes it." },
];

const ERRORS: Record<string, string> = {
  "account-code": "That does not look like a Brightpearl account code: use letters, digits, - or _ (for example acmeltd).",
};

export default async function LandingPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { error } = await searchParams;
  return (
    <main className="mx-auto max-w-4xl px-6 py-16">
      <p className="text-sm font-semibold tracking-wide text-brand-600 uppercase">Brightpearl App Store</p>
      <h1 className="mt-2 text-4xl font-bold tracking-tight">Brightpearl ↔ Magento 2 connector</h1>
      <p className="mt-4 max-w-2xl text-lg text-slate-600">
        Connect your Brightpearl account to your Magento 2 store in minutes. No server, no extension to install in
        Magento: paste your Magento integration credentials and the connector does the rest.
      </p>
      <section id="connect" className="mt-10 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h2 className="text-lg font-semibold">Connect or sign in</h2>
        <p className="mt-1 mb-4 text-sm text-slate-600">
          Brightpearl asks you to approve the connector, then brings you back here to set up Magento. Already connected? The
          same button signs you in.
        </p>
        <ConnectForm error={typeof error === "string" ? ERRORS[error] : undefined} />
      </section>
      <ul className="mt-10 grid gap-6 sm:grid-cols-2">
        {promises.map((p) => (
          <li key={p.title} className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="font-semibold">{p.title}</h2>
            <p className="mt-1 text-sm text-slate-600">{p.text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
