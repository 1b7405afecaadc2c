"use client";
import { useActionState } from "react";
import type { FieldOption } from "@/lib/setup/mapping-view";
import { saveMappingRow, type RowState } from "./actions";

/** Adds a shipping-method pattern row, e.g. tablerate_* → Next Day Delivery. */
export function PatternForm({ options }: { options: FieldOption[] }) {
  const [state, action, pending] = useActionState<RowState, FormData>(saveMappingRow, { status: "idle" });
  return (
    <form action={action} className="mt-4 grid gap-3 rounded-md bg-slate-50 p-3 sm:grid-cols-[14rem_1fr_auto] sm:items-end">
      <input type="hidden" name="kind" value="shipping-method" />
      <input type="hidden" name="pattern" value="1" />
      <div>
        <label htmlFor="shipping-pattern" className="block text-xs text-slate-500">
          Magento codes matching
        </label>
        <input
          id="shipping-pattern"
          name="sourceKey"
          placeholder="tablerate_*"
          autoComplete="off"
          spellCheck={false}
          aria-invalid={(state.status === "error" && state.field === "sourceKey") || undefined}
          className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm shadow-sm aria-invalid:border-red-500"
        />
      </div>
      <div>
        <label htmlFor="shipping-pattern-method" className="block text-xs text-slate-500">
          Brightpearl shipping method for the pattern
        </label>
        <select
          id="shipping-pattern-method"
          name="shippingMethodId"
          defaultValue=""
          aria-invalid={(state.status === "error" && state.field === "shippingMethodId") || undefined}
          className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm aria-invalid:border-red-500"
        >
          <option value="">— choose —</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending} className="rounded-md border border-brand-600 px-3 py-1.5 text-sm font-semibold text-brand-700 hover:bg-brand-50 disabled:opacity-60">
        Add pattern
      </button>
      {state.status !== "idle" && (
        <p role={state.status === "error" ? "alert" : "status"} className={`text-sm sm:col-span-3 ${state.status === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {state.status === "saved" ? "Pattern added" : state.message}
        </p>
      )}
    </form>
  );
}
