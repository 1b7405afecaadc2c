"use client";
import { startTransition, useActionState, useEffect, useRef, useState } from "react";
import { CREDENTIAL_FIELDS, CREDENTIAL_LABELS, credentialsFromPaste, type CredentialFieldName, type FormField } from "@/lib/magento/connection-form";
import { connectMagento } from "./actions";
import { INITIAL_CONNECT_STATE } from "./form-state";

type Props = {
  defaults: { baseUrl: string; storeCode: string };
  /** replacing a saved connection: the last four characters of each saved credential */
  savedHints?: Record<CredentialFieldName, string>;
  submitLabel: string;
};

const inputClass =
  "mt-1 w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none aria-invalid:border-red-500";

function Field(props: {
  name: FormField;
  label: string;
  help: string;
  error?: string;
  type?: string;
  defaultValue?: string;
  placeholder?: string;
  inputRef?: (el: HTMLInputElement | null) => void;
  onPaste?: React.ClipboardEventHandler<HTMLInputElement>;
}) {
  const describedBy = `${props.name}-${props.error ? "error" : "help"}`;
  return (
    <div>
      <label htmlFor={props.name} className="block text-sm font-medium text-slate-700">
        {props.label}
      </label>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        placeholder={props.placeholder}
        ref={props.inputRef}
        onPaste={props.onPaste}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        className={inputClass}
      />
      {props.error ? (
        <p id={`${props.name}-error`} className="mt-1 text-sm text-red-700" data-testid={`${props.name}-error`}>
          {props.error}
        </p>
      ) : (
        <p id={`${props.name}-help`} className="mt-1 text-xs text-slate-500">
          {props.help}
        </p>
      )}
    </div>
  );
}

/**
 * The store address, store view code and the four credentials. Submitting never clears what was
 * typed (the server does not send secrets back; the browser keeps them), and the first problem
 * gets the focus.
 */
export function MagentoConnectionForm({ defaults, savedHints, submitLabel }: Props) {
  const [state, formAction, pending] = useActionState(connectMagento, INITIAL_CONNECT_STATE);
  const [reveal, setReveal] = useState(false);
  const [pasteNote, setPasteNote] = useState<string>();
  const inputs = useRef<Partial<Record<FormField, HTMLInputElement | null>>>({});
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (state.attempt === 0) return;
    const first = (["baseUrl", "storeCode", ...CREDENTIAL_FIELDS] as FormField[]).find((f) => state.fieldErrors[f]);
    if (state.alert) alertRef.current?.focus();
    else if (first) inputs.current[first]?.focus();
  }, [state]);

  const onPaste: React.ClipboardEventHandler<HTMLInputElement> = (event) => {
    const found = credentialsFromPaste(event.clipboardData.getData("text"));
    if (!found) return;
    event.preventDefault();
    for (const [field, value] of Object.entries(found)) {
      const input = inputs.current[field as FormField];
      if (input) input.value = value;
    }
    setPasteNote(`Filled ${Object.keys(found).map((f) => CREDENTIAL_LABELS[f as CredentialFieldName]).join(", ")} from what you pasted.`);
  };

  const values = state.values ?? defaults;
  const ref = (name: FormField) => (el: HTMLInputElement | null) => {
    inputs.current[name] = el;
  };

  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        // Submitting through a transition keeps the inputs as typed (a plain form action resets them).
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      noValidate
      className="space-y-4"
      aria-describedby={state.alert ? "connect-alert" : undefined}
    >
      {state.alert && (
        <div id="connect-alert" ref={alertRef} tabIndex={-1} role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="connect-alert">
          {state.alert}
        </div>
      )}
      <Field
        name="baseUrl"
        label="Store address"
        help="The address your customers use, e.g. https://shop.example.com."
        error={state.fieldErrors.baseUrl}
        defaultValue={values.baseUrl}
        placeholder="https://shop.example.com"
        inputRef={ref("baseUrl")}
      />
      <Field
        name="storeCode"
        label="Store view code"
        help='The store view whose orders and prices the connector uses. Most stores use "default".'
        error={state.fieldErrors.storeCode}
        defaultValue={values.storeCode}
        inputRef={ref("storeCode")}
      />
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold text-slate-800">Integration credentials</legend>
        {savedHints && <p className="text-xs text-slate-500">Leave a credential empty to keep the saved one (same store address only).</p>}
        {CREDENTIAL_FIELDS.map((field) => (
          <Field
            key={field}
            name={field}
            label={CREDENTIAL_LABELS[field]}
            help={`32 letters and digits, from the integration's details.${field === "consumerKey" ? " You can paste all four at once here." : ""}`}
            error={state.fieldErrors[field]}
            type={reveal ? "text" : "password"}
            placeholder={savedHints ? `Leave empty to keep …${savedHints[field]}` : undefined}
            inputRef={ref(field)}
            onPaste={onPaste}
          />
        ))}
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
          Show the credentials while typing
        </label>
        {pasteNote && (
          <p className="text-sm text-emerald-800" role="status">
            {pasteNote}
          </p>
        )}
      </fieldset>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-brand-700 disabled:opacity-60">
          {pending ? "Checking with Magento…" : submitLabel}
        </button>
        <p className="text-xs text-slate-500" role="status">
          {pending ? "The connector is calling your store to check the address and each permission; this takes a few seconds." : "Nothing is saved until Magento accepts the credentials."}
        </p>
      </div>
    </form>
  );
}
