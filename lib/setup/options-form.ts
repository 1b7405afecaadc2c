// The settings the flows need, as the go-live page presents them: what each choice means in one
// line, and the validation of a submitted form with one message per field.
import { z } from "zod";
import type { SettingsOptions } from "@/lib/tenants/settings";
import type { FormLike } from "./mapping-form";

type Choice = { value: string; label: string };

export type OptionField =
  | { name: keyof SettingsOptions; kind: "select"; label: string; help: string; choices: Choice[] }
  | { name: keyof SettingsOptions; kind: "checkbox"; label: string; help: string }
  | { name: keyof SettingsOptions; kind: "nominal"; label: string; help: string }
  | { name: keyof SettingsOptions; kind: "number"; label: string; help: string }
  | { name: keyof SettingsOptions; kind: "text"; label: string; help: string };

export const OPTION_FIELDS: OptionField[] = [
  {
    name: "guestOrders",
    kind: "select",
    label: "Customers",
    help: "A returning customer is found by email; guests either get their own contact or share one.",
    choices: [
      { value: "contact-per-email", label: "One contact per email address" },
      { value: "single-guest-contact", label: "All guest orders on one contact" },
    ],
  },
  { name: "guestContactId", kind: "number", label: "Guest contact id", help: "The Brightpearl contact guest orders go to, when they share one." },
  {
    name: "unknownSku",
    kind: "select",
    label: "Unknown SKUs",
    help: "What happens to an order line whose SKU Brightpearl does not know.",
    choices: [
      { value: "free-text-row", label: "Import it as a free-text line, flagged for review" },
      { value: "hold-order", label: "Hold the whole order until the product exists" },
    ],
  },
  {
    name: "bundles",
    kind: "select",
    label: "Bundles",
    help: "How a Magento bundle becomes order lines in Brightpearl.",
    choices: [
      { value: "components", label: "As its component products" },
      { value: "bundle-product", label: "As the bundle product itself" },
    ],
  },
  { name: "salesNominalCode", kind: "nominal", label: "Sales nominal code", help: "For product lines whose product has no nominal code of its own." },
  { name: "shippingNominalCode", kind: "nominal", label: "Shipping nominal code", help: "For the shipping line of each order." },
  {
    name: "missingAvailability",
    kind: "select",
    label: "Products without stock figures",
    help: "When Brightpearl reports no availability for a product.",
    choices: [
      { value: "zero", label: "Set Magento's quantity to zero" },
      { value: "skip", label: "Leave Magento's quantity alone" },
    ],
  },
  { name: "notifyCustomerOnShipment", kind: "checkbox", label: "Email customers when an order ships", help: "Magento sends its shipment email with the tracking number." },
  { name: "invoiceWhenBrightpearlInvoices", kind: "checkbox", label: "Invoice in Magento when Brightpearl invoices", help: "Creates the Magento invoice (no payment is captured)." },
  { name: "restockRefunds", kind: "checkbox", label: "Return refunded items to stock", help: "Refunded quantities go back into Brightpearl stock." },
  {
    name: "productsSelection",
    kind: "select",
    label: "New products for Magento",
    help: "Which Brightpearl products missing in Magento are created there (disabled, for you to review).",
    choices: [
      { value: "all", label: "Every Brightpearl product Magento does not have" },
      { value: "custom-field", label: "Only products marked by a custom field" },
    ],
  },
  { name: "productsCustomField", kind: "text", label: "Custom field that marks products", help: "The code of the Brightpearl product custom field, e.g. PCF_MAGENTO: products with it ticked or filled in are created." },
  {
    name: "productsOverwriteContent",
    kind: "checkbox",
    label: "Keep product names and weights as in Brightpearl",
    help: "Rewrites the name and weight of products the connector created, even after they were edited in Magento.",
  },
];

export type OptionsResult = { ok: true; options: SettingsOptions } | { ok: false; errors: Partial<Record<keyof SettingsOptions, string>> };

const nominal = z.string().trim().regex(/^\d{1,10}$/, "Enter a nominal code such as 4000");

const schema = z.object({
  guestOrders: z.enum(["contact-per-email", "single-guest-contact"], { message: "Choose how customers are matched" }),
  guestContactId: z
    .string()
    .trim()
    .regex(/^(\d{1,10})?$/, "Enter the contact's number, e.g. 207")
    .transform((v) => (v ? Number(v) : undefined)),
  unknownSku: z.enum(["free-text-row", "hold-order"], { message: "Choose what happens to unknown SKUs" }),
  bundles: z.enum(["components", "bundle-product"], { message: "Choose how bundles are sent" }),
  salesNominalCode: nominal,
  shippingNominalCode: nominal,
  missingAvailability: z.enum(["zero", "skip"], { message: "Choose what happens without stock figures" }),
  notifyCustomerOnShipment: z.boolean(),
  invoiceWhenBrightpearlInvoices: z.boolean(),
  restockRefunds: z.boolean(),
  productsSelection: z.enum(["all", "custom-field"], { message: "Choose which products are created in Magento" }),
  productsCustomField: z
    .string()
    .trim()
    .max(100, "Keep the custom field's code under 100 characters")
    .regex(/^[A-Za-z0-9_-]*$/, "Enter the custom field's code as Brightpearl shows it, e.g. PCF_MAGENTO")
    .transform((v) => v || undefined),
  productsOverwriteContent: z.boolean(),
});

/** `nominalCodes`: the codes Brightpearl has, when known; a code outside them is refused. */
export function parseOptionsForm(form: FormLike, nominalCodes: string[] = []): OptionsResult {
  const value = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  const raw = Object.fromEntries(OPTION_FIELDS.map((f) => [f.name, f.kind === "checkbox" ? form.get(f.name) === "on" : value(f.name)]));
  const parsed = schema.safeParse(raw);
  const errors: Partial<Record<keyof SettingsOptions, string>> = {};
  for (const issue of parsed.error?.issues ?? []) errors[issue.path[0] as keyof SettingsOptions] ??= issue.message;
  // Checked beside the schema so every field's message shows at once.
  if (raw.guestOrders === "single-guest-contact" && raw.guestContactId === "") errors.guestContactId ??= "Enter the contact guest orders go to";
  if (raw.productsSelection === "custom-field" && String(raw.productsCustomField ?? "").trim() === "") errors.productsCustomField ??= "Name the Brightpearl custom field that marks products for Magento";
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors };
  for (const name of ["salesNominalCode", "shippingNominalCode"] as const) {
    if (nominalCodes.length && !nominalCodes.includes(parsed.data[name])) errors[name] = `Brightpearl has no nominal code ${parsed.data[name]}`;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, options: parsed.data as SettingsOptions };
}

/** Parses a go-live date typed as UTC ("2026-03-01T09:30" from a datetime-local field). */
export function parseGoLive(value: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  // Date.UTC rolls 2026-02-31 over into March; a date that does not exist is refused instead.
  return date.getUTCDate() === Number(m[3]) && date.getUTCMonth() === Number(m[2]) - 1 ? date : undefined;
}
