// The tax set-up a store has for the orders the generator places: one rate per taxed place the
// generator ships to (so every applied tax on an order names a rate that exists here), and
// Magento's two default tax classes (products use class 2).
import type { Scalar } from "./types";
import { PLACES } from "./order-generator";

export type TaxRate = { id: number; countryId: string; regionId: number; regionCode: string | null; postcode: string; rate: number; code: string };
export type TaxClass = { id: number; name: string; type: "PRODUCT" | "CUSTOMER" };

export function taxRates(): TaxRate[] {
  const rates: TaxRate[] = [];
  for (const place of Object.values(PLACES).flat()) {
    if (!place.tax || rates.some((r) => r.code === place.tax!.code)) continue;
    // Rates the generator applies per US state carry the state; elsewhere they cover the country.
    const byRegion = place.country === "US" && place.region;
    rates.push({
      id: rates.length + 1,
      countryId: place.country,
      regionId: byRegion ? place.region!.id : 0,
      regionCode: byRegion ? place.region!.code : null,
      postcode: "*",
      rate: place.tax.percent,
      code: place.tax.code,
    });
  }
  return rates;
}

export const TAX_CLASSES: TaxClass[] = [
  { id: 2, name: "Taxable Goods", type: "PRODUCT" },
  { id: 3, name: "Retail Customer", type: "CUSTOMER" },
];

/** TaxRateInterface as the web API renders it: null getters left out, titles always listed. */
export function taxRateOutput(r: TaxRate): Record<string, unknown> {
  return {
    id: r.id,
    tax_country_id: r.countryId,
    tax_region_id: r.regionId,
    ...(r.regionCode ? { region_name: r.regionCode } : {}),
    tax_postcode: r.postcode,
    rate: r.rate,
    code: r.code,
    titles: [],
  };
}

export const taxClassOutput = (c: TaxClass) => ({ class_id: c.id, class_name: c.name, class_type: c.type });

/** Columns of tax_calculation_rate a filter may name (region_name is the joined region's code). */
export const TAX_RATE_COLUMNS = {
  tax_calculation_rate_id: "int",
  tax_country_id: "string",
  tax_region_id: "int",
  tax_postcode: "string",
  code: "string",
  rate: "decimal",
  region_name: "string",
} as const;

export function taxRateColumn(r: TaxRate, field: string): Scalar | undefined {
  switch (field) {
    case "tax_calculation_rate_id":
      return r.id;
    case "tax_country_id":
      return r.countryId;
    case "tax_region_id":
      return r.regionId;
    case "tax_postcode":
      return r.postcode;
    case "code":
      return r.code;
    case "rate":
      return r.rate;
    case "region_name":
      return r.regionCode;
    default:
      return undefined;
  }
}

export const TAX_CLASS_COLUMNS = { class_id: "int", class_name: "string", class_type: "string" } as const;

export function taxClassColumn(c: TaxClass, field: string): Scalar | undefined {
  if (field === "class_id") return c.id;
  if (field === "class_name") return c.name;
  if (field === "class_type") return c.type;
  return undefined;
}
