// A Magento catalogue built from the catalogue shared with the Brightpearl sandbox, with deliberate
// mismatches: some shared SKUs are missing here, some Magento-only products exist, and a few
// configurable and bundle products group shared SKUs the way a real store does.
import { catalogue, seededRandom, skuFor } from "../../shared/catalogue";
import type { MagentoInstance } from "../instance";
import { magentoDate } from "./format";
import { defaultSourceCode, setSourceItem } from "./inventory";
import { urlKey } from "./catalog";
import type { BundleOption, ProductRecord, ProductType } from "./types";

export type CatalogueSeedOptions = {
  /** how many shared SKUs the Brightpearl account has (SKU-00001..) */
  count?: number;
  seed?: number;
  /** shared SKUs absent from Magento; default every 40th */
  missing?: string[];
  /** Magento-only simple products (MAG-ONLY-0001..) */
  extra?: number;
  configurables?: number;
  bundles?: number;
};

export type CatalogueSeedResult = { shared: string[]; missing: string[]; extra: string[]; configurables: string[]; bundles: string[] };

const COLOURS = [
  { label: "Red", index: 58 },
  { label: "Blue", index: 50 },
  { label: "Green", index: 53 },
  { label: "Black", index: 49 },
];

function baseProduct(instance: MagentoInstance, sku: string, name: string, typeId: ProductType, createdAt: string): ProductRecord {
  return {
    id: instance.nextId("product"),
    sku,
    typeId,
    attributeSetId: 4,
    createdAt,
    updatedAt: createdAt,
    price: null,
    weight: null,
    values: { name, status: 1, visibility: 4, url_key: urlKey(name, sku) },
    storeValues: {},
    websiteIds: instance.topology.websites.filter((w) => w.id !== 0).map((w) => w.id),
    categoryIds: ["2"],
    specialPrices: [],
    stock: { manageStock: true, backorders: 0, minQty: 0, stockStatusChangedAuto: 0, lowStockDate: null },
  };
}

export function seedCatalogue(instance: MagentoInstance, options: CatalogueSeedOptions = {}): CatalogueSeedResult {
  const count = options.count ?? 200;
  const seed = options.seed ?? 1;
  const random = seededRandom(seed * 7919 + 17);
  const missing = new Set(options.missing ?? Array.from({ length: Math.floor(count / 40) }, (_, i) => skuFor((i + 1) * 40)));
  const createdAt = magentoDate(instance.now() - 90 * 86_400_000);
  const sources = instance.config.sources;
  const defaultSource = defaultSourceCode(instance);
  const result: CatalogueSeedResult = { shared: [], missing: [...missing], extra: [], configurables: [], bundles: [] };

  const stock = (sku: string) => {
    const roll = random();
    const qty = roll < 0.08 ? 0 : Math.floor(random() * 150);
    setSourceItem(instance, sku, defaultSource, qty, qty > 0 ? 1 : 0);
    for (const source of sources.slice(1)) {
      const extra = Math.floor(random() * 40);
      setSourceItem(instance, sku, source.code, extra, extra > 0 ? 1 : 0);
    }
  };

  for (const item of catalogue(count, seed)) {
    if (missing.has(item.sku) || instance.productBySku(item.sku)) continue;
    const product = baseProduct(instance, item.sku, item.name, "simple", createdAt);
    product.price = Number(item.price);
    product.weight = Number(item.weight);
    instance.addProduct(product);
    stock(item.sku);
    result.shared.push(item.sku);
  }
  for (let i = 1; i <= (options.extra ?? 5); i++) {
    const sku = `MAG-ONLY-${String(i).padStart(4, "0")}`;
    if (instance.productBySku(sku)) continue;
    const product = baseProduct(instance, sku, `Store Exclusive Gift Card ${i}`, "simple", createdAt);
    product.price = 10 * i;
    product.weight = 0.1;
    instance.addProduct(product);
    stock(sku);
    result.extra.push(sku);
  }

  const shared = result.shared.map((sku) => instance.productBySku(sku)!);
  let cursor = 0;
  const take = (n: number) => {
    const picked = shared.slice(cursor, cursor + n);
    cursor += n;
    return picked;
  };
  for (let i = 1; i <= (options.configurables ?? 3); i++) {
    const children = take(3 + (i % 2));
    if (children.length < 2) break;
    const sku = `CONF-${String(i).padStart(4, "0")}`;
    const parent = baseProduct(instance, sku, `${String(children[0]!.values.name).split(" – ")[0]} (configurable)`, "configurable", createdAt);
    parent.configurable = {
      attributeId: "93",
      label: "Color",
      children: children.map((child, n) => ({ productId: child.id, valueIndex: COLOURS[n % COLOURS.length]!.index })),
    };
    for (const child of children) child.values.visibility = 1;
    instance.addProduct(parent);
    setSourceItem(instance, sku, defaultSource, 0, 1);
    result.configurables.push(sku);
  }
  for (let i = 1; i <= (options.bundles ?? 2); i++) {
    const parts = take(2);
    if (parts.length < 2) break;
    // The first bundle is fixed-price, shipped together; the second dynamic, shipped separately.
    const dynamic = i % 2 === 0;
    const sku = `BUNDLE-${String(i).padStart(4, "0")}`;
    const bundle = baseProduct(instance, sku, `Starter Kit ${i}`, "bundle", createdAt);
    const options: BundleOption[] = parts.map((part, n) => ({
      optionId: instance.nextId("bundle_option"),
      title: n === 0 ? "Main item" : "Add-on",
      required: true,
      type: "select",
      position: n + 1,
      selections: [
        { selectionId: instance.nextId("bundle_selection"), productId: part.id, sku: part.sku, qty: n === 0 ? 1 : 2, isDefault: true, price: 0, priceType: 0 },
      ],
    }));
    bundle.bundle = { dynamicPrice: dynamic, dynamicSku: dynamic, shipSeparately: dynamic, options };
    if (!dynamic) {
      bundle.price = Math.round(parts.reduce((s, p) => s + (p.price ?? 0), 0) * 85) / 100;
      bundle.weight = parts.reduce((s, p) => s + (p.weight ?? 0), 0);
    }
    instance.addProduct(bundle);
    setSourceItem(instance, sku, defaultSource, 0, 1);
    result.bundles.push(sku);
  }
  return result;
}
