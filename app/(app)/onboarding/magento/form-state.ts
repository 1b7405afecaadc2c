// What the connect action hands back to its form. Secrets are never part of it: after a failed
// attempt the browser keeps what was typed, and the server sends back only the address and code.
import type { FormField } from "@/lib/magento/connection-form";

export type ConnectFormState = {
  /** counts submissions, so the form can move focus to the new problem */
  attempt: number;
  fieldErrors: Partial<Record<FormField, string>>;
  /** a problem that belongs to no single field */
  alert?: string;
  /** the non-secret values as submitted, for a browser without JavaScript */
  values?: { baseUrl: string; storeCode: string };
};

export const INITIAL_CONNECT_STATE: ConnectFormState = { attempt: 0, fieldErrors: {} };
