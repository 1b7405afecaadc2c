// Every Magento route the sandbox serves, and the Hono patterns they are registered under.
import type { RouteDef } from "../http/route-kit";
import { catalogRoutes } from "./catalog-routes";
import { customerRoutes } from "./customer-routes";
import { inventoryRoutes } from "./inventory-routes";
import { orderRoutes } from "./order-routes";
import { salesDocumentRoutes } from "./sales-document-routes";
import { storeRoutes } from "./store-routes";
import { taxRoutes } from "./tax-routes";

export const magentoRoutes: RouteDef[] = [...storeRoutes, ...orderRoutes, ...salesDocumentRoutes, ...catalogRoutes, ...inventoryRoutes, ...customerRoutes, ...taxRoutes];

export const ROUTE_PREFIX = "/m/:instance/rest/:store";

/**
 * The Hono pattern for a route. Where a parameter shares its position with a literal sibling
 * (/V1/orders/items next to /V1/orders/:id), the parameter excludes that literal, so exactly one
 * route matches a request and request logs and fault rules name the right one.
 */
export function honoPattern(def: RouteDef, all: RouteDef[] = magentoRoutes): string {
  const segments = def.path.split("/");
  const out = segments.map((segment, i) => {
    if (!segment.startsWith(":")) return segment;
    const literals = new Set<string>();
    for (const other of all) {
      if (other === def || other.method !== def.method) continue;
      const os = other.path.split("/");
      if (os.length !== segments.length) continue;
      const sameElsewhere = os.every((s, j) => j === i || s === segments[j] || (s.startsWith(":") && segments[j]!.startsWith(":")));
      if (sameElsewhere && !os[i]!.startsWith(":")) literals.add(os[i]!);
    }
    if (!literals.size) return segment;
    return `${segment}{(?!(?:${[...literals].join("|")})$)[^/]+}`;
  });
  return `${ROUTE_PREFIX}${out.join("/")}`;
}
