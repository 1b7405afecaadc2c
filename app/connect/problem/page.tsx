import type { Metadata } from "next";
import { ConnectForm } from "../../components/connect-form";

export const metadata: Metadata = { title: "Connecting Brightpearl" };

const REASONS: Record<string, { title: string; text: string }> = {
  denied: {
    title: "You did not approve the connector",
    text: "Brightpearl reports that the request was denied, so nothing was connected and nothing was stored. If that was a mistake, start again and choose Approve.",
  },
  "state-missing": {
    title: "This sign-in link is incomplete",
    text: "The address Brightpearl sent you back to is missing part of the sign-in. Start again from this page.",
  },
  "state-unknown": {
    title: "This sign-in link is not one of ours",
    text: "The connector did not start this sign-in, so it ignored it. If you were trying to connect, start again from this page.",
  },
  "state-used": {
    title: "This sign-in link has already been used",
    text: "Each sign-in link works once. If you refreshed the page or used the back button, start again from this page.",
  },
  "state-expired": {
    title: "This sign-in took too long",
    text: "Sign-in links expire after 10 minutes for your security. Start again; it only takes a moment.",
  },
  "state-foreign": {
    title: "This sign-in was started in another browser",
    text: "For your security a sign-in must finish in the browser that started it. Start again here.",
  },
  "code-missing": {
    title: "Brightpearl did not send an authorization",
    text: "Brightpearl came back without the authorization the connector needs. Start again; if it keeps happening, contact support.",
  },
  "code-refused": {
    title: "Brightpearl did not accept the authorization",
    text: "The authorization could not be exchanged (it may have expired). Start again; if it keeps happening, contact support.",
  },
  "api-domain-refused": {
    title: "Brightpearl named an unexpected server",
    text: "For your security the connector only talks to Brightpearl's own servers, and this answer pointed elsewhere. Nothing was stored. Please contact support.",
  },
  "brightpearl-unavailable": {
    title: "Brightpearl could not be reached",
    text: "Brightpearl's sign-in service did not answer properly. Nothing was stored. Please try again in a few minutes.",
  },
};

export default async function ConnectProblemPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason, account } = await searchParams;
  const problem = (typeof reason === "string" && REASONS[reason]) || REASONS["state-unknown"]!;
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <div role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-6">
        <h1 className="text-2xl font-bold">{problem.title}</h1>
        <p className="mt-2 text-slate-700">{problem.text}</p>
      </div>
      <section className="mt-8 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <ConnectForm accountCode={typeof account === "string" ? account : undefined} label="Start again" />
      </section>
    </main>
  );
}
