// zod schemas for the control API's request bodies and query strings.
import { z } from "zod";
import { INSTANCE_ID } from "../instance-config";

const credential = z.string().regex(/^[a-z0-9]{32}$/, "32 lowercase letters or digits");
const when = z.union([z.number(), z.string().min(1)]);

export const integrationInputSchema = z
  .object({
    name: z.string().min(1).optional(),
    resources: z.union([z.literal("all"), z.array(z.string().regex(/^[A-Za-z0-9_]+::[A-Za-z0-9_]+$/, "an ACL resource id like Magento_Sales::actions_view"))]).optional(),
    active: z.boolean().optional(),
    consumerKey: credential.optional(),
    consumerSecret: credential.optional(),
    accessToken: credential.optional(),
    accessTokenSecret: credential.optional(),
  })
  .strict();

export const integrationPatchSchema = z
  .object({
    active: z.boolean().optional(),
    resources: integrationInputSchema.shape.resources,
    revoked: z.boolean().optional(),
    /** issue a new access token pair, as re-authorising in the admin does */
    reauthorize: z.literal(true).optional(),
  })
  .strict();

export const catalogueInputSchema = z
  .object({
    count: z.number().int().min(0).max(10_000).optional(),
    seed: z.number().int().optional(),
    missing: z.array(z.string().min(1)).optional(),
    extra: z.number().int().min(0).max(1_000).optional(),
    configurables: z.number().int().min(0).max(50).optional(),
    bundles: z.number().int().min(0).max(50).optional(),
  })
  .strict();

export const ordersInputSchema = z
  .object({
    count: z.number().int().min(1).max(5_000),
    seed: z.number().int().optional(),
    from: when.optional(),
    to: when.optional(),
    updatedAfterSeconds: z.number().int().min(0).optional(),
    guestShare: z.number().min(0).max(1).optional(),
    currencies: z.array(z.string().length(3)).min(1).optional(),
    paymentMethods: z.array(z.enum(["checkmo", "banktransfer", "cashondelivery", "paypal_express", "braintree"])).min(1).optional(),
    shippingMethods: z.array(z.enum(["flatrate_flatrate", "tablerate_bestway", "freeshipping_freeshipping", "ups_GND"])).min(1).optional(),
    storeCodes: z.array(z.string()).min(1).optional(),
    composite: z.boolean().optional(),
    outcomes: z.object({ complete: z.number().min(0).max(1), canceled: z.number().min(0).max(1), holded: z.number().min(0).max(1) }).partial().strict().optional(),
  })
  .strict();

export const createInstanceSchema = z
  .object({
    id: z.string().regex(INSTANCE_ID, "1-63 letters, digits, - or _").optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    integrations: z.array(integrationInputSchema).optional(),
    catalogue: z.union([catalogueInputSchema, z.literal(false)]).optional(),
    orders: ordersInputSchema.optional(),
  })
  .strict();

const at = { at: when.optional() };

/** Things a merchant does to an order in the admin. `at` sets the store clock for the change. */
export const orderActionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("status"), status: z.string().min(1), state: z.string().min(1).optional(), comment: z.string().optional(), notify: z.boolean().optional(), ...at }).strict(),
  z.object({ action: z.literal("comment"), comment: z.string().min(1), status: z.string().optional(), notify: z.boolean().optional(), ...at }).strict(),
  z.object({ action: z.literal("cancel"), ...at }).strict(),
  z.object({ action: z.literal("hold"), ...at }).strict(),
  z.object({ action: z.literal("unhold"), ...at }).strict(),
  z.object({ action: z.literal("invoice"), capture: z.boolean().optional(), ...at }).strict(),
  z
    .object({
      action: z.literal("ship"),
      items: z.array(z.object({ order_item_id: z.number().int(), qty: z.number().positive() })).optional(),
      sourceCode: z.string().optional(),
      trackNumber: z.string().optional(),
      carrierCode: z.string().optional(),
      ...at,
    })
    .strict(),
  z
    .object({
      action: z.literal("refund"),
      items: z.array(z.object({ order_item_id: z.number().int(), qty: z.number().positive() })).optional(),
      shippingAmount: z.number().min(0).optional(),
      returnToStock: z.boolean().optional(),
      ...at,
    })
    .strict(),
  z.object({ action: z.literal("touch"), ...at }).strict(),
]);

export const clockSchema = z.union([z.object({ offsetMs: z.number().int() }).strict(), z.object({ now: when }).strict()]);

export const requestQuerySchema = z.object({
  instance: z.string().optional(),
  since: z.coerce.number().int().optional(),
  route: z.string().optional(),
});
