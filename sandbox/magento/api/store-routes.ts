// Magento_Store webapi routes.
import { ACL } from "../http/acl";
import { listOf } from "../http/php-query";
import { route, type RouteDef } from "../http/route-kit";
import { storeConfigsOutput, storeGroupsOutput, storeViewsOutput, websitesOutput } from "../domain/stores";

export const storeRoutes: RouteDef[] = [
  route("GET", "/V1/store/storeViews", ACL.stores, ({ instance }) => storeViewsOutput(instance.topology)),
  route("GET", "/V1/store/storeGroups", ACL.stores, ({ instance }) => storeGroupsOutput(instance.topology)),
  route("GET", "/V1/store/websites", ACL.stores, ({ instance }) => websitesOutput(instance.topology)),
  route("GET", "/V1/store/storeConfigs", ACL.stores, ({ instance, query }) => {
    const raw = query.storeCodes ?? query.store_codes;
    const codes = raw === undefined ? undefined : typeof raw === "string" ? [raw] : listOf(raw).filter((c): c is string => typeof c === "string");
    return storeConfigsOutput(instance.topology, instance.baseUrl, codes);
  }),
];
