// Creating an account: reference data, settings, the staff and supplier contacts every account has.
import { z } from "zod";
import { parseOffset } from "../lib/datetime";
import { defaultReferenceData, defaultSettings } from "./reference-data";
import type { AccountSettings, AccountState, Contact, ReferenceData } from "./types";

export const accountCodeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "account codes are 2–40 lower-case letters, digits or dashes");

export const createAccountSchema = z.object({
  code: accountCodeSchema,
  timezoneOffset: z
    .string()
    .refine((v) => {
      try {
        parseOffset(v);
        return true;
      } catch {
        return false;
      }
    }, "expected an offset like +01:00")
    .optional(),
  baseCurrency: z.string().length(3).toUpperCase().optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
  /** replaces whole reference lists, e.g. { warehouses: [...] } */
  reference: z.record(z.string(), z.array(z.unknown())).optional(),
});
export type CreateAccountInput = z.input<typeof createAccountSchema>;

export const STAFF_CONTACT_ID = 4;
export const SUPPLIER_CONTACT_ID = 5;

export function newAccountState(input: CreateAccountInput, now: number): AccountState {
  const parsed = createAccountSchema.parse(input);
  const settings: AccountSettings = { ...defaultSettings(), ...(parsed.settings as Partial<AccountSettings> | undefined) };
  if (parsed.timezoneOffset) settings.timezoneOffset = parsed.timezoneOffset;
  if (parsed.baseCurrency) settings.baseCurrency = parsed.baseCurrency;
  const reference: ReferenceData = { ...defaultReferenceData(), ...(parsed.reference as Partial<ReferenceData> | undefined) };
  const account: AccountState = {
    code: parsed.code,
    createdOn: now,
    settings,
    reference,
    addresses: {},
    contacts: {},
    products: {},
    prices: {},
    stock: {},
    orders: {},
    notes: {},
    goodsOutNotes: {},
    dropShipNotes: {},
    goodsInNotes: {},
    payments: {},
    webhooks: {},
    sequences: {},
  };
  const base = (id: number, firstName: string, lastName: string, extra: Partial<Contact>): Contact => ({
    id,
    salutation: "",
    firstName,
    lastName,
    postAddressIds: {},
    emails: {},
    telephones: {},
    companyName: "",
    isSupplier: false,
    isStaff: false,
    isCustomer: false,
    isPrimaryContact: true,
    priceListId: settings.defaultPriceListId,
    nominalCode: settings.defaultSalesNominalCode,
    receiveNewsletter: false,
    createdOn: now,
    updatedOn: now,
    lastOrderedOn: null,
    ...extra,
  });
  account.contacts[STAFF_CONTACT_ID] = base(STAFF_CONTACT_ID, "Sandbox", "Admin", { isStaff: true, emails: { PRI: `admin@${parsed.code}.example` } });
  account.contacts[SUPPLIER_CONTACT_ID] = base(SUPPLIER_CONTACT_ID, "Dropship", "Supplier", {
    isSupplier: true,
    companyName: "Dropship Supplier Ltd",
    priceListId: settings.costPriceListId,
    emails: { PRI: `orders@supplier.${parsed.code}.example` },
  });
  return account;
}

/** Fills in what accounts written by an older sandbox lack, so their snapshots still load. */
export function upgradeAccount(account: AccountState): AccountState {
  account.goodsInNotes ??= {};
  return account;
}

/** Next id of a kind within an account, starting at `start`. */
export function nextId(account: AccountState, kind: string, start: number): number {
  const id = Math.max(account.sequences[kind] ?? start - 1, start - 1) + 1;
  account.sequences[kind] = id;
  return id;
}

export const offsetOf = (account: AccountState) => parseOffset(account.settings.timezoneOffset);
