// product-service: products (search, GET by ID set of at most 200, OPTIONS getUris, POST, PUT),
// prices per price list, price lists, brands and channels.
import { Hono } from "hono";
import type { SandboxContext } from "../context";
import { createProduct, priceBodySchema, productBodySchema, productSearch, renderPrices, renderProduct, setPrices, updateProduct } from "../domain/products";
import { ApiError, notFound } from "../http/errors";
import { account, body, idSetParam, intParam, type ApiContext, type ApiEnv } from "../http/request";
import type { AccountState } from "../state/types";
import { empty, getUris, listRoute, ok, searchRoute } from "./common";

export const PRODUCT_GET_MAX = 200;

function existingProductIds(a: AccountState, requested?: number[]): number[] {
  if (!requested) return Object.keys(a.products).map(Number);
  return requested.filter((id) => a.products[id] !== undefined);
}

export function productService(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  searchRoute(app, "/product-service/product-search", () => productSearch, (a) => Object.values(a.products));

  app.get("/product-service/product", () => {
    throw new ApiError(400, [{ code: "CMNC-020", message: "An ID set is required: GET /product-service/product/{ID-SET}" }]);
  });
  app.get("/product-service/product/:ids", (c) => {
    const a = account(c);
    const found = existingProductIds(a, idSetParam(c.req.param("ids"), "product", PRODUCT_GET_MAX));
    // UNVERIFIED: an ID set matching no product answers 404 CMNC-404 (as contacts do).
    if (found.length === 0) throw notFound("No products found");
    const optional = (c.req.query("includeOptional") ?? "").split(",").map((o) => o.trim());
    const include = { customFields: optional.includes("customFields"), nullCustomFields: optional.includes("nullCustomFields") };
    return ok(c, found.map((id) => renderProduct(a, a.products[id]!, include)));
  });
  app.options("/product-service/product", (c) => c.json(getUris("/product", existingProductIds(account(c)), PRODUCT_GET_MAX)));
  app.options("/product-service/product/:ids", (c) => {
    const requested = idSetParam(c.req.param("ids"), "product");
    return c.json(getUris("/product", existingProductIds(account(c), requested), PRODUCT_GET_MAX));
  });

  app.post("/product-service/product", async (c) => {
    const product = createProduct(ctx, account(c), await body(c, productBodySchema));
    return ok(c, product.id);
  });
  app.put("/product-service/product/:id", async (c) => {
    const product = updateProduct(ctx, account(c), intParam(c.req.param("id"), "product"), await body(c, productBodySchema));
    return ok(c, renderProduct(account(c), product));
  });

  const prices = (c: ApiContext, lists: string | undefined) => {
    const a = account(c);
    const raw = c.req.param("ids")!;
    const ids = raw === "*" ? existingProductIds(a) : idSetParam(raw, "product", PRODUCT_GET_MAX);
    const listIds = lists === undefined ? undefined : idSetParam(lists, "price list");
    const out = renderPrices(a, ids, listIds);
    if (out.length === 0) throw notFound("No Product Prices Found");
    return ok(c, out);
  };
  app.get("/product-service/product-price/:ids", (c) => prices(c, undefined));
  app.get("/product-service/product-price/:ids/price-list/:lists", (c) => prices(c, c.req.param("lists")));
  app.options("/product-service/product-price/:ids", (c) => {
    const raw = c.req.param("ids");
    const a = account(c);
    return c.json(getUris("/product-price", raw === "*" ? existingProductIds(a) : existingProductIds(a, idSetParam(raw, "product")), PRODUCT_GET_MAX));
  });
  app.put("/product-service/product-price/:id/price-list", async (c) => {
    setPrices(ctx, account(c), intParam(c.req.param("id"), "product"), await body(c, priceBodySchema));
    return empty(c);
  });

  listRoute(
    app,
    "/product-service/price-list",
    (a) => a.reference.priceLists,
    (l) => l.id,
    (l, a) => {
      const currency = a.reference.currencies.find((x) => x.code === l.currencyCode);
      return {
        id: l.id,
        name: { languageCode: "en", text: l.name, format: "PLAINTEXT" },
        code: l.code,
        currencyCode: l.currencyCode,
        currencySymbol: currency?.symbol ?? "",
        currencyId: currency?.id ?? 0,
        priceListTypeCode: l.priceListTypeCode,
        gross: l.gross,
      };
    },
  );
  listRoute(app, "/product-service/brand", (a) => a.reference.brands, (b) => b.id, (b) => ({ id: b.id, name: b.name, description: "" }));
  listRoute(app, "/product-service/channel", (a) => a.reference.channels, (ch) => ch.id);

  return app;
}
