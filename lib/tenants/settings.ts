import "server-only";
import { z } from "zod";
import type { TenantDb } from "./scope";

export const FLOW_NAMES = ["orders", "inventory", "prices", "products", "shipments", "refunds"] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

/** Which flows a tenant has switched on. Every flow is off until the merchant turns it on. */
export const flowSwitches = z
  .object(Object.fromEntries(FLOW_NAMES.map((f) => [f, z.boolean().default(false)])) as Record<FlowName, z.ZodDefault<z.ZodBoolean>>)
  .catch(Object.fromEntries(FLOW_NAMES.map((f) => [f, false])) as Record<FlowName, boolean>);

export type FlowSwitches = Record<FlowName, boolean>;

/**
 * The merchant's choices, with the defaults a new tenant starts from. Flows add theirs here; a
 * stored value that no longer parses falls back to the default rather than breaking the flow.
 */
export const settingsOptions = z.object({
  /** orders: a returning customer is found by exact email; guests either get their own contact or share one */
  guestOrders: z.enum(["contact-per-email", "single-guest-contact"]).catch("contact-per-email").default("contact-per-email"),
  guestContactId: z.number().int().optional().catch(undefined),
  /** orders: an item whose SKU Brightpearl does not know becomes a free-text row flagged for review, or holds the order */
  unknownSku: z.enum(["free-text-row", "hold-order"]).catch("free-text-row").default("free-text-row"),
  /** orders and shipments: bundles as their component products, or as the bundle product itself */
  bundles: z.enum(["components", "bundle-product"]).catch("components").default("components"),
  /** orders: nominal codes for product rows without their own, and for the shipping row */
  salesNominalCode: z.string().catch("4000").default("4000"),
  shippingNominalCode: z.string().catch("4040").default("4040"),
  /** stock: a product Brightpearl reports no availability for is set to zero, or left alone */
  missingAvailability: z.enum(["zero", "skip"]).catch("zero").default("zero"),
  /** shipments: Magento emails the customer when a shipment is created */
  notifyCustomerOnShipment: z.boolean().catch(true).default(true),
  /** statuses: invoice in Magento (without online capture) when Brightpearl invoices */
  invoiceWhenBrightpearlInvoices: z.boolean().catch(false).default(false),
  /** refunds: return the refunded items to stock in Brightpearl */
  restockRefunds: z.boolean().catch(true).default(true),
  /** products: create every Brightpearl product Magento lacks, or only those marked by a custom field */
  productsSelection: z.enum(["all", "custom-field"]).catch("all").default("all"),
  /** products: the Brightpearl product custom field (its code, e.g. PCF_MAGENTO) that marks a product for Magento */
  productsCustomField: z.string().trim().max(100).optional().catch(undefined),
  /** products: rewrite name and weight of products the connector created, over edits made in Magento */
  productsOverwriteContent: z.boolean().catch(false).default(false),
});

export type SettingsOptions = z.output<typeof settingsOptions>;

export type TenantSetup = { goLiveAt: Date | null; flows: FlowSwitches; options: SettingsOptions };

export async function loadSetup(scoped: TenantDb): Promise<TenantSetup> {
  const row = await scoped.tenantSettings.findFirst();
  return {
    goLiveAt: row?.goLiveAt ?? null,
    flows: flowSwitches.parse(row?.flows ?? {}) as FlowSwitches,
    options: settingsOptions.parse(row?.options ?? {}),
  };
}

export async function enabledFlows(scoped: TenantDb): Promise<Set<FlowName>> {
  const { flows } = await loadSetup(scoped);
  return new Set(FLOW_NAMES.filter((f) => flows[f]));
}

export class GoLiveError extends Error {
  override name = "GoLiveError";
}

/**
 * Sets the go-live date: orders placed before it are never imported. It only moves forward, so
 * orders already judged "before go-live" never become importable later by surprise.
 */
export async function setGoLive(scoped: TenantDb, tenantId: string, goLiveAt: Date): Promise<void> {
  const current = (await scoped.tenantSettings.findFirst({ select: { goLiveAt: true } }))?.goLiveAt;
  if (current && goLiveAt < current) throw new GoLiveError(`The go-live date can only move forward (it is ${current.toISOString().slice(0, 16).replace("T", " ")} UTC).`);
  await scoped.tenantSettings.upsert({ where: { tenantId }, create: { tenantId, goLiveAt }, update: { goLiveAt } });
}

export async function saveOptions(scoped: TenantDb, tenantId: string, patch: Partial<SettingsOptions>): Promise<SettingsOptions> {
  const { options } = await loadSetup(scoped);
  const next = settingsOptions.parse({ ...options, ...patch });
  await scoped.tenantSettings.upsert({ where: { tenantId }, create: { tenantId, options: next }, update: { options: next } });
  return next;
}

export async function saveFlowSwitches(scoped: TenantDb, tenantId: string, flows: FlowSwitches): Promise<void> {
  await scoped.tenantSettings.upsert({ where: { tenantId }, create: { tenantId, flows }, update: { flows } });
}
