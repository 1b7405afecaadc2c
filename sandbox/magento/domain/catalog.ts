// Products as the catalogue repository stores and renders them: global values at store 0,
// store-view overrides for scoped attributes, the legacy stock item, configurable and bundle
// composition, and the price-storage endpoints' row validation.
import type { MagentoInstance } from "../instance";
import { MagentoError } from "../http/errors";
import type { FieldKind } from "../http/search-criteria";
import { round4 } from "./format";
import type { ProductRecord, ProductType, Scalar } from "./types";
import { defaultSourceCode, sourceItem, setSourceItem } from "./inventory";

/** Attributes whose values can differ per store view; everything else is global in a default install. */
export const SCOPED_ATTRIBUTES = new Set(["name", "status", "visibility", "description", "short_description", "url_key", "meta_title", "meta_description"]);

/** Product types the price storage accepts (configurables have no price of their own). */
const PRICE_TYPES: ProductType[] = ["simple", "virtual", "bundle"];

export function scopedValues(p: ProductRecord, storeId: number): Record<string, string | number> {
  return storeId === 0 ? p.values : { ...p.values, ...(p.storeValues[String(storeId)] ?? {}) };
}

export function urlKey(name: string, sku: string): string {
  return `${name}-${sku}`
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** UNVERIFIED: composite products report qty 0 and in stock (their children hold the stock). */
export function stockItemOutput(instance: MagentoInstance, p: ProductRecord) {
  const item = sourceItem(instance, p.sku, defaultSourceCode(instance));
  const composite = p.typeId === "configurable" || p.typeId === "bundle";
  return {
    item_id: p.id,
    product_id: p.id,
    stock_id: 1,
    qty: composite ? 0 : (item?.quantity ?? 0),
    is_in_stock: composite ? true : item?.status === 1,
    is_qty_decimal: false,
    show_default_notification_message: false,
    use_config_min_qty: true,
    min_qty: p.stock.minQty,
    use_config_min_sale_qty: 1,
    min_sale_qty: 1,
    use_config_max_sale_qty: true,
    max_sale_qty: 10000,
    use_config_backorders: true,
    backorders: p.stock.backorders,
    use_config_notify_stock_qty: true,
    notify_stock_qty: 1,
    use_config_qty_increments: true,
    qty_increments: 0,
    use_config_enable_qty_inc: true,
    enable_qty_increments: false,
    use_config_manage_stock: true,
    manage_stock: p.stock.manageStock,
    low_stock_date: p.stock.lowStockDate,
    is_decimal_divided: false,
    stock_status_changed_auto: p.stock.stockStatusChangedAuto,
  };
}

export function productOutput(instance: MagentoInstance, p: ProductRecord, storeId: number) {
  const values = scopedValues(p, storeId);
  const custom: { attribute_code: string; value: string | string[] }[] = [];
  for (const [code, value] of Object.entries(values)) {
    if (code === "name" || code === "status" || code === "visibility") continue;
    custom.push({ attribute_code: code, value: String(value) });
  }
  custom.push({ attribute_code: "category_ids", value: p.categoryIds });
  custom.push({ attribute_code: "tax_class_id", value: p.typeId === "virtual" ? "0" : "2" });
  custom.push({ attribute_code: "required_options", value: "0" });
  custom.push({ attribute_code: "has_options", value: p.typeId === "simple" || p.typeId === "virtual" ? "0" : "1" });
  const special = p.specialPrices.find((s) => s.storeId === 0);
  if (special) {
    // Decimal EAV values come back as the database's decimal(20,6) text.
    custom.push({ attribute_code: "special_price", value: special.price.toFixed(6) });
    custom.push({ attribute_code: "special_from_date", value: special.from });
    if (special.to) custom.push({ attribute_code: "special_to_date", value: special.to });
  }
  if (p.bundle) {
    custom.push({ attribute_code: "price_type", value: p.bundle.dynamicPrice ? "0" : "1" });
    custom.push({ attribute_code: "sku_type", value: p.bundle.dynamicSku ? "0" : "1" });
    custom.push({ attribute_code: "shipment_type", value: p.bundle.shipSeparately ? "1" : "0" });
    custom.push({ attribute_code: "price_view", value: "0" });
  }
  const extension: Record<string, unknown> = {
    website_ids: p.websiteIds,
    category_links: p.categoryIds.map((id, position) => ({ position, category_id: id })),
    stock_item: stockItemOutput(instance, p),
  };
  if (p.configurable) {
    extension.configurable_product_options = [
      {
        id: p.id,
        attribute_id: p.configurable.attributeId,
        label: p.configurable.label,
        position: 0,
        values: p.configurable.children.map((c) => ({ value_index: c.valueIndex })),
        product_id: p.id,
      },
    ];
    extension.configurable_product_links = p.configurable.children.map((c) => c.productId);
  }
  if (p.bundle) {
    extension.bundle_product_options = p.bundle.options.map((o) => ({
      option_id: o.optionId,
      title: o.title,
      required: o.required,
      type: o.type,
      position: o.position,
      sku: p.sku,
      product_links: o.selections.map((s, position) => ({
        id: String(s.selectionId),
        sku: s.sku,
        option_id: o.optionId,
        qty: s.qty,
        position,
        is_default: s.isDefault,
        price: s.price,
        price_type: s.priceType,
        can_change_quantity: 0,
      })),
    }));
  }
  return {
    id: p.id,
    sku: p.sku,
    name: values.name === undefined ? undefined : String(values.name),
    attribute_set_id: p.attributeSetId,
    price: p.price ?? undefined,
    status: values.status === undefined ? undefined : Number(values.status),
    visibility: values.visibility === undefined ? undefined : Number(values.visibility),
    type_id: p.typeId,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    weight: p.weight ?? undefined,
    extension_attributes: extension,
    product_links: [],
    options: [],
    media_gallery_entries: [],
    tier_prices: [],
    custom_attributes: custom,
  };
}

const PRODUCT_FIELDS: Record<string, FieldKind> = {
  entity_id: "int",
  id: "int",
  sku: "string",
  name: "string",
  price: "decimal",
  status: "int",
  visibility: "int",
  type_id: "string",
  created_at: "datetime",
  updated_at: "datetime",
  attribute_set_id: "int",
  weight: "decimal",
  url_key: "string",
  description: "string",
  short_description: "string",
  meta_title: "string",
  tax_class_id: "int",
  special_price: "decimal",
  category_id: "int",
  website_id: "int",
  store_id: "int",
};

export function productFieldKind(field: string): FieldKind | undefined {
  return PRODUCT_FIELDS[field];
}

export function productField(p: ProductRecord, field: string, storeId: number): Scalar | Scalar[] | undefined {
  switch (field) {
    case "entity_id":
    case "id":
      return p.id;
    case "sku":
      return p.sku;
    case "price":
      return p.price;
    case "weight":
      return p.weight;
    case "type_id":
      return p.typeId;
    case "created_at":
      return p.createdAt;
    case "updated_at":
      return p.updatedAt;
    case "attribute_set_id":
      return p.attributeSetId;
    case "tax_class_id":
      return p.typeId === "virtual" ? 0 : 2;
    case "special_price":
      return p.specialPrices.find((s) => s.storeId === 0)?.price ?? null;
    // Custom filters of the product collection: membership tests.
    case "category_id":
      return p.categoryIds;
    case "website_id":
      return p.websiteIds;
    case "store_id":
      return storeId;
    default: {
      if (!(field in PRODUCT_FIELDS)) return undefined;
      const value = scopedValues(p, storeId)[field];
      return value === undefined ? null : value;
    }
  }
}

export type ProductInput = Record<string, unknown>;

function customAttributes(input: ProductInput): { attribute_code: string; value: unknown }[] {
  return (input.custom_attributes as { attribute_code: string; value: unknown }[] | undefined) ?? [];
}

function setValue(p: ProductRecord, storeId: number, code: string, value: string | number): void {
  if (storeId === 0) p.values[code] = value;
  else (p.storeValues[String(storeId)] ??= {})[code] = value;
}

/**
 * Saves a product the way ProductRepository::save does: an unknown SKU is created with global
 * values; an existing one is updated in the request's store scope, so scoped attributes sent to a
 * store-view URL (including the default /rest/V1) become overrides for that view only. POST and
 * PUT both save (upsert). UNVERIFIED: the wording of the "attribute value is empty" refusals, and
 * that untouched attributes are not copied into the store scope (magento/magento2#8897 says they
 * sometimes are).
 */
export function saveProduct(instance: MagentoInstance, input: ProductInput, scopeStoreId: number): ProductRecord {
  const sku = typeof input.sku === "string" ? input.sku.trim() : "";
  if (!sku) throw new MagentoError(400, 'The "%1" attribute value is empty. Set the attribute and try again.', ["SKU"]);
  if (sku.length > 64) throw new MagentoError(400, 'The "%1" attribute value is too long.', ["SKU"]);
  let product = instance.productBySku(sku);
  const now = instance.nowString();
  const creating = !product;
  if (!product) {
    if (input.name === undefined) throw new MagentoError(400, 'The "%1" attribute value is empty. Set the attribute and try again.', ["Product Name"]);
    const typeId = (input.type_id as ProductType | undefined) ?? "simple";
    if (!["simple", "virtual", "configurable", "bundle"].includes(typeId)) throw new MagentoError(400, 'Invalid value of "%value" provided for the %fieldName field.', { fieldName: "type_id", value: typeId });
    if (input.price === undefined && (typeId === "simple" || typeId === "virtual")) {
      throw new MagentoError(400, 'The "%1" attribute value is empty. Set the attribute and try again.', ["Price"]);
    }
    product = {
      id: instance.nextId("product"),
      sku,
      typeId,
      attributeSetId: (input.attribute_set_id as number | undefined) ?? 4,
      createdAt: now,
      updatedAt: now,
      price: null,
      weight: null,
      values: { status: 1, visibility: 4 },
      storeValues: {},
      websiteIds: [1],
      categoryIds: [],
      specialPrices: [],
      stock: { manageStock: true, backorders: 0, minQty: 0, stockStatusChangedAuto: 0, lowStockDate: null },
    };
    instance.addProduct(product);
    setSourceItem(instance, sku, defaultSourceCode(instance), 0, 0);
  }
  // A new product's values are global whatever the URL's store; updates follow the scope.
  const scope = creating ? 0 : scopeStoreId;
  if (input.price !== undefined) {
    if ((input.price as number) < 0) throw new MagentoError(400, 'The value of attribute "%1" must be greater than 0.', ["price"]);
    product.price = round4(input.price as number);
  }
  if (input.weight !== undefined) product.weight = input.weight as number;
  if (input.attribute_set_id !== undefined) product.attributeSetId = input.attribute_set_id as number;
  for (const key of ["name", "status", "visibility"] as const) {
    if (input[key] !== undefined) setValue(product, SCOPED_ATTRIBUTES.has(key) ? scope : 0, key, input[key] as string | number);
  }
  for (const { attribute_code: code, value } of customAttributes(input)) {
    if (code === "category_ids") {
      product.categoryIds = (Array.isArray(value) ? value : String(value).split(",")).map(String).filter(Boolean);
    } else if (SCOPED_ATTRIBUTES.has(code) && (typeof value === "string" || typeof value === "number")) {
      setValue(product, scope, code, value);
    }
    // Codes that are not attributes of the set are dropped silently, as the data object does.
  }
  const extension = (input.extension_attributes ?? {}) as Record<string, unknown>;
  if (Array.isArray(extension.website_ids)) product.websiteIds = extension.website_ids as number[];
  if (Array.isArray(extension.category_links)) {
    product.categoryIds = (extension.category_links as { category_id?: string }[]).map((l) => String(l.category_id ?? "")).filter(Boolean);
  }
  if (extension.stock_item) applyStockItem(instance, product, extension.stock_item as Record<string, unknown>);
  product.updatedAt = now;
  return product;
}

/** Legacy stock item save: qty and is_in_stock go to the default source; status drops at min_qty. */
export function applyStockItem(instance: MagentoInstance, product: ProductRecord, input: Record<string, unknown>): void {
  const code = defaultSourceCode(instance);
  const current = sourceItem(instance, product.sku, code);
  const qty = input.qty !== undefined ? (input.qty as number) : (current?.quantity ?? 0);
  let inStock = input.is_in_stock !== undefined ? (input.is_in_stock as boolean) : current?.status === 1;
  if (input.manage_stock !== undefined) product.stock.manageStock = input.manage_stock as boolean;
  if (input.backorders !== undefined) product.stock.backorders = input.backorders as number;
  if (input.min_qty !== undefined) product.stock.minQty = input.min_qty as number;
  // Without backorders an item at or below min_qty cannot stay in stock.
  if (product.stock.manageStock && product.stock.backorders === 0 && qty <= product.stock.minQty && inStock) {
    inStock = false;
    product.stock.stockStatusChangedAuto = 1;
  }
  product.stock.lowStockDate = qty <= product.stock.minQty ? (product.stock.lowStockDate ?? instance.nowString()) : null;
  setSourceItem(instance, product.sku, code, qty, inStock ? 1 : 0);
}

export type PriceFailure = { message: string; parameters: string[] };

function priceableProduct(instance: MagentoInstance, sku: string | undefined, allowDynamicBundle: boolean): ProductRecord | undefined {
  if (!sku) return undefined;
  const product = instance.productBySku(sku);
  if (!product || !PRICE_TYPES.includes(product.typeId)) return undefined;
  if (product.bundle?.dynamicPrice && !allowDynamicBundle) return undefined;
  return product;
}

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/** POST /V1/products/base-prices: valid rows are saved, invalid ones come back as failures in a 200. */
export function updateBasePrices(instance: MagentoInstance, rows: Record<string, unknown>[]): PriceFailure[] {
  const failures: PriceFailure[] = [];
  const valid: { product: ProductRecord; price: number }[] = [];
  for (const row of rows) {
    const sku = row.sku as string | undefined;
    const price = row.price as number | undefined;
    const storeId = row.store_id as number | undefined;
    let ok = true;
    const product = priceableProduct(instance, sku, false);
    if (!product) {
      failures.push({ message: "Invalid attribute %fieldName = %fieldValue.", parameters: ["SKU", str(sku)] });
      ok = false;
    }
    if (price === undefined || price < 0) {
      failures.push({ message: "Invalid attribute %fieldName = %fieldValue.", parameters: ["Price", str(price)] });
      ok = false;
    }
    if (storeId === undefined || !instance.topology.byId.has(storeId)) {
      failures.push({ message: "Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.", parameters: [str(sku), str(storeId)] });
      ok = false;
    }
    if (ok) valid.push({ product: product!, price: price! });
  }
  const now = instance.nowString();
  // Price scope is global in a default install: every row lands on store 0.
  for (const { product, price } of valid) {
    product.price = round4(price);
    product.updatedAt = now;
  }
  return failures;
}

/** POST /V1/products/base-prices-information: unknown SKUs are silently left out. */
export function basePricesInformation(instance: MagentoInstance, skus: string[]) {
  return skus
    .map((sku) => priceableProduct(instance, sku, false))
    .filter((p): p is ProductRecord => !!p && p.price !== null)
    .map((p) => ({ price: p.price!, store_id: 0, sku: p.sku }));
}

function isExactDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 19).replace("T", " ") === value;
}

/**
 * POST /V1/products/special-price (and -delete): the row messages are rendered with the row's
 * values (unlike base prices, whose placeholders map to themselves). UNVERIFIED: a missing value is
 * rendered as "" in `parameters`.
 */
export function updateSpecialPrices(instance: MagentoInstance, rows: Record<string, unknown>[], remove: boolean): PriceFailure[] {
  const failures: PriceFailure[] = [];
  for (const row of rows) {
    const sku = row.sku as string | undefined;
    const storeId = row.store_id as number | undefined;
    const from = row.price_from as string | undefined;
    const to = row.price_to as string | undefined;
    const price = row.price as number | undefined;
    const info = { SKU: str(sku), storeId: str(storeId), priceFrom: str(from), priceTo: str(to) };
    const suffix = `Row ID: SKU = ${info.SKU}, Store ID: ${info.storeId}, Price From: ${info.priceFrom}, Price To: ${info.priceTo}.`;
    const fail = (message: string, first: string[] = []) => failures.push({ message, parameters: [...first, info.SKU, info.storeId, info.priceFrom, info.priceTo] });
    const before = failures.length;
    const product = priceableProduct(instance, sku, true);
    if (!product) fail(`The product that was requested doesn't exist. Verify the product and try again. ${suffix}`);
    if (storeId !== 0) fail(`Could not change non global Price when price scope is global. ${suffix}`);
    if (storeId === undefined || !instance.topology.byId.has(storeId)) fail(`Requested store is not found. ${suffix}`);
    if (price === undefined || price < 0) fail(`Invalid attribute Price = ${str(price)}. ${suffix}`, [str(price)]);
    if (from && !isExactDate(from)) fail(`Invalid attribute Price From = ${info.priceTo}. ${suffix}`, ["Price From"]);
    if (to && !isExactDate(to)) fail(`Invalid attribute Price To = ${info.priceTo}. ${suffix}`, ["Price To"]);
    if (failures.length > before || !product) continue;
    product.specialPrices = product.specialPrices.filter((s) => s.storeId !== storeId);
    if (!remove) product.specialPrices.push({ storeId: storeId!, price: round4(price!), from: from ?? instance.nowString(), to: to ?? null });
  }
  return failures;
}

export function specialPricesInformation(instance: MagentoInstance, skus: string[]) {
  return skus
    .map((sku) => priceableProduct(instance, sku, true))
    .filter((p): p is ProductRecord => !!p)
    .flatMap((p) => p.specialPrices.map((s) => ({ price: s.price, store_id: s.storeId, sku: p.sku, price_from: s.from, price_to: s.to })));
}
