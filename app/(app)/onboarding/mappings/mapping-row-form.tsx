"use client";
import { useActionState } from "react";
import type { MappingRowView } from "@/lib/setup/mapping-view";
import { deleteMappingRow, saveMappingRow, type RowState } from "./actions";

const selectClass =
  "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none aria-invalid:border-red-500";

/** One mapping row: the Magento value, the Brightpearl choice(s), save (or confirm) and delete. */
export function MappingRowForm({ row }: { row: MappingRowView }) {
  const [state, action, pending] = useActionState<RowState, FormData>(saveMappingRow, { status: "idle" });
  const rowId = `${row.kind}-${row.sourceKey}`.replace(/[^A-Za-z0-9_-]/g, "_");
  return (
    <form action={action} className="grid gap-3 border-t border-slate-100 py-3 sm:grid-cols-[14rem_1fr_auto] sm:items-start" data-testid={`mapping-${row.kind}-${row.sourceKey}`}>
      <input type="hidden" name="kind" value={row.kind} />
      <input type="hidden" name="sourceKey" value={row.sourceKey} />
      <div>
        <p className="text-sm font-medium" id={`${rowId}-label`}>
          {row.label}
        </p>
        {row.detail && <p className="text-xs text-slate-500">{row.detail}</p>}
        <p className="mt-1 flex flex-wrap gap-1 text-xs">
          {row.suggested && <span className="rounded-full bg-sky-50 px-2 py-0.5 font-medium text-sky-800">Suggested</span>}
          {!row.mapped && row.coveredBy && <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700">Uses {row.coveredBy}</span>}
          {!row.mapped && !row.coveredBy && <span className="rounded-full bg-amber-50 px-2 py-0.5 font-medium text-amber-800">Not mapped</span>}
        </p>
      </div>
      <div className="grid gap-2 sm:grid-cols-2">
        {row.fields.map((f) => {
          const id = `${rowId}-${f.name}`;
          const invalid = state.status === "error" && state.field === f.name;
          return (
            <div key={f.name}>
              <label htmlFor={id} className="block text-xs text-slate-500">
                {f.label}
                <span className="sr-only"> for {row.label}</span>
              </label>
              <select
                id={id}
                name={f.name}
                multiple={f.multiple}
                defaultValue={f.value}
                aria-invalid={invalid || undefined}
                className={selectClass}
                size={f.multiple ? Math.min(4, Math.max(2, f.options.length)) : undefined}
              >
                {!f.multiple && <option value="">{f.emptyLabel ?? "— choose —"}</option>}
                {f.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
        {state.status !== "idle" && (
          <p role={state.status === "error" ? "alert" : "status"} className={`text-sm sm:col-span-2 ${state.status === "error" ? "text-red-700" : "text-emerald-700"}`}>
            {state.message}
          </p>
        )}
      </div>
      <div className="flex gap-2 sm:pt-4">
        <button type="submit" disabled={pending} aria-describedby={`${rowId}-label`} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60">
          {row.suggested ? "Confirm" : "Save"}
        </button>
        {row.mapped && (
          <button type="submit" formAction={deleteMappingRow} aria-describedby={`${rowId}-label`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
            Delete
          </button>
        )}
      </div>
    </form>
  );
}
