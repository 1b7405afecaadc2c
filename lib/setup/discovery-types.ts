// What discovery reads from each side, as stored in DiscoverySnapshot.data. The mapping pages,
// the suggestions and the flows' requirement checks all read these shapes.
import { z } from "zod";

export const magentoDiscovery = z.object({
  websites: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })),
  storeViews: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), websiteId: z.number(), active: z.boolean(), baseCurrency: z.string().optional() })),
  /** Multi-Source Inventory present; without it the store has one legacy stock ("default") */
  msi: z.boolean(),
  sources: z.array(z.object({ code: z.string(), name: z.string(), enabled: z.boolean() })),
  /** tax rates: from the store's tax rate list when granted, plus those seen on recent orders */
  taxRates: z.array(z.object({ code: z.string(), percent: z.number() })),
  /** seen on recent orders, most used first */
  paymentMethods: z.array(z.object({ code: z.string(), title: z.string().optional(), count: z.number() })),
  shippingMethods: z.array(z.object({ code: z.string(), description: z.string().optional(), count: z.number() })),
  /** Magento's default statuses plus any seen on recent orders */
  orderStatuses: z.array(z.object({ status: z.string(), state: z.string().optional(), count: z.number() })),
  /** how many recent orders the payment, shipping, tax and status lists come from */
  ordersSampled: z.number(),
});
export type MagentoDiscovery = z.output<typeof magentoDiscovery>;

export const brightpearlDiscovery = z.object({
  channels: z.array(z.object({ id: z.number(), name: z.string(), defaultWarehouseId: z.number().optional(), defaultPriceListId: z.number().optional() })),
  warehouses: z.array(z.object({ id: z.number(), name: z.string() })),
  /** sales-order statuses only, hidden ones left out */
  orderStatuses: z.array(z.object({ id: z.number(), name: z.string(), state: z.string().optional() })),
  priceLists: z.array(z.object({ id: z.number(), name: z.string(), code: z.string().optional(), currencyCode: z.string(), type: z.string().optional(), gross: z.boolean().optional() })),
  shippingMethods: z.array(z.object({ id: z.number(), name: z.string(), code: z.string().optional() })),
  paymentMethods: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      active: z.boolean().optional(),
      /** the bank nominal code payments in each currency are posted to */
      bankAccounts: z.array(z.object({ currencyCode: z.string(), nominalCode: z.string() })).optional(),
    }),
  ),
  taxCodes: z.array(z.object({ id: z.number(), code: z.string(), description: z.string().optional(), rate: z.number().optional() })),
  nominalCodes: z.array(z.object({ code: z.string(), name: z.string(), bank: z.boolean().optional() })),
  currencies: z.array(z.object({ code: z.string(), isDefault: z.boolean().optional() })),
});
export type BrightpearlDiscovery = z.output<typeof brightpearlDiscovery>;
