import "server-only";
import { z } from "zod";
import type { TenantDb } from "@/lib/tenants/scope";

// The merchant's choices for the products flow: which Brightpearl products are created in Magento,
// and whether the connector may rewrite content it created after the merchant edited it there.

export const productOptionsInput = z
  .object({
    selection: z.enum(["all", "custom-field"]),
    customField: z.string().trim().max(100).optional(),
    overwriteContent: z.boolean().default(false),
  })
  .refine((o) => o.selection === "all" || (o.customField ?? "") !== "", { message: "Name the Brightpearl custom field that marks products for Magento.", path: ["customField"] });

export type ProductOptions = { selection: "all" | "custom-field"; customField?: string; overwriteContent: boolean };

export async function loadProductOptions(scoped: TenantDb): Promise<ProductOptions> {
  const row = await scoped.productSyncOptions.findFirst();
  const selection = row?.selection === "custom-field" && row.customField ? "custom-field" : "all";
  return { selection, customField: row?.customField ?? undefined, overwriteContent: row?.overwriteContent ?? false };
}

export async function saveProductOptions(scoped: TenantDb, tenantId: string, input: z.input<typeof productOptionsInput>): Promise<ProductOptions> {
  const o = productOptionsInput.parse(input);
  const data = { selection: o.selection, customField: o.selection === "custom-field" ? o.customField! : null, overwriteContent: o.overwriteContent };
  await scoped.productSyncOptions.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
  return { selection: o.selection, customField: data.customField ?? undefined, overwriteContent: o.overwriteContent };
}
