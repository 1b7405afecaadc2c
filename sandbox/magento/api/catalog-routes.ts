// Magento_Catalog product routes, price storage, configurable children and the legacy
// CatalogInventory stock item routes.
import { ACL } from "../http/acl";
import { arr } from "../http/input";
import { basePriceSpec, productSpec, specialPriceSpec, stockItemSpec } from "../http/body-specs";
import { errors, MagentoError } from "../http/errors";
import { pick } from "../http/php-query";
import { body, checkArrayLimit, criteria, route, type RouteContext, type RouteDef } from "../http/route-kit";
import { applySearch, searchResult } from "../http/search-criteria";
import {
  applyStockItem,
  basePricesInformation,
  productField,
  productFieldKind,
  productOutput,
  type ProductInput,
  saveProduct,
  specialPricesInformation,
  stockItemOutput,
  updateBasePrices,
  updateSpecialPrices,
} from "../domain/catalog";
import type { ProductRecord } from "../domain/types";

function productOr404(ctx: RouteContext, sku: string): ProductRecord {
  const product = ctx.instance.productBySku(sku);
  if (!product) throw errors.productNotFound();
  return product;
}

/** GET /V1/products/{sku} reads the URL's store unless `storeId` names another. */
function readStore(ctx: RouteContext): number {
  const raw = ctx.query.storeId ?? ctx.query.store_id;
  if (raw === undefined || raw === "") return ctx.storeId;
  if (typeof raw !== "string" || !/^\d+$/.test(raw)) throw errors.invalidType(typeof raw === "string" ? raw : "array", "int");
  return Number(raw);
}

/**
 * ParamsOverrider on PUT: the last path parameter replaces the same-named property of the body's
 * object, but only when the body is exactly one object; otherwise the body's SKU stands.
 */
function overridePathSku(ctx: RouteContext, product: ProductInput): void {
  const raw = ctx.body;
  if (raw && typeof raw === "object" && !Array.isArray(raw) && Object.keys(raw).length === 1) product.sku = ctx.params.sku;
}


export const catalogRoutes: RouteDef[] = [
  route("GET", "/V1/products", ACL.products, (ctx) => {
    const c = criteria(ctx);
    const storeId = ctx.storeId;
    const outcome = applySearch(ctx.instance.state.products, c, {
      get: (p, field) => productField(p, field, storeId),
      kind: productFieldKind,
      // UNVERIFIED: the EAV collection's refusal of an unknown attribute code.
      unknownField: (field) => new MagentoError(400, "Invalid attribute name: %1", [field]),
    });
    return searchResult(outcome, c, (p) => productOutput(ctx.instance, p, storeId));
  }),
  route("POST", "/V1/products", ACL.products, (ctx) => {
    const input = body(ctx, { product: { spec: productSpec, required: true }, saveOptions: { spec: "bool" } });
    const saved = saveProduct(ctx.instance, input.product as ProductInput, ctx.storeId);
    return productOutput(ctx.instance, saved, ctx.storeId);
  }),
  route("POST", "/V1/products/base-prices", ACL.prices, (ctx) => {
    const rows = body(ctx, { prices: { spec: arr(basePriceSpec), required: true } }).prices as Record<string, unknown>[];
    checkArrayLimit(ctx, rows, "BasePriceInterface");
    return updateBasePrices(ctx.instance, rows);
  }),
  route("POST", "/V1/products/base-prices-information", ACL.prices, (ctx) => {
    const input = body(ctx, { skus: { spec: arr("string"), required: true } });
    return basePricesInformation(ctx.instance, input.skus as string[]);
  }),
  route("POST", "/V1/products/special-price", ACL.prices, (ctx) => {
    const input = body(ctx, { prices: { spec: arr(specialPriceSpec), required: true } });
    checkArrayLimit(ctx, input.prices as unknown[], "SpecialPriceInterface");
    return updateSpecialPrices(ctx.instance, input.prices as Record<string, unknown>[], false);
  }),
  route("POST", "/V1/products/special-price-delete", ACL.prices, (ctx) => {
    const input = body(ctx, { prices: { spec: arr(specialPriceSpec), required: true } });
    return updateSpecialPrices(ctx.instance, input.prices as Record<string, unknown>[], true);
  }),
  route("POST", "/V1/products/special-price-information", ACL.prices, (ctx) => {
    const input = body(ctx, { skus: { spec: arr("string"), required: true } });
    return specialPricesInformation(ctx.instance, input.skus as string[]);
  }),
  route("GET", "/V1/products/:sku", ACL.products, (ctx) => {
    for (const flag of ["editMode", "forceReload"]) {
      const v = pick(ctx.query, flag);
      if (v !== undefined && typeof v !== "string") throw errors.invalidType("array", "bool");
    }
    const storeId = readStore(ctx);
    return productOutput(ctx.instance, productOr404(ctx, ctx.params.sku!), storeId);
  }),
  route("PUT", "/V1/products/:sku", ACL.products, (ctx) => {
    const input = body(ctx, { product: { spec: productSpec, required: true }, saveOptions: { spec: "bool" } });
    const product = input.product as ProductInput;
    overridePathSku(ctx, product);
    const saved = saveProduct(ctx.instance, product, ctx.storeId);
    return productOutput(ctx.instance, saved, ctx.storeId);
  }),
  route("GET", "/V1/configurable-products/:sku/children", ACL.products, (ctx) => {
    const parent = productOr404(ctx, ctx.params.sku!);
    return (parent.configurable?.children ?? [])
      .map((c) => ctx.instance.productById(c.productId))
      .filter((p): p is ProductRecord => !!p)
      .map((p) => productOutput(ctx.instance, p, ctx.storeId));
  }),
  route("GET", "/V1/stockItems/:sku", ACL.legacyStock, (ctx) => stockItemOutput(ctx.instance, productOr404(ctx, ctx.params.sku!))),
  route("PUT", "/V1/products/:sku/stockItems/:itemId", ACL.legacyStock, (ctx) => {
    const input = body(ctx, { stockItem: { spec: stockItemSpec, required: true } });
    const product = productOr404(ctx, ctx.params.sku!);
    // The path's itemId lands in stockItem.item_id and is then ignored for an existing item.
    applyStockItem(ctx.instance, product, input.stockItem as Record<string, unknown>);
    return product.id;
  }),
];
