// The sandbox's data model: plain JSON (records keyed by id, decimals as strings, times as epoch
// milliseconds) so a whole account can be written to and read from a snapshot file unchanged.

export type Decimal = string;

export type Warehouse = { id: number; name: string; typeCode: string; typeDescription: string; addressId: number; clickAndCollectEnabled: boolean };
export type Channel = {
  id: number;
  name: string;
  channelTypeId: number;
  channelBrandId: number;
  defaultWarehouseId: number;
  contactGroupId: number;
  defaultPriceListId: number;
  warehouseIds: number[];
  integrationDetail: { installedIntegrationId: number; configSetId: number; providerCode: string; integrationTypeCode: string; active: boolean } | null;
};
export type OrderTypeCode = "SO" | "SC" | "PO" | "PC";
export type OrderStatus = {
  statusId: number;
  name: string;
  orderTypeCode: OrderTypeCode;
  sortOrder: number;
  disabled: boolean;
  visible: boolean;
  color: string;
  state: string;
};
export type ShippingMethod = { id: number; name: string; code: string; methodType: 1 | 2 | 3; carrier: string; additionalInformationRequired: boolean };
export type TaxCode = { id: number; code: string; description: string; rate?: Decimal };
export type NominalCode = { id: number; code: string; name: string; type: string; bank: boolean; active: boolean };
export type PaymentMethod = {
  id: number;
  name: string;
  code: string;
  isActive: boolean;
  bankAccounts: { currencyIsoCode: string; bankAccountNominalCode: string }[];
  installedIntegrationId: number | null;
};
export type PriceList = { id: number; name: string; code: string; currencyCode: string; priceListTypeCode: "BUY" | "SELL"; gross: boolean };
export type Currency = { id: number; code: string; title: string; symbol: string; exchangeRate: Decimal; isDefault: boolean };
export type Brand = { id: number; name: string };

export type ReferenceData = {
  warehouses: Warehouse[];
  channels: Channel[];
  orderStatuses: OrderStatus[];
  shippingMethods: ShippingMethod[];
  taxCodes: TaxCode[];
  nominalCodes: NominalCode[];
  paymentMethods: PaymentMethod[];
  priceLists: PriceList[];
  currencies: Currency[];
  brands: Brand[];
};

export type AccountSettings = {
  /** the account's UTC offset, e.g. "+00:00" or "-06:00"; every datetime is answered in it */
  timezoneOffset: string;
  baseCurrency: string;
  defaultWarehouseId: number;
  defaultChannelId: number;
  defaultPriceListId: number;
  costPriceListId: number;
  defaultSalesOrderStatusId: number;
  defaultSalesCreditStatusId: number;
  cancelledSalesOrderStatusId: number;
  cancelledSalesCreditStatusId: number;
  defaultSalesNominalCode: string;
  /** allocate available stock to new sales orders, as an account with auto-allocation does */
  autoAllocate: boolean;
  /** the staff contact that events raised by the sandbox are attributed to */
  staffContactId: number;
  /** overrides the sandbox-wide throttle for this account */
  throttle?: { limit: number; windowMs: number };
};

export type PostalAddress = {
  id: number;
  addressLine1: string;
  addressLine2: string;
  addressLine3: string;
  addressLine4: string;
  postalCode: string;
  countryId: number;
};

export type Contact = {
  id: number;
  salutation: string;
  firstName: string;
  lastName: string;
  postAddressIds: { DEF?: number; BIL?: number; DEL?: number };
  emails: { PRI?: string; SEC?: string; TER?: string };
  telephones: { PRI?: string; SEC?: string; MOB?: string; FAX?: string };
  companyName: string;
  isSupplier: boolean;
  isStaff: boolean;
  isCustomer: boolean;
  isPrimaryContact: boolean;
  priceListId: number;
  nominalCode: string;
  receiveNewsletter: boolean;
  createdOn: number;
  updatedOn: number;
  lastOrderedOn: number | null;
};

export type Product = {
  id: number;
  brandId: number;
  productTypeId: number;
  sku: string;
  barcode: string;
  ean: string;
  upc: string;
  isbn: string;
  mpn: string;
  name: string;
  description: string;
  shortDescription: string;
  categoryCodes: string[];
  stockTracked: boolean;
  weight: Decimal;
  taxCodeId: number;
  status: "LIVE" | "ARCHIVED";
  featured: boolean;
  productGroupId: number;
  primarySupplierId: number;
  version: number;
  createdOn: number;
  updatedOn: number;
  /** product custom fields by code (e.g. PCF_MAGENTO); shown on GET with includeOptional=customFields */
  customFields?: Record<string, CustomFieldValue>;
};

/** A text, number or checkbox field's value, or a dropdown field's chosen option. */
export type CustomFieldValue = string | number | boolean | null | { id: number; value: string };

export type StockLevel = {
  inStock: number;
  allocated: number;
  inTransit: number;
  /** units in the warehouse's quarantine location: present, but not for sale, allocation or reservation */
  quarantined?: number;
};

export type Party = {
  contactId?: number;
  addressFullName: string;
  companyName: string;
  addressLine1: string;
  addressLine2: string;
  addressLine3: string;
  addressLine4: string;
  postalCode: string;
  countryId: number;
  telephone: string;
  mobileTelephone: string;
  email: string;
};

export type OrderRow = {
  id: number;
  sequence: number;
  productId: number | null;
  name: string;
  sku: string;
  quantity: Decimal;
  net: Decimal;
  tax: Decimal;
  taxCode: string;
  taxRate: Decimal;
  nominalCode: string;
  externalRef: string | null;
  itemCost: Decimal;
  /** units reserved from `allocationWarehouseId` */
  allocated: number;
  allocationWarehouseId: number | null;
  /** units on drop-ship notes instead of coming from stock */
  dropShip: number;
};

export type Order = {
  id: number;
  orderTypeCode: "SO" | "SC";
  parentOrderId: number;
  reference: string;
  externalRef: string | null;
  installedIntegrationInstanceId: number | null;
  statusId: number;
  customerId: number;
  parties: { customer: Party; delivery: Party; billing: Party };
  placedOn: number;
  taxDate: number | null;
  deliveryDate: number | null;
  shippingMethodId: number;
  priceListId: number;
  priceModeCode: "INC" | "EXC";
  currencyCode: string;
  exchangeRate: Decimal;
  fixedExchangeRate: boolean;
  channelId: number;
  leadSourceId: number;
  projectId: number;
  staffOwnerId: number;
  teamId: number;
  warehouseId: number;
  rows: OrderRow[];
  invoices: { invoiceReference: string; taxDate: number; dueDate: number }[];
  closedOn: number | null;
  createdOn: number;
  createdById: number;
  updatedOn: number;
  version: number;
  /** created through POST /sales-order or /sales-credit rather than the low-level order POST */
  viaSalesOrderApi: boolean;
};

export type OrderNote = { id: number; orderId: number; text: string; isPublic: boolean; fileId: number; addedOn: number; addedBy: number };

export type NoteEvent = { occured: number; eventOwnerId: number; eventCode: string; version: number };

export type GoodsOutNote = {
  id: number;
  orderId: number;
  warehouseId: number;
  priority: boolean;
  status: { printed: boolean; picked: boolean; packed: boolean; shipped: boolean; printedOn: number | null; pickedOn: number | null; packedOn: number | null; shippedOn: number | null; shippedById: number };
  shipping: { reference: string; shippingMethodId: number; boxes: number; weight: Decimal };
  releaseDate: number;
  createdOn: number;
  createdBy: number;
  /** order row id → lines */
  rows: Record<string, { productId: number; quantity: number; locationId: number }[]>;
  sequence: number;
  events: NoteEvent[];
  lastEventVersion: number;
};

export type DropShipNote = {
  id: number;
  orderId: number;
  supplierId: number;
  status: { shipped: boolean; shippedOn: number | null };
  shipping: { reference: string; shippingMethodId: number };
  rows: Record<string, { productId: number; quantity: number }[]>;
  createdOn: number;
  createdBy: number;
  events: NoteEvent[];
  lastEventVersion: number;
};

/** One line of a goods-in note: units of a product received against an order row into a location. */
export type GoodsMovement = {
  productId: number;
  /** the order row the units were received against (a sales credit's row id too, despite the name) */
  orderRowId: number;
  quantity: number;
  locationId: number;
  currency: string;
  value: Decimal;
};

export type GoodsInNote = {
  id: number;
  orderId: number;
  warehouseId: number;
  transfer: boolean;
  userBatchReference: string | null;
  receivedOn: number;
  createdOn: number;
  createdBy: number;
  goodsMoved: GoodsMovement[];
};

export type PaymentType = "RECEIPT" | "PAYMENT" | "AUTH" | "CAPTURE" | "VOID";

export type CustomerPayment = {
  id: number;
  transactionRef: string | null;
  transactionCode: string | null;
  paymentMethodCode: string;
  paymentType: PaymentType;
  orderId: number;
  currencyIsoCode: string;
  exchangeRate: Decimal;
  amountPaid: Decimal;
  amountAuthorized: Decimal;
  authorizationExpiry: number | null;
  paymentDate: number;
  createdOn: number;
  journalId: number | null;
  journalRef: string;
};

export type Webhook = {
  id: number;
  subscribeTo: string;
  httpMethod: "GET" | "POST" | "PUT" | "DELETE";
  uriTemplate: string;
  bodyTemplate: string | null;
  contentType: string | null;
  idSetAccepted: boolean;
  qualityOfService: 0 | 1;
};

export type AccountState = {
  code: string;
  createdOn: number;
  settings: AccountSettings;
  reference: ReferenceData;
  addresses: Record<string, PostalAddress>;
  contacts: Record<string, Contact>;
  products: Record<string, Product>;
  /** productId → priceListId → min quantity → unit price */
  prices: Record<string, Record<string, Record<string, Decimal>>>;
  /** productId → warehouseId → level */
  stock: Record<string, Record<string, StockLevel>>;
  orders: Record<string, Order>;
  notes: Record<string, OrderNote[]>;
  goodsOutNotes: Record<string, GoodsOutNote>;
  dropShipNotes: Record<string, DropShipNote>;
  goodsInNotes: Record<string, GoodsInNote>;
  payments: Record<string, CustomerPayment>;
  webhooks: Record<string, Webhook>;
  sequences: Record<string, number>;
};
