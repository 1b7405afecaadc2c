"use client";
import { useActionState } from "react";
import type { OptionField } from "@/lib/setup/options-form";
import { saveSettingsOptions, type OptionsState } from "./actions";

type Values = Record<string, string | number | boolean | undefined>;

const inputClass = "mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-500";

/** The flows' choices, each with its default already filled in and a line saying what it does. */
export function SettingsOptionsForm({ fields, values, nominalCodes }: { fields: OptionField[]; values: Values; nominalCodes: { code: string; name: string }[] }) {
  const [state, action, pending] = useActionState<OptionsState, FormData>(saveSettingsOptions, { status: "idle" });
  return (
    <form action={action} className="mt-3 grid gap-4 sm:grid-cols-2">
      {fields.map((f) => {
        const id = `option-${f.name}`;
        const error = state.errors?.[f.name];
        const value = values[f.name];
        const describedBy = `${id}-help`;
        return (
          <div key={f.name} className={f.kind === "checkbox" ? "flex gap-2 sm:col-span-2" : undefined}>
            {f.kind === "checkbox" ? (
              <>
                <input id={id} name={f.name} type="checkbox" defaultChecked={value === true} aria-describedby={describedBy} className="mt-1 h-4 w-4" />
                <div>
                  <label htmlFor={id} className="text-sm font-medium text-slate-700">
                    {f.label}
                  </label>
                  <p id={describedBy} className="text-xs text-slate-500">
                    {f.help}
                  </p>
                </div>
              </>
            ) : (
              <>
                <label htmlFor={id} className="block text-sm font-medium text-slate-700">
                  {f.label}
                </label>
                {f.kind === "select" && (
                  <select id={id} name={f.name} defaultValue={String(value ?? "")} aria-invalid={!!error || undefined} aria-describedby={describedBy} className={inputClass}>
                    {f.choices.map((c) => (
                      <option key={c.value} value={c.value}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                )}
                {f.kind === "nominal" && nominalCodes.length > 0 && (
                  <select id={id} name={f.name} defaultValue={String(value ?? "")} aria-invalid={!!error || undefined} aria-describedby={describedBy} className={inputClass}>
                    {!nominalCodes.some((n) => n.code === String(value)) && <option value={String(value ?? "")}>{String(value ?? "")}</option>}
                    {nominalCodes.map((n) => (
                      <option key={n.code} value={n.code}>
                        {n.code} {n.name}
                      </option>
                    ))}
                  </select>
                )}
                {((f.kind === "nominal" && nominalCodes.length === 0) || f.kind === "number") && (
                  <input
                    id={id}
                    name={f.name}
                    inputMode="numeric"
                    defaultValue={value === undefined ? "" : String(value)}
                    aria-invalid={!!error || undefined}
                    aria-describedby={describedBy}
                    className={inputClass}
                  />
                )}
                {f.kind === "text" && (
                  <input
                    id={id}
                    name={f.name}
                    type="text"
                    defaultValue={value === undefined || value === null ? "" : String(value)}
                    aria-invalid={!!error || undefined}
                    aria-describedby={describedBy}
                    className={inputClass}
                  />
                )}
                <p id={describedBy} className={`mt-1 text-xs ${error ? "text-red-700" : "text-slate-500"}`}>
                  {error ?? f.help}
                </p>
              </>
            )}
          </div>
        );
      })}
      <div className="flex items-center gap-3 sm:col-span-2">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60">
          Save choices
        </button>
        <p role="status" className={`text-sm ${state.status === "error" ? "text-red-700" : "text-emerald-700"}`}>
          {state.status === "saved" ? "Choices saved." : state.status === "error" ? "Some choices need a look (see above)." : ""}
        </p>
      </div>
    </form>
  );
}
