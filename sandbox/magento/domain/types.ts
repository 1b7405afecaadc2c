// The state of one simulated Magento installation, as plain JSON-able records. Magento's own column
// names are kept in `data` rows so searchCriteria can filter on them exactly as SQL would.

export type Scalar = string | number | null;
/** A database row: keys are Magento's column / REST field names. */
export type Row = Record<string, Scalar | undefined>;

export type Integration = {
  id: number;
  name: string;
  consumerId: number;
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
  /** "all" = Resource Access: All (Magento_Backend::all) */
  resources: "all" | string[];
  active: boolean;
  revoked: boolean;
};

export type ProductType = "simple" | "virtual" | "configurable" | "bundle";

export type BundleSelection = { selectionId: number; productId: number; sku: string; qty: number; isDefault: boolean; price: number; priceType: 0 | 1 };
export type BundleOption = { optionId: number; title: string; required: boolean; type: "select" | "radio" | "checkbox" | "multi"; position: number; selections: BundleSelection[] };

export type ProductRecord = {
  id: number;
  sku: string;
  typeId: ProductType;
  attributeSetId: number;
  createdAt: string;
  updatedAt: string;
  /** global-scope values (store 0); price, weight and tax class are global in a default install */
  price: number | null;
  weight: number | null;
  /** store-view scoped attributes at store 0 */
  values: Record<string, string | number>;
  /** per-store-view overrides: storeId -> attribute -> value */
  storeValues: Record<string, Record<string, string | number>>;
  websiteIds: number[];
  categoryIds: string[];
  configurable?: { attributeId: string; label: string; children: { productId: number; valueIndex: number }[] };
  bundle?: { dynamicPrice: boolean; dynamicSku: boolean; shipSeparately: boolean; options: BundleOption[] };
  specialPrices: { storeId: number; price: number; from: string; to: string | null }[];
  /** legacy CatalogInventory settings not held by a source item */
  stock: { manageStock: boolean; backorders: number; minQty: number; stockStatusChangedAuto: number; lowStockDate: string | null };
};

export type SourceItemRecord = { sku: string; source_code: string; quantity: number; status: 0 | 1 };
export type ReservationRecord = { sku: string; stockId: number; quantity: number; orderId: number };

export type AddressRecord = { data: Row; street: string[] };

export type CustomerRecord = {
  data: Row;
  addresses: { id: number; data: Row; street: string[]; region?: { region_code: string | null; region: string | null; region_id: number } }[];
};

export type OrderItemRecord = {
  data: Row;
  /** configurable_item_options / bundle_options as REST shows them in product_option */
  productOption?: Record<string, unknown>;
  /** bundle children of a "ship separately" bundle, and such bundles themselves */
  shipSeparately?: boolean;
  /** bundle children of a dynamic-price bundle carry the money, the parent does not */
  childrenCalculated?: boolean;
};

export type HistoryRecord = { data: Row };

export type AppliedTax = { code: string; title: string; percent: number; amount: number; base_amount: number };

export type OrderRecord = {
  data: Row;
  items: OrderItemRecord[];
  billing: AddressRecord;
  shipping: AddressRecord | null;
  payment: { data: Row; additionalInformation: string[]; info: { key: string; value: string }[] };
  histories: HistoryRecord[];
  shippingMethod: string | null;
  appliedTaxes: AppliedTax[];
  shippingTaxPercent: number;
  /** the payment method captures through a gateway (braintree, paypal_express) */
  onlineCapture: boolean;
};

export type DocumentItem = { data: Row };
export type CommentRecord = { data: Row };
export type TrackRecord = { data: Row };

export type ShipmentRecord = { data: Row; items: DocumentItem[]; tracks: TrackRecord[]; comments: CommentRecord[]; sourceCode: string | null };
export type InvoiceRecord = { data: Row; items: DocumentItem[]; comments: CommentRecord[]; capturedOnline: boolean };
export type CreditmemoRecord = { data: Row; items: DocumentItem[]; comments: CommentRecord[] };

export type InstanceState = {
  integrations: Integration[];
  products: ProductRecord[];
  sourceItems: SourceItemRecord[];
  reservations: ReservationRecord[];
  customers: CustomerRecord[];
  orders: OrderRecord[];
  shipments: ShipmentRecord[];
  invoices: InvoiceRecord[];
  creditmemos: CreditmemoRecord[];
  counters: Record<string, number>;
  /** added to the wall clock; lets tests and demos move the store's time */
  clockOffsetMs: number;
};

export function emptyState(): InstanceState {
  return {
    integrations: [],
    products: [],
    sourceItems: [],
    reservations: [],
    customers: [],
    orders: [],
    shipments: [],
    invoices: [],
    creditmemos: [],
    counters: {},
    clockOffsetMs: 0,
  };
}
