// The data interfaces request bodies are read into (names from the 2.4.8 schema definitions).
// Extension attributes list only what a default Open Source install with MSI registers.
import { arr, obj, type Spec } from "./input";

const ext = (className: string, fields: Record<string, Spec> = {}) => obj(`${className}ExtensionInterface`, fields);

export const stockItemSpec = obj("Magento\\CatalogInventory\\Api\\Data\\StockItemInterface", {
  item_id: "int",
  product_id: "int",
  stock_id: "int",
  qty: "float",
  is_in_stock: "bool",
  is_qty_decimal: "bool",
  show_default_notification_message: "bool",
  use_config_min_qty: "bool",
  min_qty: "float",
  use_config_min_sale_qty: "int",
  min_sale_qty: "float",
  use_config_max_sale_qty: "bool",
  max_sale_qty: "float",
  use_config_backorders: "bool",
  backorders: "int",
  use_config_notify_stock_qty: "bool",
  notify_stock_qty: "float",
  use_config_qty_increments: "bool",
  qty_increments: "float",
  use_config_enable_qty_inc: "bool",
  enable_qty_increments: "bool",
  use_config_manage_stock: "bool",
  manage_stock: "bool",
  low_stock_date: "string",
  is_decimal_divided: "bool",
  stock_status_changed_auto: "int",
  extension_attributes: ext("Magento\\CatalogInventory\\Api\\Data\\StockItem"),
});

export const productSpec = obj("Magento\\Catalog\\Api\\Data\\ProductInterface", {
  id: "int",
  sku: "string",
  name: "string",
  attribute_set_id: "int",
  price: "float",
  status: "int",
  visibility: "int",
  type_id: "string",
  created_at: "string",
  updated_at: "string",
  weight: "float",
  extension_attributes: ext("Magento\\Catalog\\Api\\Data\\Product", {
    website_ids: arr("int"),
    category_links: arr(
      obj("Magento\\Catalog\\Api\\Data\\CategoryLinkInterface", {
        position: "int",
        category_id: "string",
        extension_attributes: ext("Magento\\Catalog\\Api\\Data\\CategoryLink"),
      }),
    ),
    stock_item: stockItemSpec,
    bundle_product_options: arr("any"),
    configurable_product_options: arr("any"),
    configurable_product_links: arr("int"),
    downloadable_product_links: arr("any"),
    downloadable_product_samples: arr("any"),
    discounts: arr("any"),
  }),
  product_links: arr("any"),
  options: arr("any"),
  media_gallery_entries: arr("any"),
  tier_prices: arr("any"),
  custom_attributes: { customAttributes: true },
});

const itemCreation = (className: string) =>
  obj(className, { order_item_id: "int", qty: "float", extension_attributes: ext(className.replace(/Interface$/, "")) });
const commentCreation = (className: string) =>
  obj(className, { comment: "string", is_visible_on_front: "int", extension_attributes: ext(className.replace(/Interface$/, "")) });

export const shipBodySpec = {
  items: { spec: arr(itemCreation("Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface")) },
  notify: { spec: "bool" as const },
  appendComment: { spec: "bool" as const },
  comment: { spec: commentCreation("Magento\\Sales\\Api\\Data\\ShipmentCommentCreationInterface") },
  tracks: {
    spec: arr(
      obj("Magento\\Sales\\Api\\Data\\ShipmentTrackCreationInterface", {
        track_number: "string",
        title: "string",
        carrier_code: "string",
        extension_attributes: ext("Magento\\Sales\\Api\\Data\\ShipmentTrackCreation"),
      }),
    ),
  },
  packages: { spec: arr(obj("Magento\\Sales\\Api\\Data\\ShipmentPackageCreationInterface", { extension_attributes: ext("Magento\\Sales\\Api\\Data\\ShipmentPackageCreation") })) },
  arguments: { spec: obj("Magento\\Sales\\Api\\Data\\ShipmentCreationArgumentsInterface", { extension_attributes: "any" }) },
};

/** Without the Inventory modules, ShipmentCreationArguments has no source_code extension attribute. */
export function shipArgumentsExtensionSpec(msi: boolean) {
  return ext("Magento\\Sales\\Api\\Data\\ShipmentCreationArguments", msi ? { source_code: "string" } : {});
}

export const invoiceBodySpec = {
  capture: { spec: "bool" as const },
  items: { spec: arr(itemCreation("Magento\\Sales\\Api\\Data\\InvoiceItemCreationInterface")) },
  notify: { spec: "bool" as const },
  appendComment: { spec: "bool" as const },
  comment: { spec: commentCreation("Magento\\Sales\\Api\\Data\\InvoiceCommentCreationInterface") },
  arguments: { spec: obj("Magento\\Sales\\Api\\Data\\InvoiceCreationArgumentsInterface", { extension_attributes: ext("Magento\\Sales\\Api\\Data\\InvoiceCreationArguments") }) },
};

export const refundBodySpec = {
  items: { spec: arr(itemCreation("Magento\\Sales\\Api\\Data\\CreditmemoItemCreationInterface")) },
  notify: { spec: "bool" as const },
  appendComment: { spec: "bool" as const },
  comment: { spec: commentCreation("Magento\\Sales\\Api\\Data\\CreditmemoCommentCreationInterface") },
  arguments: {
    spec: obj("Magento\\Sales\\Api\\Data\\CreditmemoCreationArgumentsInterface", {
      shipping_amount: "float",
      adjustment_positive: "float",
      adjustment_negative: "float",
      extension_attributes: ext("Magento\\Sales\\Api\\Data\\CreditmemoCreationArguments", { return_to_stock_items: arr("int") }),
    }),
  },
};

export const statusHistorySpec = obj("Magento\\Sales\\Api\\Data\\OrderStatusHistoryInterface", {
  comment: "string",
  created_at: "string",
  entity_id: "int",
  entity_name: "string",
  is_customer_notified: "int",
  is_visible_on_front: "int",
  parent_id: "int",
  status: "string",
  extension_attributes: ext("Magento\\Sales\\Api\\Data\\OrderStatusHistory"),
});

export const trackSpec = obj("Magento\\Sales\\Api\\Data\\ShipmentTrackInterface", {
  order_id: "int",
  created_at: "string",
  entity_id: "int",
  parent_id: "int",
  updated_at: "string",
  weight: "float",
  qty: "float",
  description: "string",
  track_number: "string",
  title: "string",
  carrier_code: "string",
  extension_attributes: ext("Magento\\Sales\\Api\\Data\\ShipmentTrack"),
});

export const basePriceSpec = obj("Magento\\Catalog\\Api\\Data\\BasePriceInterface", {
  price: "float",
  store_id: "int",
  sku: "string",
  extension_attributes: ext("Magento\\Catalog\\Api\\Data\\BasePrice"),
});

export const specialPriceSpec = obj("Magento\\Catalog\\Api\\Data\\SpecialPriceInterface", {
  price: "float",
  store_id: "int",
  sku: "string",
  price_from: "string",
  price_to: "string",
  extension_attributes: ext("Magento\\Catalog\\Api\\Data\\SpecialPrice"),
});

export const sourceItemSpec = obj("Magento\\InventoryApi\\Api\\Data\\SourceItemInterface", {
  sku: "string",
  source_code: "string",
  quantity: "float",
  status: "int",
  extension_attributes: ext("Magento\\InventoryApi\\Api\\Data\\SourceItem"),
});
