"use client";
import { useFormStatus } from "react-dom";

export function CheckAgainButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50 disabled:opacity-60">
      {pending ? "Checking…" : "Check again"}
    </button>
  );
}
