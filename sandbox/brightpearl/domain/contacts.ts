// Contacts and postal addresses. POST takes the documented request shape; GET answers the recorded
// one. Duplicate e-mails are allowed, as on the real service.
import { z } from "zod";
import type { SandboxContext } from "../context";
import { countryById, countryByIso } from "../lib/countries";
import { formatInOffset } from "../lib/datetime";
import { invalid, notFound } from "../http/errors";
import type { SearchDefinition } from "../http/search";
import { nextId, offsetOf } from "../state/accounts";
import type { AccountState, Contact, PostalAddress } from "../state/types";

export const postalAddressSchema = z.object({
  addressLine1: z.string().min(1).max(100),
  addressLine2: z.string().max(100).optional(),
  addressLine3: z.string().max(100).optional(),
  addressLine4: z.string().max(100).optional(),
  postalCode: z.string().max(20).optional(),
  countryIsoCode: z.string().optional(),
  countryId: z.number().int().optional(),
});

export function createAddress(ctx: SandboxContext, account: AccountState, body: z.infer<typeof postalAddressSchema>): PostalAddress {
  let countryId: number | undefined;
  if (body.countryId !== undefined) countryId = countryById(body.countryId)?.id;
  else if (body.countryIsoCode !== undefined) {
    // The docs ask for the 3-letter code here; UNVERIFIED whether 2 letters are refused, the sandbox refuses them.
    countryId = body.countryIsoCode.length === 3 ? countryByIso(body.countryIsoCode)?.id : undefined;
  }
  if (countryId === undefined) throw invalid("CMNC-030", "A valid countryIsoCode (ISO 3166 alpha-3) or countryId is required");
  const address: PostalAddress = {
    id: nextId(account, "address", 100),
    addressLine1: body.addressLine1,
    addressLine2: body.addressLine2 ?? "",
    addressLine3: body.addressLine3 ?? "",
    addressLine4: body.addressLine4 ?? "",
    postalCode: body.postalCode ?? "",
    countryId,
  };
  account.addresses[address.id] = address;
  ctx.changed();
  return address;
}

export function renderAddress(a: PostalAddress) {
  const c = countryById(a.countryId);
  return {
    addressId: a.id,
    addressLine1: a.addressLine1,
    addressLine2: a.addressLine2,
    addressLine3: a.addressLine3,
    addressLine4: a.addressLine4,
    postalCode: a.postalCode,
    countryId: a.countryId,
    countryIsoCode: c?.iso3 ?? "",
  };
}

const name = z.string().max(32, "at most 32 characters");

export const contactBodySchema = z.object({
  salutation: z.string().max(10).optional(),
  firstName: name.optional(),
  lastName: name.optional(),
  postAddressIds: z.object({ DEF: z.number().int().optional(), BIL: z.number().int().optional(), DEL: z.number().int().optional() }).optional(),
  communication: z
    .object({
      emails: z.object({ PRI: z.object({ email: z.string() }).optional(), SEC: z.object({ email: z.string() }).optional(), TER: z.object({ email: z.string() }).optional() }).optional(),
      telephones: z.object({ PRI: z.string().optional(), SEC: z.string().optional(), MOB: z.string().optional(), FAX: z.string().optional() }).optional(),
      messagingVoips: z.record(z.string(), z.string()).optional(),
      websites: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  organisation: z.object({ name: z.string().optional() }).optional(),
  companyName: z.string().optional(),
  marketingDetails: z.object({ isReceiveEmailNewsletter: z.boolean().optional() }).optional(),
  financialDetails: z.object({ priceListId: z.number().int().optional(), nominalCode: z.union([z.string(), z.number()]).optional() }).optional(),
  // UNVERIFIED: POST nesting of isSupplier/isStaff; GET answers them under relationshipToAccount.
  relationshipToAccount: z.object({ isSupplier: z.boolean().optional(), isStaff: z.boolean().optional() }).optional(),
});

export function createContact(ctx: SandboxContext, account: AccountState, body: z.infer<typeof contactBodySchema>): Contact {
  if (!body.firstName && !body.lastName && !body.organisation?.name && !body.companyName) {
    throw invalid("CMNC-031", "A contact needs a first name, last name or company name");
  }
  for (const [type, id] of Object.entries(body.postAddressIds ?? {})) {
    if (id !== undefined && !account.addresses[id]) throw invalid("CMNC-032", `postAddressIds.${type}: postal address ${id} does not exist`);
  }
  const priceListId = body.financialDetails?.priceListId ?? account.settings.defaultPriceListId;
  if (!account.reference.priceLists.some((l) => l.id === priceListId)) throw invalid("CMNC-033", `Price list ${priceListId} does not exist`);
  const def = body.postAddressIds?.DEF;
  const now = ctx.now();
  const rel = body.relationshipToAccount ?? {};
  const emails = body.communication?.emails ?? {};
  const contact: Contact = {
    id: nextId(account, "contact", 200),
    salutation: body.salutation ?? "",
    firstName: body.firstName ?? "",
    lastName: body.lastName ?? "",
    // Missing address types fall back to the default address, as Brightpearl fills them in.
    postAddressIds: def !== undefined ? { DEF: def, BIL: body.postAddressIds?.BIL ?? def, DEL: body.postAddressIds?.DEL ?? def } : { ...body.postAddressIds },
    emails: { PRI: emails.PRI?.email, SEC: emails.SEC?.email, TER: emails.TER?.email },
    telephones: { ...body.communication?.telephones },
    companyName: body.organisation?.name ?? body.companyName ?? "",
    isSupplier: rel.isSupplier ?? false,
    isStaff: rel.isStaff ?? false,
    isCustomer: !(rel.isSupplier ?? false) && !(rel.isStaff ?? false),
    isPrimaryContact: true,
    priceListId,
    nominalCode: String(body.financialDetails?.nominalCode ?? account.settings.defaultSalesNominalCode),
    receiveNewsletter: body.marketingDetails?.isReceiveEmailNewsletter ?? false,
    createdOn: now,
    updatedOn: now,
    lastOrderedOn: null,
  };
  account.contacts[contact.id] = contact;
  ctx.changed();
  return contact;
}

export function renderContact(account: AccountState, c: Contact) {
  const offset = offsetOf(account);
  const emails: Record<string, { email: string }> = {};
  for (const [k, v] of Object.entries(c.emails)) if (v) emails[k] = { email: v };
  const currency = account.reference.currencies.find((x) => x.code === account.settings.baseCurrency);
  return {
    contactId: c.id,
    isPrimaryContact: c.isPrimaryContact,
    salutation: c.salutation,
    firstName: c.firstName,
    lastName: c.lastName,
    postAddressIds: { ...c.postAddressIds },
    communication: { emails, telephones: { ...c.telephones } },
    contactStatus: { current: { contactStatusId: 1, contactStatusName: "Active" }, history: [] },
    relationshipToAccount: { isSupplier: c.isSupplier, isStaff: c.isStaff },
    relationshipToAccountCustomer: c.isCustomer,
    marketingDetails: { isReceiveEmailNewsletter: c.receiveNewsletter },
    financialDetails: { priceListId: c.priceListId, nominalCode: Number(c.nominalCode), creditLimit: 0, creditTermDays: 0, currencyId: currency?.id ?? 1, discountPercentage: 0, taxCodeId: 0 },
    organisation: { organisationId: 0, name: c.companyName, jobTitle: "" },
    tradeStatus: "RETAIL",
    createdOn: formatInOffset(c.createdOn, offset),
    updatedOn: formatInOffset(c.updatedOn, offset),
    contactTags: [],
    customFields: {},
  };
}

export function contactOrThrow(account: AccountState, id: number): Contact {
  const c = account.contacts[id];
  if (!c) throw notFound("No Contact Found");
  return c;
}

export const contactSearch: SearchDefinition<Contact> = {
  defaultSort: "contactId",
  columns: [
    { name: "contactId", type: "IDSET", value: (c) => c.id },
    { name: "primaryEmail", type: "SEARCH_STRING", value: (c) => c.emails.PRI ?? null },
    { name: "secondaryEmail", type: "SEARCH_STRING", value: (c) => c.emails.SEC ?? null },
    { name: "tertiaryEmail", type: "SEARCH_STRING", value: (c) => c.emails.TER ?? null },
    { name: "firstName", type: "SEARCH_STRING", value: (c) => c.firstName },
    { name: "lastName", type: "SEARCH_STRING", value: (c) => c.lastName },
    { name: "isSupplier", type: "BOOLEAN", value: (c) => c.isSupplier },
    { name: "companyName", type: "SEARCH_STRING", value: (c) => c.companyName },
    { name: "isStaff", type: "BOOLEAN", value: (c) => c.isStaff },
    { name: "isCustomer", type: "BOOLEAN", value: (c) => c.isCustomer },
    { name: "createdOn", type: "PERIOD", value: (c) => c.createdOn },
    { name: "updatedOn", type: "PERIOD", value: (c) => c.updatedOn },
    { name: "lastContactedOn", type: "PERIOD", value: () => null },
    { name: "lastOrderedOn", type: "PERIOD", value: (c) => c.lastOrderedOn },
    { name: "nominalCode", type: "STRING", value: (c) => c.nominalCode },
    { name: "isPrimary", type: "BOOLEAN", value: (c) => c.isPrimaryContact },
    { name: "pri", type: "STRING", value: (c) => c.telephones.PRI ?? null },
    { name: "sec", type: "STRING", value: (c) => c.telephones.SEC ?? null },
    { name: "mob", type: "STRING", value: (c) => c.telephones.MOB ?? null },
    { name: "exactCompanyName", type: "STRING", value: (c) => c.companyName },
    { name: "title", type: "STRING", value: (c) => c.salutation },
  ],
};
