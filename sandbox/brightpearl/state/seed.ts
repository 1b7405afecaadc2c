// Seeding for tests and demos: products from the catalogue shared with the Magento sandbox (same
// SKUs, names, prices), with stock and prices; customers with an address.
import { z } from "zod";
import { catalogue, seededRandom } from "../../shared/catalogue";
import type { SandboxContext } from "../context";
import { createAddress, createContact } from "../domain/contacts";
import { createProduct, setPrices } from "../domain/products";
import { changeStock } from "../domain/stock";
import { formatDec, mul, parseDec } from "../lib/decimal";
import type { AccountState } from "./types";

export const seedProductsSchema = z.object({
  count: z.number().int().min(1).max(10_000),
  /** catalogue index of the first item (1-based), so separate calls can add further SKUs */
  startIndex: z.number().int().min(1).default(1),
  seed: z.number().int().default(1),
  /** units per product: one number for the default warehouse, or per warehouse id; default a random 0–60 */
  stock: z.union([z.number().int().min(0), z.record(z.string(), z.number().int().min(0))]).optional(),
  stockTracked: z.boolean().default(true),
  /** price lists that get the catalogue price; the cost list gets 45 % of it */
  priceListIds: z.array(z.number().int()).optional(),
});
export type SeedProductsInput = z.input<typeof seedProductsSchema>;

export function seedProducts(ctx: SandboxContext, account: AccountState, input: SeedProductsInput): { productId: number; sku: string }[] {
  const opts = seedProductsSchema.parse(input);
  const items = catalogue(opts.startIndex + opts.count - 1, opts.seed).slice(opts.startIndex - 1);
  const random = seededRandom(opts.seed * 7919 + opts.startIndex);
  const s = account.settings;
  const sellLists = opts.priceListIds ?? account.reference.priceLists.filter((l) => l.priceListTypeCode === "SELL").map((l) => l.id);
  const taxCode = account.reference.taxCodes.find((t) => t.code === "T") ?? account.reference.taxCodes[0]!;
  const brandId = account.reference.brands[0]!.id;
  const out: { productId: number; sku: string }[] = [];
  for (const item of items) {
    const product = createProduct(ctx, account, {
      brandId,
      identity: { sku: item.sku, barcode: item.barcode, ean: item.barcode },
      stock: { stockTracked: opts.stockTracked, weight: { magnitude: item.weight } },
      financialDetails: { taxable: true, taxCode: { id: taxCode.id } },
      salesChannels: [{ salesChannelName: "Brightpearl", productName: item.name, categories: [{ categoryCode: "276" }], description: { text: `<p>${item.name}</p>` } }],
    });
    const price = parseDec(item.price);
    const lists = sellLists.map((id) => ({ priceListId: id, quantityPrice: { "1": formatDec(price, 2) } }));
    if (account.reference.priceLists.some((l) => l.id === s.costPriceListId)) {
      lists.push({ priceListId: s.costPriceListId, quantityPrice: { "1": formatDec(mul(price, parseDec("0.45")), 2) } });
    }
    if (lists.length) setPrices(ctx, account, product.id, { priceLists: lists });
    if (opts.stockTracked) {
      const perWarehouse: Record<string, number> =
        opts.stock === undefined ? { [s.defaultWarehouseId]: Math.floor(random() * 61) } : typeof opts.stock === "number" ? { [s.defaultWarehouseId]: opts.stock } : opts.stock;
      for (const [wid, qty] of Object.entries(perWarehouse)) changeStock(ctx, account, product.id, Number(wid), { inStock: qty });
    }
    out.push({ productId: product.id, sku: product.sku });
  }
  return out;
}

export const seedCustomerSchema = z.object({
  firstName: z.string().max(32).default("Jane"),
  lastName: z.string().max(32).default("Doe"),
  email: z.string().default("jane.doe@example.com"),
  telephone: z.string().optional(),
  companyName: z.string().optional(),
  address: z
    .object({ addressLine1: z.string(), addressLine2: z.string().optional(), addressLine3: z.string().optional(), addressLine4: z.string().optional(), postalCode: z.string().optional(), countryIsoCode: z.string().length(3) })
    .default({ addressLine1: "1 High Street", addressLine3: "London", postalCode: "SW1A 1AA", countryIsoCode: "GBR" }),
});
export type SeedCustomerInput = z.input<typeof seedCustomerSchema>;

export function seedCustomer(ctx: SandboxContext, account: AccountState, input: SeedCustomerInput): number {
  const c = seedCustomerSchema.parse(input);
  const address = createAddress(ctx, account, c.address);
  const contact = createContact(ctx, account, {
    firstName: c.firstName,
    lastName: c.lastName,
    postAddressIds: { DEF: address.id, BIL: address.id, DEL: address.id },
    communication: { emails: { PRI: { email: c.email } }, ...(c.telephone ? { telephones: { PRI: c.telephone } } : {}) },
    ...(c.companyName ? { organisation: { name: c.companyName } } : {}),
  });
  return contact.id;
}
