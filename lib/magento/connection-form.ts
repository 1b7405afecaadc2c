// What the merchant pastes to connect Magento, validated field by field with one message each.
// No server-only imports: the form's client component uses the paste helper below.
import { z } from "zod";

export const CREDENTIAL_FIELDS = ["consumerKey", "consumerSecret", "accessToken", "accessTokenSecret"] as const;
export type CredentialFieldName = (typeof CREDENTIAL_FIELDS)[number];

export const CREDENTIAL_LABELS: Record<CredentialFieldName, string> = {
  consumerKey: "Consumer Key",
  consumerSecret: "Consumer Secret",
  accessToken: "Access Token",
  accessTokenSecret: "Access Token Secret",
};

const credential = (label: string) =>
  z
    .string()
    .transform((v) => v.trim())
    .superRefine((value, ctx) => {
      // One precise message, and never a piece of the secret in it.
      const message =
        value === ""
          ? `Paste the ${label} from the integration's details.`
          : value.length !== 32
            ? `The ${label} is 32 characters long; this is ${value.length}. Copy it again from the integration's details.`
            : !/^[a-z0-9]{32}$/.test(value)
              ? `The ${label} has only lower-case letters and digits; this has other characters. Copy it again from the integration's details.`
              : undefined;
      if (message) ctx.addIssue({ code: "custom", message });
    });

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === "[::1]";
}

export type ConnectionFormOptions = {
  /** sandbox mode: the Magento sandbox's URL, reachable over plain http like loopback hosts */
  sandboxUrl?: string;
};

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `sandbox`: plain http is accepted for loopback hosts and the Magento sandbox; never in production,
 * where a loopback address would point the connector at itself.
 */
export const magentoConnectionForm = (mode: "sandbox" | "production", options: ConnectionFormOptions = {}) => {
  const sandboxOrigin = mode === "sandbox" ? originOf(options.sandboxUrl) : undefined;
  return z.object({
    baseUrl: z
      .string()
      .trim()
      .min(1, "Enter your store's address, e.g. https://shop.example.com.")
      .transform((raw, ctx) => {
        let url: URL;
        try {
          url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
        } catch {
          ctx.addIssue({ code: "custom", message: "That is not a web address. Use your store's address, e.g. https://shop.example.com." });
          return z.NEVER;
        }
        if (mode === "production" && isLoopback(url.hostname)) {
          ctx.addIssue({ code: "custom", message: "That address points at the connector itself. Use your store's public address." });
          return z.NEVER;
        }
        const plainHttpAllowed = mode === "sandbox" && url.protocol === "http:" && (isLoopback(url.hostname) || url.origin === sandboxOrigin);
        if (url.protocol !== "https:" && !plainHttpAllowed) {
          ctx.addIssue({ code: "custom", message: "Use https:// — the connector sends your credentials only over an encrypted connection." });
          return z.NEVER;
        }
        if (url.search || url.hash || url.username || url.password) {
          ctx.addIssue({ code: "custom", message: "Use just the store's address, without ?…, #… or a user name." });
          return z.NEVER;
        }
        // People paste the admin or API address; the base is what comes before it.
        const path = url.pathname.replace(/\/(index\.php\/)?(admin[^/]*|rest)(\/.*)?$/i, "").replace(/\/+$/, "");
        return `${url.origin}${path}`;
      }),
    storeCode: z
      .string()
      .trim()
      .transform((v) => v.toLowerCase() || "default")
      .pipe(z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, "A store view code starts with a letter and has only a-z, 0-9 and _ (e.g. default). Find it in Stores › All Stores.")),
    consumerKey: credential(CREDENTIAL_LABELS.consumerKey),
    consumerSecret: credential(CREDENTIAL_LABELS.consumerSecret),
    accessToken: credential(CREDENTIAL_LABELS.accessToken),
    accessTokenSecret: credential(CREDENTIAL_LABELS.accessTokenSecret),
  });
};

export type MagentoConnectionForm = z.output<ReturnType<typeof magentoConnectionForm>>;
export type FormField = keyof MagentoConnectionForm;
export const FORM_FIELDS: FormField[] = ["baseUrl", "storeCode", ...CREDENTIAL_FIELDS];

/** One message per field, for the form. */
export function fieldErrors(error: z.ZodError): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as FormField | undefined;
    if (field && !out[field]) out[field] = issue.message;
  }
  return out;
}

const LABELLED: [CredentialFieldName, RegExp][] = [
  ["accessTokenSecret", /access\s*token\s*secret\W*([a-z0-9]{32})(?![a-z0-9])/i],
  ["consumerSecret", /consumer\s*secret\W*([a-z0-9]{32})(?![a-z0-9])/i],
  ["consumerKey", /consumer\s*key\W*([a-z0-9]{32})(?![a-z0-9])/i],
  ["accessToken", /access\s*token(?!\s*secret)\W*([a-z0-9]{32})(?![a-z0-9])/i],
];

/**
 * The credentials in text copied from Magento's "Integration Tokens for Extensions" page in one go:
 * by their labels, or — four bare values — in the order Magento lists them. Undefined when the text
 * is a single value (an ordinary paste into one field).
 */
export function credentialsFromPaste(text: string): Partial<Record<CredentialFieldName, string>> | undefined {
  const found: Partial<Record<CredentialFieldName, string>> = {};
  for (const [field, pattern] of LABELLED) {
    const value = pattern.exec(text)?.[1];
    if (value && /^[a-z0-9]{32}$/.test(value)) found[field] = value;
  }
  if (Object.keys(found).length >= 2) return found;
  const bare = text.match(/(?<![A-Za-z0-9])[a-z0-9]{32}(?![A-Za-z0-9])/g) ?? [];
  if (bare.length === 4) return Object.fromEntries(CREDENTIAL_FIELDS.map((f, i) => [f, bare[i]!]));
  return undefined;
}
