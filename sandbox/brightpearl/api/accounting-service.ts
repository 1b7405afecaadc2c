// accounting-service: customer payments, payment methods, tax codes, nominal codes, currencies,
// exchange rates.
import { Hono } from "hono";
import type { SandboxContext } from "../context";
import { createPayment, deletePayment, paymentBodySchema, paymentSearch } from "../domain/payments";
import type { SearchDefinition } from "../http/search";
import { account, body, intParam, type ApiEnv } from "../http/request";
import type { Currency, NominalCode, PaymentMethod } from "../state/types";
import { empty, listRoute, ok, searchRoute } from "./common";

const paymentMethodSearch: SearchDefinition<PaymentMethod> = {
  defaultSort: "id",
  columns: [
    { name: "id", type: "IDSET", value: (m) => m.id },
    { name: "code", type: "STRING", value: (m) => m.code },
    { name: "name", type: "SEARCH_STRING", value: (m) => m.name },
    { name: "isActive", type: "BOOLEAN", value: (m) => m.isActive },
    { name: "installedIntegrationId", type: "INTEGER", value: (m) => m.installedIntegrationId },
  ],
};

const nominalCodeSearch: SearchDefinition<NominalCode> = {
  defaultSort: "id",
  columns: [
    { name: "id", type: "IDSET", value: (n) => n.id },
    { name: "code", type: "STRING", value: (n) => n.code },
    { name: "name", type: "SEARCH_STRING", value: (n) => n.name },
    { name: "type", type: "STRING", value: (n) => n.type },
    { name: "bank", type: "BOOLEAN", value: (n) => n.bank },
    { name: "active", type: "BOOLEAN", value: (n) => n.active },
  ],
};

/** Columns from a weak recording (UNVERIFIED). */
const currencySearch: SearchDefinition<Currency> = {
  defaultSort: "id",
  columns: [
    { name: "id", type: "IDSET", value: (x) => x.id },
    { name: "title", type: "SEARCH_STRING", value: (x) => x.title },
    { name: "code", type: "STRING", value: (x) => x.code },
    { name: "symbol", type: "STRING", value: (x) => x.symbol },
    { name: "exchangeRate", type: "STRING", value: (x) => x.exchangeRate },
    { name: "isDefault", type: "BOOLEAN", value: (x) => x.isDefault },
    { name: "exchangeRateVarianceNominalCode", type: "STRING", value: () => "4090" },
  ],
};

export function accountingService(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/accounting-service/customer-payment", async (c) => {
    const payment = createPayment(ctx, account(c), await body(c, paymentBodySchema));
    return ok(c, payment.id);
  });
  app.delete("/accounting-service/customer-payment/:id", (c) => {
    deletePayment(ctx, account(c), intParam(c.req.param("id"), "payment"));
    return empty(c);
  });
  searchRoute(app, "/accounting-service/customer-payment-search", paymentSearch, (a) => Object.values(a.payments));

  listRoute(app, "/accounting-service/payment-method", (a) => a.reference.paymentMethods, (m) => m.id);
  searchRoute(app, "/accounting-service/payment-method-search", () => paymentMethodSearch, (a) => a.reference.paymentMethods);
  listRoute(app, "/accounting-service/tax-code", (a) => a.reference.taxCodes, (t) => t.id, (t) =>
    // Recorded: rate is a number and is omitted when the code has none.
    t.rate === undefined ? { id: t.id, code: t.code, description: t.description } : { id: t.id, code: t.code, description: t.description, rate: Number(t.rate) },
  );
  listRoute(app, "/accounting-service/nominal-code", (a) => a.reference.nominalCodes, (n) => n.id);
  searchRoute(app, "/accounting-service/nominal-code-search", () => nominalCodeSearch, (a) => a.reference.nominalCodes);
  searchRoute(app, "/accounting-service/currency-search", () => currencySearch, (a) => a.reference.currencies);
  listRoute(app, "/accounting-service/currency", (a) => a.reference.currencies, (x) => x.id);
  app.get("/accounting-service/exchange-rate", (c) =>
    ok(
      c,
      account(c).reference.currencies.map((x) => ({ currencyId: x.id, currencyCode: x.code, rate: x.exchangeRate, baseCurrencyCode: account(c).settings.baseCurrency })),
    ),
  );

  return app;
}
