// What the merchant pastes to connect Magento, validated field by field with one message each.
import { z } from "zod";

const credential = (label: string) =>
  z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().regex(/^[a-z0-9]{32}$/, `The ${label} is 32 lower-case letters and digits; copy it again from the integration's details.`));

function isLoopback(hostname: string): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(hostname) || hostname.endsWith(".localhost");
}

/**
 * `sandbox`: plain http is accepted for loopback hosts (the local Magento sandbox); never in
 * production, where a loopback address would point the connector at itself.
 */
export const magentoConnectionForm = (mode: "sandbox" | "production") => z.object({
  baseUrl: z
    .string()
    .trim()
    .min(1, "Enter your store's address, e.g. https://shop.example.com.")
    .transform((raw, ctx) => {
      let url: URL;
      try {
        url = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `https://${raw}`);
      } catch {
        ctx.addIssue({ code: "custom", message: "That is not a web address. Use your store's address, e.g. https://shop.example.com." });
        return z.NEVER;
      }
      if (mode === "production" && isLoopback(url.hostname)) {
        ctx.addIssue({ code: "custom", message: "That address points at the connector itself. Use your store's public address." });
        return z.NEVER;
      }
      if (url.protocol !== "https:" && !(mode === "sandbox" && url.protocol === "http:" && isLoopback(url.hostname))) {
        ctx.addIssue({ code: "custom", message: "Use https:// — the connector sends your credentials only over an encrypted connection." });
        return z.NEVER;
      }
      if (url.search || url.hash || url.username) {
        ctx.addIssue({ code: "custom", message: "Use just the store's address, without ?… or #…." });
        return z.NEVER;
      }
      // People paste the admin or API address; the base is what comes before it.
      const path = url.pathname.replace(/\/(admin[^/]*|rest)(\/.*)?$/i, "").replace(/\/+$/, "");
      return `${url.origin}${path}`;
    }),
  storeCode: z
    .string()
    .trim()
    .transform((v) => v || "default")
    .pipe(z.string().regex(/^[a-z0-9_]{1,32}$/, "A store view code is lower-case letters, digits and _ (e.g. default).")),
  consumerKey: credential("Consumer Key"),
  consumerSecret: credential("Consumer Secret"),
  accessToken: credential("Access Token"),
  accessTokenSecret: credential("Access Token Secret"),
});

export type MagentoConnectionForm = z.output<ReturnType<typeof magentoConnectionForm>>;

/** One message per field, for the form. */
export function fieldErrors(error: z.ZodError): Partial<Record<keyof MagentoConnectionForm, string>> {
  const out: Partial<Record<keyof MagentoConnectionForm, string>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as keyof MagentoConnectionForm | undefined;
    if (field && !out[field]) out[field] = issue.message;
  }
  return out;
}
