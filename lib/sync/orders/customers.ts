import "server-only";
import { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { searchAll } from "@/lib/brightpearl/search";
import type { TenantDb } from "@/lib/tenants/scope";
import type { BrightpearlAddress, CustomerDraft } from "./plan";

// Finding the Brightpearl contact of a Magento customer: by email, exact match only (Brightpearl's
// email search is fuzzy and duplicates are normal), never staff or suppliers, the lowest id when
// several match. The link is remembered, so a returning customer costs no lookup.

const contactRow = z
  .object({
    contactId: z.number().int(),
    primaryEmail: z.string().nullable().optional(),
    secondaryEmail: z.string().nullable().optional(),
    tertiaryEmail: z.string().nullable().optional(),
    isStaff: z.boolean().nullable().optional(),
    isSupplier: z.boolean().nullable().optional(),
    isCustomer: z.boolean().nullable().optional(),
  })
  .loose();

/** A link whose contactId is 0 is a claim: another import is finding or creating that contact. */
const CLAIMED = 0;
const CLAIM_STALE_MS = 2 * 60_000;

export async function linkedContact(scoped: TenantDb, email: string): Promise<number | undefined> {
  const contactId = (await scoped.customerLink.findFirst({ where: { email } }))?.contactId;
  return contactId === CLAIMED ? undefined : contactId;
}

/**
 * The contact of `email`, found or created by exactly one import at a time: two orders of a new
 * customer imported at once would otherwise both create the contact. The first claims the email;
 * the others wait for its answer (a claim left by a crashed attempt expires).
 */
export async function contactFor(scoped: TenantDb, tenantId: string, email: string, findOrCreate: () => Promise<number>, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<number> {
  for (let waited = 0; ; ) {
    const link = await scoped.customerLink.findFirst({ where: { email } });
    if (link && link.contactId !== CLAIMED) return link.contactId;
    let claimed = false;
    if (!link) {
      try {
        await scoped.customerLink.create({ data: { tenantId, email, contactId: CLAIMED } });
        claimed = true;
      } catch {
        // another import claimed it a moment ago
      }
    } else if (Date.now() - link.createdAt.getTime() > CLAIM_STALE_MS) {
      claimed = (await scoped.customerLink.updateMany({ where: { email, contactId: CLAIMED, createdAt: link.createdAt }, data: { createdAt: new Date() } })).count === 1;
    }
    if (claimed) {
      try {
        const contactId = await findOrCreate();
        await rememberContact(scoped, tenantId, email, contactId);
        return contactId;
      } catch (error) {
        await scoped.customerLink.deleteMany({ where: { email, contactId: CLAIMED } });
        throw error;
      }
    }
    if (waited > CLAIM_STALE_MS) throw new Error(`the contact for ${email} is taking too long to create`);
    await sleep(200);
    waited += 200;
  }
}

export async function rememberContact(scoped: TenantDb, tenantId: string, email: string, contactId: number): Promise<void> {
  await scoped.customerLink.upsert({ where: { tenantId_email: { tenantId, email } }, create: { tenantId, email, contactId }, update: { contactId } });
}

export async function searchContact(client: BrightpearlClient, email: string): Promise<number | undefined> {
  const matches: z.output<typeof contactRow>[] = [];
  for await (const row of searchAll(client, "/contact-service/contact-search", contactRow, { primaryEmail: email })) {
    const emails = [row.primaryEmail, row.secondaryEmail, row.tertiaryEmail].map((e) => e?.trim().toLowerCase());
    if (emails.includes(email) && !row.isStaff && !row.isSupplier) matches.push(row);
  }
  matches.sort((a, b) => Number(Boolean(b.isCustomer)) - Number(Boolean(a.isCustomer)) || a.contactId - b.contactId);
  return matches[0]?.contactId;
}

const postalAddress = (a: BrightpearlAddress) => ({
  addressLine1: a.addressLine1,
  ...(a.addressLine2 ? { addressLine2: a.addressLine2 } : {}),
  ...(a.addressLine3 ? { addressLine3: a.addressLine3 } : {}),
  ...(a.addressLine4 ? { addressLine4: a.addressLine4 } : {}),
  ...(a.postalCode ? { postalCode: a.postalCode } : {}),
  ...(a.countryIsoCode ? { countryIsoCode: a.countryIsoCode } : {}),
});

/**
 * Creates the contact with its billing address: two requests. The delivery address travels with
 * each order instead, so a new customer costs no third request.
 */
export async function createContact(client: BrightpearlClient, customer: CustomerDraft): Promise<number> {
  const id = z.number().int();
  const billing = await client.post("/contact-service/postal-address", postalAddress(customer.billing), id);
  return client.post(
    "/contact-service/contact",
    {
      firstName: customer.firstName,
      lastName: customer.lastName,
      postAddressIds: { DEF: billing, BIL: billing, DEL: billing },
      communication: {
        emails: { PRI: { email: customer.email } },
        ...(customer.telephone ? { telephones: { PRI: customer.telephone } } : {}),
      },
      ...(customer.companyName ? { organisation: { name: customer.companyName } } : {}),
      relationshipToAccount: { isSupplier: false, isStaff: false },
    },
    id,
  );
}
