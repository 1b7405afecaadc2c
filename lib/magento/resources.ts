// The Magento API resources (ACL) the connector uses, which flows need each, and a probe that
// shows whether the integration was granted it without changing anything in the store: reads ask
// for one row; writes target order 0 or an empty list, which Magento rejects only after its ACL
// check has passed (a 404 or 400 means granted, a 401 naming the resource means not).
import { z } from "zod";
import type { MagentoClient } from "./client";
import { MagentoError } from "./errors";

export type { FlowName };

import type { FlowName } from "@/lib/tenants/settings";

export type ResourceCheck = {
  resource: string;
  /** what it is for, in the merchant's words */
  purpose: string;
  flows: FlowName[];
  probe: (client: MagentoClient) => Promise<unknown>;
  /** a module that may legitimately be absent (MSI): its routes answer 404 "no route" */
  optionalModule?: "msi";
};

const onePage = { "searchCriteria[pageSize]": "1", "searchCriteria[currentPage]": "1" };
const anything = z.unknown();

export const RESOURCE_CHECKS: ResourceCheck[] = [
  { resource: "Magento_Backend::store", purpose: "read your websites, stores and store views", flows: ["orders", "inventory", "prices", "products", "shipments", "refunds"], probe: (c) => c.get("/V1/store/storeViews", anything) },
  { resource: "Magento_Sales::actions_view", purpose: "read orders", flows: ["orders", "shipments", "refunds"], probe: (c) => c.get("/V1/orders", anything, onePage) },
  { resource: "Magento_Sales::comment", purpose: "add order comments and statuses", flows: ["orders", "shipments"], probe: (c) => c.post("/V1/orders/0/comments", { statusHistory: { comment: "", is_customer_notified: 0, is_visible_on_front: 0, parent_id: 0 } }, anything) },
  { resource: "Magento_Sales::ship", purpose: "create shipments with tracking", flows: ["shipments"], probe: (c) => c.post("/V1/order/0/ship", {}, anything) },
  { resource: "Magento_Sales::invoice", purpose: "invoice orders that Brightpearl invoiced", flows: ["shipments"], probe: (c) => c.post("/V1/order/0/invoice", {}, anything) },
  { resource: "Magento_Sales::cancel", purpose: "cancel orders cancelled in Brightpearl", flows: ["shipments"], probe: (c) => c.post("/V1/orders/0/cancel", {}, anything) },
  { resource: "Magento_Sales::shipment", purpose: "read shipments (so a shipment is never created twice)", flows: ["shipments"], probe: (c) => c.get("/V1/shipments", anything, onePage) },
  { resource: "Magento_Sales::sales_creditmemo", purpose: "read credit memos", flows: ["refunds"], probe: (c) => c.get("/V1/creditmemos", anything, onePage) },
  { resource: "Magento_Catalog::products", purpose: "read and create products", flows: ["orders", "inventory", "prices", "products"], probe: (c) => c.get("/V1/products", anything, onePage) },
  { resource: "Magento_Catalog::catalog", purpose: "update prices", flows: ["prices"], probe: (c) => c.post("/V1/products/base-prices-information", { skus: [] }, anything) },
  { resource: "Magento_CatalogInventory::cataloginventory", purpose: "update stock (single-source stores)", flows: ["inventory"], probe: (c) => c.get("/V1/stockItems/lowStock/", anything, { scopeId: "0", qty: "0", pageSize: "1" }) },
  { resource: "Magento_InventoryApi::source", purpose: "read inventory sources", flows: ["inventory", "shipments"], probe: (c) => c.get("/V1/inventory/sources", anything, onePage), optionalModule: "msi" },
  { resource: "Magento_InventoryApi::stock_source_item_assign", purpose: "update stock per source", flows: ["inventory"], probe: (c) => c.post("/V1/inventory/source-items", { sourceItems: [] }, anything), optionalModule: "msi" },
  { resource: "Magento_Customer::customer", purpose: "read customers", flows: ["orders"], probe: (c) => c.get("/V1/customers/search", anything, onePage) },
];

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
