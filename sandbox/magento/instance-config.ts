// What distinguishes one simulated Magento installation from another: its stores, its modules and
// security settings. Parsed with zod at every entry (control API, in-process calls, snapshots).
import { z } from "zod";

/** Instance ids are a path segment: /m/<id>/ */
export const INSTANCE_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/i;

export const STORE_CODE = /^[a-z][a-z0-9_]*$/;
const RESERVED_CODES = ["admin", "all", "default_0"];

const storeCode = z
  .string()
  .regex(STORE_CODE, "store codes start with a letter and use a-z, 0-9 and _")
  .refine((c) => !RESERVED_CODES.includes(c), "this store code is reserved");

export const websiteSchema = z.object({
  code: storeCode,
  name: z.string().min(1),
  /** base currency of the website's prices and `base_*` order amounts */
  baseCurrency: z.string().length(3).default("USD"),
});

export const storeViewSchema = z.object({
  code: storeCode,
  name: z.string().min(1),
  website: storeCode.default("base"),
  isActive: z.boolean().default(true),
  locale: z.string().default("en_US"),
  /** currency shown to shoppers; orders placed in it carry base_to_order_rate */
  displayCurrency: z.string().length(3).optional(),
  timezone: z.string().default("America/Los_Angeles"),
  weightUnit: z.enum(["lbs", "kgs"]).default("lbs"),
});

export const sourceSchema = z.object({
  code: z.string().regex(/^[a-z0-9_-]+$/i),
  name: z.string().min(1),
  enabled: z.boolean().default(true),
  countryId: z.string().length(2).default("US"),
  postcode: z.string().default("00000"),
  /** lower is tried first by the source selection algorithm */
  priority: z.number().int().min(0).default(0),
});

export const inputLimitsSchema = z.object({
  maxPageSize: z.number().int().positive().default(300),
  defaultPageSize: z.number().int().positive().default(20),
  complexArrayLimit: z.number().int().positive().default(20),
});

export const instanceConfigSchema = z.object({
  websites: z.array(websiteSchema).min(1).default([{ code: "base", name: "Main Website", baseCurrency: "USD" }]),
  storeViews: z
    .array(storeViewSchema)
    .min(1)
    .default([{ code: "default", name: "Default Store View", website: "base", isActive: true, locale: "en_US", timezone: "America/Los_Angeles", weightUnit: "lbs" }]),
  /** Multi-Source Inventory modules installed; off = /V1/inventory/* answers "no route" */
  msi: z.boolean().default(true),
  sources: z
    .array(sourceSchema)
    .min(1)
    .default([{ code: "default", name: "Default Source", enabled: true, countryId: "US", postcode: "00000", priority: 0 }]),
  /** oauth/consumer/enable_integration_as_bearer */
  integrationAsBearer: z.boolean().default(false),
  /** 2.4.4+ accepts HMAC-SHA256 only; ["HMAC-SHA1", "HMAC-SHA256"] simulates 2.4.3 and older */
  signatureMethods: z.array(z.enum(["HMAC-SHA256", "HMAC-SHA1"])).min(1).default(["HMAC-SHA256"]),
  /**
   * How the verifier sorts signature parameters: "natural" (strnatcmp, Laminas-based 2.4.4-2.4.7)
   * or "byte" (ksort, newer internal signer). They differ only once an index reaches 10.
   */
  signatureParamOrder: z.enum(["natural", "byte"]).default("natural"),
  /** webapi/validation/input_limit_enabled; `true` uses Magento's defaults */
  inputLimits: z.union([z.literal(false), z.literal(true).transform(() => inputLimitsSchema.parse({})), inputLimitsSchema]).default(false),
  /** developer mode adds `trace` to error bodies */
  developerMode: z.boolean().default(false),
});

export type InstanceConfigInput = z.input<typeof instanceConfigSchema>;
export type InstanceConfig = z.output<typeof instanceConfigSchema>;

export function parseInstanceConfig(input: unknown): InstanceConfig {
  const config = instanceConfigSchema.parse(input ?? {});
  const websiteCodes = new Set(config.websites.map((w) => w.code));
  const seen = new Set<string>();
  for (const view of config.storeViews) {
    if (!websiteCodes.has(view.website)) throw new Error(`store view ${view.code} names unknown website ${view.website}`);
    if (seen.has(view.code)) throw new Error(`store view code ${view.code} is used twice`);
    seen.add(view.code);
  }
  for (const website of config.websites) {
    if (!config.storeViews.some((v) => v.website === website.code)) throw new Error(`website ${website.code} has no store view`);
  }
  if (new Set(config.sources.map((s) => s.code)).size !== config.sources.length) throw new Error("source codes must be unique");
  return config;
}

/** Changes a merchant makes in Stores > Configuration after installation. */
export const configPatchSchema = z
  .object({
    msi: z.boolean(),
    integrationAsBearer: z.boolean(),
    signatureMethods: instanceConfigSchema.shape.signatureMethods.unwrap(),
    signatureParamOrder: z.enum(["natural", "byte"]),
    inputLimits: instanceConfigSchema.shape.inputLimits.unwrap(),
    developerMode: z.boolean(),
  })
  .partial()
  .strict();
export type ConfigPatch = z.input<typeof configPatchSchema>;
