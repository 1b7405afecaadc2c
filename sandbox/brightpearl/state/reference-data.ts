// A new account's reference data: what a freshly set-up UK Brightpearl account plausibly holds.
// Ids follow recorded traffic where it shows them (warehouse 2, tax code T = 2, price list 1,
// "Invoiced" = 4); the rest are the sandbox's own. Products and apps read these through the API.
import type { AccountSettings, ReferenceData } from "./types";

export function defaultReferenceData(): ReferenceData {
  return {
    warehouses: [
      { id: 2, name: "Main Warehouse", typeCode: "OWN", typeDescription: "Own warehouse", addressId: 1, clickAndCollectEnabled: false },
      { id: 3, name: "Overflow Warehouse", typeCode: "OWN", typeDescription: "Own warehouse", addressId: 2, clickAndCollectEnabled: false },
    ],
    channels: [
      {
        id: 1,
        name: "Brightpearl",
        channelTypeId: 1,
        channelBrandId: 1,
        defaultWarehouseId: 2,
        contactGroupId: 0,
        defaultPriceListId: 2,
        warehouseIds: [2, 3],
        integrationDetail: null,
      },
      {
        id: 2,
        name: "Magento Store",
        channelTypeId: 2,
        channelBrandId: 1,
        defaultWarehouseId: 2,
        contactGroupId: 0,
        defaultPriceListId: 2,
        warehouseIds: [2, 3],
        integrationDetail: { installedIntegrationId: 0, configSetId: 0, providerCode: "MAGENTO2", integrationTypeCode: "ECOMMERCE", active: true },
      },
    ],
    orderStatuses: [
      { statusId: 1, name: "Draft / Quote", orderTypeCode: "SO", sortOrder: 1, disabled: false, visible: true, color: "#cccccc", state: "draft" },
      { statusId: 2, name: "New web order", orderTypeCode: "SO", sortOrder: 2, disabled: false, visible: true, color: "#3c8dbc", state: "new" },
      { statusId: 3, name: "New phone order", orderTypeCode: "SO", sortOrder: 3, disabled: false, visible: true, color: "#3c8dbc", state: "new" },
      { statusId: 4, name: "Invoiced", orderTypeCode: "SO", sortOrder: 6, disabled: false, visible: true, color: "#00a65a", state: "invoiced" },
      { statusId: 5, name: "Cancelled", orderTypeCode: "SO", sortOrder: 9, disabled: false, visible: true, color: "#dd4b39", state: "cancelled" },
      { statusId: 6, name: "On hold", orderTypeCode: "SO", sortOrder: 4, disabled: false, visible: true, color: "#f39c12", state: "open" },
      { statusId: 7, name: "Ready to ship", orderTypeCode: "SO", sortOrder: 5, disabled: false, visible: true, color: "#00c0ef", state: "open" },
      { statusId: 8, name: "Archived (hidden)", orderTypeCode: "SO", sortOrder: 10, disabled: false, visible: false, color: "#999999", state: "closed" },
      { statusId: 10, name: "Pending refund", orderTypeCode: "SC", sortOrder: 1, disabled: false, visible: true, color: "#f39c12", state: "new" },
      { statusId: 11, name: "Refunded", orderTypeCode: "SC", sortOrder: 2, disabled: false, visible: true, color: "#00a65a", state: "closed" },
      { statusId: 12, name: "Credit cancelled", orderTypeCode: "SC", sortOrder: 3, disabled: false, visible: true, color: "#dd4b39", state: "cancelled" },
      { statusId: 20, name: "Pending PO", orderTypeCode: "PO", sortOrder: 1, disabled: false, visible: true, color: "#cccccc", state: "new" },
    ],
    shippingMethods: [
      { id: 1, name: "Standard Delivery", code: "STD", methodType: 1, carrier: "Royal Mail", additionalInformationRequired: false },
      { id: 2, name: "Next Day Delivery", code: "NXD", methodType: 1, carrier: "DPD", additionalInformationRequired: false },
      { id: 3, name: "Click and Collect", code: "CNC", methodType: 3, carrier: "", additionalInformationRequired: false },
    ],
    taxCodes: [
      { id: 1, code: "Z", description: "Zero rated" },
      { id: 2, code: "T", description: "Standard rate", rate: "20.0000" },
      { id: 3, code: "R", description: "Reduced rate", rate: "5.0000" },
      { id: 4, code: "E", description: "Exempt" },
    ],
    nominalCodes: [
      { id: 1, code: "1000", name: "Stock", type: "ASSET", bank: false, active: true },
      { id: 2, code: "1100", name: "Trade debtors", type: "ASSET", bank: false, active: true },
      { id: 3, code: "1200", name: "Bank current account", type: "ASSET", bank: true, active: true },
      { id: 4, code: "1210", name: "PayPal account", type: "ASSET", bank: true, active: true },
      { id: 5, code: "2200", name: "Sales tax control", type: "LIABILITY", bank: false, active: true },
      { id: 6, code: "4000", name: "Sales", type: "INCOME", bank: false, active: true },
      { id: 7, code: "4040", name: "Shipping income", type: "INCOME", bank: false, active: true },
      { id: 8, code: "4050", name: "Discounts given", type: "INCOME", bank: false, active: true },
      { id: 9, code: "4090", name: "Rounding", type: "INCOME", bank: false, active: true },
      { id: 10, code: "5000", name: "Cost of sales", type: "EXPENSE", bank: false, active: true },
    ],
    paymentMethods: [
      { id: 1, name: "Cash", code: "CASH", isActive: true, bankAccounts: [{ currencyIsoCode: "GBP", bankAccountNominalCode: "1200" }], installedIntegrationId: null },
      { id: 2, name: "PayPal", code: "PAYPAL", isActive: true, bankAccounts: [{ currencyIsoCode: "GBP", bankAccountNominalCode: "1210" }], installedIntegrationId: null },
      { id: 3, name: "Card", code: "CARD", isActive: true, bankAccounts: [{ currencyIsoCode: "GBP", bankAccountNominalCode: "1200" }], installedIntegrationId: null },
      { id: 4, name: "Bank transfer", code: "BANK", isActive: true, bankAccounts: [], installedIntegrationId: null },
    ],
    priceLists: [
      { id: 1, name: "Cost", code: "COST", currencyCode: "GBP", priceListTypeCode: "BUY", gross: false },
      { id: 2, name: "Retail", code: "RETAIL", currencyCode: "GBP", priceListTypeCode: "SELL", gross: true },
      { id: 3, name: "Trade", code: "TRADE", currencyCode: "GBP", priceListTypeCode: "SELL", gross: false },
    ],
    currencies: [
      { id: 1, code: "GBP", title: "British Pound", symbol: "£", exchangeRate: "1.000000", isDefault: true },
      { id: 2, code: "EUR", title: "Euro", symbol: "€", exchangeRate: "1.170000", isDefault: false },
      { id: 3, code: "USD", title: "US Dollar", symbol: "$", exchangeRate: "1.270000", isDefault: false },
    ],
    brands: [
      { id: 1, name: "Sandbox Goods" },
      { id: 2, name: "House Brand" },
    ],
  };
}

export function defaultSettings(): AccountSettings {
  return {
    timezoneOffset: "+00:00",
    baseCurrency: "GBP",
    defaultWarehouseId: 2,
    defaultChannelId: 1,
    defaultPriceListId: 2,
    costPriceListId: 1,
    defaultSalesOrderStatusId: 2,
    defaultSalesCreditStatusId: 10,
    cancelledSalesOrderStatusId: 5,
    cancelledSalesCreditStatusId: 12,
    defaultSalesNominalCode: "4000",
    autoAllocate: true,
    staffContactId: 4,
  };
}
