// Magento_Tax search routes: the store's tax rates and tax classes.
import { ACL } from "../http/acl";
import { errors } from "../http/errors";
import { criteria, route, type RouteDef } from "../http/route-kit";
import { applySearch, searchResult } from "../http/search-criteria";
import { TAX_CLASS_COLUMNS, TAX_CLASSES, TAX_RATE_COLUMNS, taxClassColumn, taxClassOutput, taxRateColumn, taxRateOutput, taxRates } from "../domain/tax";

// UNVERIFIED: the repositories pass filter fields to SQL as column names ("id" is not one), so an
// unknown field is a SQL error, masked as a 500 like other flat-table searches.
const sqlColumnError = () => errors.internal();

export const taxRoutes: RouteDef[] = [
  route("GET", "/V1/taxRates/search", ACL.tax, (ctx) => {
    const c = criteria(ctx);
    const outcome = applySearch(taxRates(), c, {
      get: taxRateColumn,
      kind: (field) => TAX_RATE_COLUMNS[field as keyof typeof TAX_RATE_COLUMNS],
      unknownField: sqlColumnError,
    });
    return searchResult(outcome, c, taxRateOutput);
  }),
  route("GET", "/V1/taxClasses/search", ACL.tax, (ctx) => {
    const c = criteria(ctx);
    const outcome = applySearch(TAX_CLASSES, c, {
      get: taxClassColumn,
      kind: (field) => TAX_CLASS_COLUMNS[field as keyof typeof TAX_CLASS_COLUMNS],
      unknownField: sqlColumnError,
    });
    return searchResult(outcome, c, taxClassOutput);
  }),
];
