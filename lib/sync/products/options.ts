import "server-only";
import type { TenantDb } from "@/lib/tenants/scope";
import { loadSetup, type SettingsOptions } from "@/lib/tenants/settings";

// The merchant's choices for the products flow, from the tenant's settings: which Brightpearl
// products are created in Magento, and whether the connector may rewrite content it created after
// the merchant edited it there.

export type ProductOptions = { selection: "all" | "custom-field"; customField?: string; overwriteContent: boolean };

export function productOptions(options: SettingsOptions): ProductOptions {
  return { selection: options.productsSelection, customField: options.productsCustomField || undefined, overwriteContent: options.productsOverwriteContent };
}

export async function loadProductOptions(scoped: TenantDb): Promise<ProductOptions> {
  return productOptions((await loadSetup(scoped)).options);
}
