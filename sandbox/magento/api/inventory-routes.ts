// Magento Inventory (MSI) routes. Registered with `msi: true`: without the modules every one of them
// is "Request does not match any route.".
import { ACL } from "../http/acl";
import { sourceItemSpec } from "../http/body-specs";
import { type ErrorItem, errors, MagentoError } from "../http/errors";
import { arr } from "../http/input";
import { body, checkArrayLimit, criteria, intParam, route, type RouteContext, type RouteDef } from "../http/route-kit";
import { applySearch, searchResult } from "../http/search-criteria";
import {
  DEFAULT_STOCK_ID,
  removeSourceItem,
  salableQuantity,
  SOURCE_FIELDS,
  SOURCE_ITEM_FIELDS,
  sourceField,
  sourceOutput,
  setSourceItem,
  stockOutput,
} from "../domain/inventory";

const msi = { msi: true };

function stockOr404(ctx: RouteContext, stockId: number) {
  if (stockId !== DEFAULT_STOCK_ID) throw new MagentoError(404, "Stock with id \"%value\" does not exist.", { value: String(stockId) });
  return stockOutput(ctx.instance);
}

/** UNVERIFIED: the validators' exact wording for empty fields and statuses. */
function readSourceItems(ctx: RouteContext): Record<string, unknown>[] {
  const input = body(ctx, { sourceItems: { spec: arr(sourceItemSpec), required: true } });
  const items = input.sourceItems as Record<string, unknown>[];
  checkArrayLimit(ctx, items, "SourceItemInterface");
  if (!items.length) throw new MagentoError(400, "Input data is empty");
  const problems: ErrorItem[] = [];
  for (const item of items) {
    for (const field of ["sku", "source_code"]) {
      if (typeof item[field] !== "string" || !(item[field] as string).trim()) problems.push({ message: '"%field" can not be empty.', parameters: { field } });
    }
    if (item.status !== undefined && item.status !== 0 && item.status !== 1) problems.push({ message: '"%field" should be numeric.', parameters: { field: "status" } });
  }
  if (problems.length) throw new MagentoError(400, "Validation Failed", undefined, problems);
  return items;
}

export const inventoryRoutes: RouteDef[] = [
  route(
    "GET",
    "/V1/inventory/sources",
    ACL.sources,
    (ctx) => {
      const c = criteria(ctx);
      const codes = ctx.instance.config.sources.map((s) => s.code);
      const outcome = applySearch(codes, c, {
        get: (code, field) => sourceField(ctx.instance, code, field),
        kind: (field) => SOURCE_FIELDS[field],
        unknownField: () => errors.internal(),
      });
      return searchResult(outcome, c, (code) => sourceOutput(ctx.instance, code)!);
    },
    msi,
  ),
  route(
    "GET",
    "/V1/inventory/sources/:sourceCode",
    ACL.sources,
    (ctx) => {
      const out = sourceOutput(ctx.instance, ctx.params.sourceCode!);
      if (!out) throw new MagentoError(404, 'Source with code "%value" does not exist.', { value: ctx.params.sourceCode! });
      return out;
    },
    msi,
  ),
  route(
    "GET",
    "/V1/inventory/stocks",
    ACL.stocks,
    (ctx) => {
      const c = criteria(ctx);
      const outcome = applySearch([stockOutput(ctx.instance)], c, {
        get: (s, field) => (field === "stock_id" ? s.stock_id : field === "name" ? s.name : undefined),
        kind: (field) => (field === "stock_id" ? "int" : field === "name" ? "string" : undefined),
        unknownField: () => errors.internal(),
      });
      return searchResult(outcome, c, (s) => s);
    },
    msi,
  ),
  route("GET", "/V1/inventory/stocks/:stockId", ACL.stocks, (ctx) => stockOr404(ctx, intParam(ctx, "stockId")), msi),
  route(
    "GET",
    "/V1/inventory/stock-resolver/:type/:code",
    ACL.salableQty,
    (ctx) => {
      const website = ctx.instance.topology.websites.find((w) => w.id !== 0 && w.code === ctx.params.code);
      if (ctx.params.type !== "website" || !website) {
        throw new MagentoError(404, 'No linked stock found for type "%1" and code "%2"', [ctx.params.type!, ctx.params.code!]);
      }
      return stockOutput(ctx.instance);
    },
    msi,
  ),
  route(
    "GET",
    "/V1/inventory/get-sources-assigned-to-stock-ordered-by-priority/:stockId",
    ACL.stocks,
    (ctx) => {
      stockOr404(ctx, intParam(ctx, "stockId"));
      return [...ctx.instance.config.sources].sort((a, b) => a.priority - b.priority).map((s) => sourceOutput(ctx.instance, s.code)!);
    },
    msi,
  ),
  route(
    "GET",
    "/V1/inventory/get-product-salable-quantity/:sku/:stockId",
    ACL.salableQty,
    (ctx) => {
      stockOr404(ctx, intParam(ctx, "stockId"));
      const product = ctx.instance.productBySku(ctx.params.sku!);
      if (!product) throw errors.productNotFound();
      if (product.typeId === "configurable" || product.typeId === "bundle") {
        throw new MagentoError(400, "Can't check requested quantity for products without Source Items support.");
      }
      return salableQuantity(ctx.instance, product.sku);
    },
    msi,
  ),
  route(
    "GET",
    "/V1/inventory/is-product-salable/:sku/:stockId",
    ACL.salableQty,
    (ctx) => {
      stockOr404(ctx, intParam(ctx, "stockId"));
      const product = ctx.instance.productBySku(ctx.params.sku!);
      return !!product && product.typeId !== "configurable" && product.typeId !== "bundle" ? salableQuantity(ctx.instance, product.sku) > 0 : false;
    },
    msi,
  ),
  route(
    "GET",
    "/V1/inventory/source-items",
    ACL.sources,
    (ctx) => {
      const c = criteria(ctx);
      const outcome = applySearch(ctx.instance.state.sourceItems, c, {
        get: (s, field) => (field in SOURCE_ITEM_FIELDS ? (s as Record<string, string | number>)[field] : undefined),
        kind: (field) => SOURCE_ITEM_FIELDS[field],
        unknownField: () => errors.internal(),
      });
      return searchResult(outcome, c, (s) => ({ sku: s.sku, source_code: s.source_code, quantity: s.quantity, status: s.status }));
    },
    msi,
  ),
  route(
    "POST",
    "/V1/inventory/source-items",
    ACL.sourceItemsWrite,
    (ctx) => {
      const items = readSourceItems(ctx);
      const known = new Set(ctx.instance.config.sources.map((s) => s.code));
      // The source_item table's foreign key refuses unknown sources; the SKU is not checked.
      // UNVERIFIED: the message of that failure, and that no plugin checks the SKU.
      if (items.some((i) => !known.has(i.source_code as string))) throw new MagentoError(400, "Could not save Source Item");
      for (const item of items) {
        setSourceItem(ctx.instance, item.sku as string, item.source_code as string, (item.quantity as number | undefined) ?? 0, ((item.status as 0 | 1 | undefined) ?? 0) as 0 | 1);
      }
      return [];
    },
    msi,
  ),
  route(
    "POST",
    "/V1/inventory/source-items-delete",
    ACL.sourceItemsWrite,
    (ctx) => {
      for (const item of readSourceItems(ctx)) removeSourceItem(ctx.instance, item.sku as string, item.source_code as string);
      return [];
    },
    msi,
  ),
];
