// ACL resources guarding the routes the sandbox serves (webapi.xml of Sales, Catalog,
// CatalogInventory, InventoryApi, InventorySalesApi, Store, Customer, Tax). An integration is allowed a
// route when it has "all" or lists the route's resource: Magento stores an explicit allow/deny rule
// for every resource, so a parent does not grant its children.
export const ACL = {
  ordersView: "Magento_Sales::actions_view",
  orderComment: "Magento_Sales::comment",
  orderCancel: "Magento_Sales::cancel",
  orderHold: "Magento_Sales::hold",
  orderUnhold: "Magento_Sales::unhold",
  ship: "Magento_Sales::ship",
  shipments: "Magento_Sales::shipment",
  invoice: "Magento_Sales::invoice",
  invoices: "Magento_Sales::sales_invoice",
  creditmemo: "Magento_Sales::creditmemo",
  creditmemos: "Magento_Sales::sales_creditmemo",
  products: "Magento_Catalog::products",
  prices: "Magento_Catalog::catalog",
  legacyStock: "Magento_CatalogInventory::cataloginventory",
  sources: "Magento_InventoryApi::source",
  sourceItemsWrite: "Magento_InventoryApi::stock_source_item_assign",
  stocks: "Magento_InventoryApi::stock",
  salableQty: "Magento_InventorySalesApi::stock",
  stores: "Magento_Backend::store",
  customers: "Magento_Customer::customer",
  tax: "Magento_Tax::manage_tax",
} as const;

export type AclResource = (typeof ACL)[keyof typeof ACL];

export const ALL_RESOURCES: string[] = Object.values(ACL);

export function isAllowed(granted: "all" | string[], resource: string): boolean {
  return granted === "all" || granted.includes(resource);
}
