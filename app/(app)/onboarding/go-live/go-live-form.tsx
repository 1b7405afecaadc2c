"use client";
import { useActionState } from "react";
import { saveGoLiveDate, type GoLiveState } from "./actions";

/** The go-live date and time, typed and shown in UTC. */
export function GoLiveForm({ current, proposed }: { current: string | null; proposed: string }) {
  const [state, action, pending] = useActionState<GoLiveState, FormData>(saveGoLiveDate, { status: "idle" });
  return (
    <form action={action} className="mt-3 flex flex-wrap items-end gap-3">
      <div>
        <label htmlFor="goLiveAt" className="block text-sm font-medium text-slate-700">
          Go-live date and time (UTC)
        </label>
        <input
          id="goLiveAt"
          name="goLiveAt"
          type="datetime-local"
          required
          defaultValue={current ?? proposed}
          aria-invalid={state.status === "error" || undefined}
          aria-describedby="goLiveAt-message"
          className="mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm aria-invalid:border-red-500"
        />
      </div>
      <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60">
        Save go-live date
      </button>
      <p id="goLiveAt-message" role={state.status === "error" ? "alert" : "status"} className={`w-full text-sm ${state.status === "error" ? "text-red-700" : "text-emerald-700"}`}>
        {state.message}
      </p>
    </form>
  );
}
