/** Starts (or restarts) the Brightpearl authorization for an account code. Works without JavaScript. */
export function ConnectForm({ accountCode, error, label = "Connect Brightpearl" }: { accountCode?: string; error?: string; label?: string }) {
  return (
    <form action="/api/brightpearl/install" method="post" className="flex flex-col gap-2 sm:flex-row sm:items-start" noValidate>
      <div className="flex-1">
        <label htmlFor="accountCode" className="block text-sm font-medium text-slate-700">
          Brightpearl account code
        </label>
        <input
          id="accountCode"
          name="accountCode"
          defaultValue={accountCode}
          required
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. acmeltd"
          aria-invalid={error ? true : undefined}
          aria-describedby="accountCode-help"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 shadow-sm focus:border-brand-600 focus:ring-2 focus:ring-brand-100 focus:outline-none aria-invalid:border-red-500"
        />
        <p id="accountCode-help" className={`mt-1 text-sm ${error ? "text-red-700" : "text-slate-500"}`}>
          {error ?? "The first part of your Brightpearl address: acmeltd in https://euw1.brightpearlapp.com/… ?account=acmeltd."}
        </p>
      </div>
      <button type="submit" className="mt-6 rounded-md bg-brand-600 px-4 py-2 font-semibold text-white shadow-sm hover:bg-brand-700 sm:mt-6">
        {label}
      </button>
    </form>
  );
}
