"use client";
import Link from "next/link";
import { useActionState } from "react";
import type { Missing } from "@/lib/setup/requirements";
import { switchFlow, type FlowState } from "./actions";

/** One flow's on/off switch; a refusal lists exactly what is missing, each with where to fix it. */
export function FlowSwitch({ flow, title, on }: { flow: string; title: string; on: boolean }) {
  const [state, action, pending] = useActionState<FlowState, FormData>(switchFlow, { status: "idle" });
  return (
    <form action={action} className="flex flex-col items-end gap-2">
      <input type="hidden" name="flow" value={flow} />
      <input type="hidden" name="on" value={on ? "false" : "true"} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded-md px-3 py-1.5 text-sm font-semibold shadow-sm disabled:opacity-60 ${on ? "border border-slate-300 text-slate-700 hover:bg-slate-50" : "bg-brand-600 text-white hover:bg-brand-700"}`}
      >
        {on ? `Turn off ${title}` : `Turn on ${title}`}
      </button>
      {state.status === "refused" && (
        <div role="alert" className="w-full rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <p className="font-medium">{state.message}</p>
          {state.missing && <MissingList items={state.missing} />}
        </div>
      )}
    </form>
  );
}

export function MissingList({ items }: { items: Missing[] }) {
  return (
    <ul className="mt-1 list-disc space-y-0.5 pl-5">
      {items.map((m) => (
        <li key={m.text}>
          {m.text}{" "}
          <Link href={m.href} className="font-medium underline">
            Fix
          </Link>
        </li>
      ))}
    </ul>
  );
}
