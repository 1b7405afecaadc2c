// Magento_Customer routes.
import { ACL } from "../http/acl";
import { MagentoError } from "../http/errors";
import { criteria, intParam, route, type RouteDef } from "../http/route-kit";
import { applySearch, searchResult } from "../http/search-criteria";
import { customerAccess, customerById, customerOutput } from "../domain/customers";

export const customerRoutes: RouteDef[] = [
  route("GET", "/V1/customers/search", ACL.customers, (ctx) => {
    const c = criteria(ctx);
    const outcome = applySearch(ctx.instance.state.customers, c, {
      ...customerAccess,
      unknownField: (field) => new MagentoError(400, "Invalid attribute name: %1", [field]),
    });
    return searchResult(outcome, c, customerOutput);
  }),
  route("GET", "/V1/customers/:customerId", ACL.customers, (ctx) => {
    const id = intParam(ctx, "customerId");
    const customer = customerById(ctx.instance, id);
    if (!customer) throw new MagentoError(404, "No such entity with %fieldName = %fieldValue", { fieldName: "customerId", fieldValue: String(id) });
    return customerOutput(customer);
  }),
];
