// Websites, store groups and store views with the ids Magento would give them: the admin
// website/group/store are id 0, configured ones count from 1 in the order given.
import type { InstanceConfig } from "../instance-config";

export type Website = { id: number; code: string; name: string; defaultGroupId: number; baseCurrency: string };
export type StoreGroup = { id: number; websiteId: number; rootCategoryId: number; defaultStoreId: number; name: string; code: string };
export type StoreView = {
  id: number;
  code: string;
  name: string;
  websiteId: number;
  groupId: number;
  isActive: boolean;
  locale: string;
  baseCurrency: string;
  displayCurrency: string;
  timezone: string;
  weightUnit: string;
};

export type StoreTopology = {
  websites: Website[];
  groups: StoreGroup[];
  views: StoreView[];
  /** what /rest/V1 resolves to: the default website's default group's default store */
  defaultView: StoreView;
  byCode: Map<string, StoreView>;
  byId: Map<number, StoreView>;
};

export const ADMIN_STORE_ID = 0;

export function buildTopology(config: InstanceConfig): StoreTopology {
  const websites: Website[] = [{ id: 0, code: "admin", name: "Admin", defaultGroupId: 0, baseCurrency: config.websites[0]!.baseCurrency }];
  const groups: StoreGroup[] = [{ id: 0, websiteId: 0, rootCategoryId: 0, defaultStoreId: 0, name: "Default", code: "default" }];
  const views: StoreView[] = [
    {
      id: 0,
      code: "admin",
      name: "Admin",
      websiteId: 0,
      groupId: 0,
      isActive: true,
      locale: "en_US",
      baseCurrency: websites[0]!.baseCurrency,
      displayCurrency: websites[0]!.baseCurrency,
      timezone: "UTC",
      weightUnit: "lbs",
    },
  ];
  config.websites.forEach((site, i) => {
    const id = i + 1;
    websites.push({ id, code: site.code, name: site.name, defaultGroupId: id, baseCurrency: site.baseCurrency });
    groups.push({
      id,
      websiteId: id,
      rootCategoryId: 2,
      defaultStoreId: 0,
      name: site.code === "base" ? "Main Website Store" : `${site.name} Store`,
      code: site.code === "base" ? "main_website_store" : `${site.code}_store`,
    });
  });
  config.storeViews.forEach((view, i) => {
    const website = websites.find((w) => w.code === view.website)!;
    const group = groups.find((g) => g.websiteId === website.id)!;
    const id = i + 1;
    if (group.defaultStoreId === 0) group.defaultStoreId = id;
    views.push({
      id,
      code: view.code,
      name: view.name,
      websiteId: website.id,
      groupId: group.id,
      isActive: view.isActive,
      locale: view.locale,
      baseCurrency: website.baseCurrency,
      displayCurrency: view.displayCurrency ?? website.baseCurrency,
      timezone: view.timezone,
      weightUnit: view.weightUnit,
    });
  });
  const defaultView = views.find((v) => v.id === groups[1]!.defaultStoreId)!;
  return {
    websites,
    groups,
    views,
    defaultView,
    byCode: new Map(views.filter((v) => v.id !== 0).map((v) => [v.code, v])),
    byId: new Map(views.map((v) => [v.id, v])),
  };
}

export function storeName(topology: StoreTopology, storeId: number): string {
  const view = topology.byId.get(storeId)!;
  const group = topology.groups.find((g) => g.id === view.groupId)!;
  const website = topology.websites.find((w) => w.id === view.websiteId)!;
  return `${website.name}\n${group.name}\n${view.name}`;
}

// UNVERIFIED: the store, group and website lists include the admin entries (id 0) as the
// repositories load them with their defaults; storeConfigs leaves the admin store out.
export function storeViewsOutput(t: StoreTopology) {
  return t.views.map((v) => ({ id: v.id, code: v.code, name: v.name, website_id: v.websiteId, store_group_id: v.groupId, is_active: v.isActive ? 1 : 0 }));
}

export function websitesOutput(t: StoreTopology) {
  return t.websites.map((w) => ({ id: w.id, code: w.code, name: w.name, default_group_id: w.defaultGroupId }));
}

export function storeGroupsOutput(t: StoreTopology) {
  return t.groups.map((g) => ({
    id: g.id,
    website_id: g.websiteId,
    root_category_id: g.rootCategoryId,
    default_store_id: g.defaultStoreId,
    name: g.name,
    code: g.code,
  }));
}

export function storeConfigsOutput(t: StoreTopology, baseUrl: string, codes: string[] | undefined) {
  const base = `${baseUrl.replace(/\/$/, "")}/`;
  return t.views
    .filter((v) => v.id !== 0 && (!codes || codes.includes(v.code)))
    .map((v) => ({
      id: v.id,
      code: v.code,
      website_id: v.websiteId,
      locale: v.locale,
      base_currency_code: v.baseCurrency,
      default_display_currency_code: v.displayCurrency,
      timezone: v.timezone,
      weight_unit: v.weightUnit,
      base_url: base,
      base_link_url: base,
      base_static_url: `${base}static/version1700000000/`,
      base_media_url: `${base}media/`,
      secure_base_url: base,
      secure_base_link_url: base,
      secure_base_static_url: `${base}static/version1700000000/`,
      secure_base_media_url: `${base}media/`,
    }));
}
