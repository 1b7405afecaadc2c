// The Magento API resources (ACL) the connector uses, which flows need each, and a probe that
// shows whether the integration was granted it without changing anything in the store: reads ask
// for one row; writes target order 0 or an empty list, which Magento rejects only after its ACL
// check has passed (a 404 or 400 means granted, a 401 naming the resource means not).
import { z } from "zod";
import type { MagentoClient } from "./client";
import type { FlowName } from "@/lib/tenants/settings";
import { MagentoError } from "./errors";

export type { FlowName };

export type ResourceCheck = {
  resource: string;
  /** where to tick it on the integration's API tab (Magento's resource tree) */
  label: string;
  /** what it is for, in the merchant's words */
  purpose: string;
  flows: FlowName[];
  probe: (client: MagentoClient) => Promise<unknown>;
  /** a module that may legitimately be absent (MSI): its routes answer 404 "no route" */
  optionalModule?: "msi";
};

const onePage = { "searchCriteria[pageSize]": "1", "searchCriteria[currentPage]": "1" };
const anything = z.unknown();
/**
 * A SKU no catalogue holds: the stock read is refused for lack of access, or answers "no such product"
 * (UNVERIFIED on a real store: StockRegistry::getStockItemBySku is read as throwing NoSuchEntity, a 404).
 * The route exists with and without MSI.
 */
const NO_SUCH_SKU = "connector-access-check-no-such-sku";

// Tree labels follow Magento's acl.xml titles. UNVERIFIED: the exact titles of the two Inventory (MSI)
// resources below "Stores › Inventory"; the resource ids, which the page shows too, are certain.
export const RESOURCE_CHECKS: ResourceCheck[] = [
  { resource: "Magento_Backend::store", label: "Stores › Settings › All Stores", purpose: "read your websites, stores and store views", flows: ["orders", "inventory", "prices", "products", "shipments", "refunds"], probe: (c) => c.get("/V1/store/storeViews", anything) },
  { resource: "Magento_Sales::actions_view", label: "Sales › Operations › Orders › Actions › View", purpose: "read orders", flows: ["orders", "shipments", "refunds"], probe: (c) => c.get("/V1/orders", anything, onePage) },
  { resource: "Magento_Sales::comment", label: "Sales › Operations › Orders › Actions › Comment", purpose: "add order comments and statuses", flows: ["orders", "shipments"], probe: (c) => c.post("/V1/orders/0/comments", { statusHistory: { comment: "", is_customer_notified: 0, is_visible_on_front: 0, parent_id: 0 } }, anything) },
  { resource: "Magento_Sales::ship", label: "Sales › Operations › Orders › Actions › Ship", purpose: "create shipments with tracking", flows: ["shipments"], probe: (c) => c.post("/V1/order/0/ship", {}, anything) },
  { resource: "Magento_Sales::invoice", label: "Sales › Operations › Orders › Actions › Invoice", purpose: "invoice orders that Brightpearl invoiced", flows: ["shipments"], probe: (c) => c.post("/V1/order/0/invoice", {}, anything) },
  { resource: "Magento_Sales::cancel", label: "Sales › Operations › Orders › Actions › Cancel", purpose: "cancel orders cancelled in Brightpearl", flows: ["shipments"], probe: (c) => c.post("/V1/orders/0/cancel", {}, anything) },
  { resource: "Magento_Sales::shipment", label: "Sales › Operations › Shipments", purpose: "read shipments (so a shipment is never created twice)", flows: ["shipments"], probe: (c) => c.get("/V1/shipments", anything, onePage) },
  { resource: "Magento_Sales::sales_invoice", label: "Sales › Operations › Invoices", purpose: "read invoices (so an order Brightpearl invoiced is never invoiced twice)", flows: ["shipments"], probe: (c) => c.get("/V1/invoices", anything, onePage) },
  { resource: "Magento_Sales::sales_creditmemo", label: "Sales › Operations › Credit Memos", purpose: "read credit memos", flows: ["refunds"], probe: (c) => c.get("/V1/creditmemos", anything, onePage) },
  { resource: "Magento_Catalog::products", label: "Catalog › Inventory › Products", purpose: "read and create products", flows: ["orders", "inventory", "prices", "products", "shipments"], probe: (c) => c.get("/V1/products", anything, onePage) },
  { resource: "Magento_Catalog::catalog", label: "Catalog", purpose: "update prices", flows: ["prices"], probe: (c) => c.post("/V1/products/base-prices-information", { skus: [] }, anything) },
  { resource: "Magento_CatalogInventory::cataloginventory", label: "Stores › Settings › Configuration › Inventory Section", purpose: "update stock (single-source stores)", flows: ["inventory"], probe: (c) => c.get(`/V1/stockItems/${NO_SUCH_SKU}`, anything) },
  { resource: "Magento_InventoryApi::source", label: "Stores › Inventory › Sources", purpose: "read inventory sources", flows: ["inventory", "shipments"], probe: (c) => c.get("/V1/inventory/sources", anything, onePage), optionalModule: "msi" },
  { resource: "Magento_InventoryApi::stock_source_item_assign", label: "Stores › Inventory (source item assignment)", purpose: "update stock per source", flows: ["inventory"], probe: (c) => c.post("/V1/inventory/source-items", { sourceItems: [] }, anything), optionalModule: "msi" },
  { resource: "Magento_Customer::customer", label: "Customers", purpose: "read customers", flows: ["orders"], probe: (c) => c.get("/V1/customers/search", anything, onePage) },
  // Not needed by any flow: without it discovery takes the tax rates from recent orders instead.
  { resource: "Magento_Tax::manage_tax", label: "Stores › Taxes › Tax Zones and Rates", purpose: "read your tax rates for the tax mappings", flows: [], probe: (c) => c.get("/V1/taxRates/search", anything, onePage) },
];

/**
 * The resources `flow` needs that the integration was not granted (probing only those), for the
 * moment a flow is switched on.
 */
export async function missingGrants(client: MagentoClient, flow: FlowName): Promise<ResourceCheck[]> {
  const missing: ResourceCheck[] = [];
  for (const check of RESOURCE_CHECKS.filter((c) => c.flows.includes(flow))) {
    if ((await probeResource(client, check)) === "denied") missing.push(check);
  }
  return missing;
}

export type ProbeOutcome = "granted" | "denied" | "module-absent";

/** Runs one probe; failures other than "not granted" or "module absent" are thrown. */
export async function probeResource(client: MagentoClient, check: ResourceCheck): Promise<ProbeOutcome> {
  try {
    await check.probe(client);
    return "granted";
  } catch (error) {
    if (!(error instanceof MagentoError)) throw error;
    if (error.reason === "resource-denied") return "denied";
    if (error.reason === "no-route" && check.optionalModule) return "module-absent";
    // The ACL check passed and the service refused the deliberately impossible request.
    if (error.kind === "not-found" && error.reason === "not-found") return "granted";
    if (error.kind === "invalid") return "granted";
    throw error;
  }
}
