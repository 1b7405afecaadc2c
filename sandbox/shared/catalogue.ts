// The catalogue both sandboxes seed from, so a Brightpearl product and its Magento twin share a SKU
// without either sandbox knowing about the other. Deterministic: the same seed gives the same list.

export type CatalogueItem = {
  sku: string;
  name: string;
  /** list price, decimal string with 2 places */
  price: string;
  /** kilograms, decimal string */
  weight: string;
  barcode: string;
};

/** mulberry32: a small seeded PRNG, enough for reproducible demo data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ADJECTIVES = ["Classic", "Organic", "Compact", "Deluxe", "Vintage", "Everyday", "Premium", "Rugged", "Slim", "Cosy"];
const NOUNS = ["Backpack", "Water Bottle", "Desk Lamp", "Notebook", "Tea Set", "Hoodie", "Running Shoe", "Blender", "Yoga Mat", "Umbrella"];
const VARIANTS = ["Red", "Blue", "Green", "Black", "White", "Small", "Medium", "Large", "Oak", "Steel"];

export function skuFor(index: number): string {
  return `SKU-${String(index).padStart(5, "0")}`;
}

/** Items 1..count. */
export function catalogue(count: number, seed = 1): CatalogueItem[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const index = i + 1;
    const cents = 299 + Math.floor(random() * 19_700);
    return {
      sku: skuFor(index),
      name: `${pick(ADJECTIVES)} ${pick(NOUNS)} – ${pick(VARIANTS)}`,
      price: (cents / 100).toFixed(2),
      weight: (0.1 + random() * 4.9).toFixed(2),
      barcode: `50${String(1_000_000_000 + index * 7919).slice(0, 11)}`,
    };
  });
}

/** The demo data `npm run dev` seeds in both sandboxes: the same items, so the SKUs line up. */
export const DEMO_CATALOGUE = { count: 200, seed: 1 } as const;
