// contact-service: contacts (search, GET with paging, POST, PATCH) and postal addresses.
import { Hono } from "hono";
import type { SandboxContext } from "../context";
import { contactBodySchema, contactOrThrow, contactSearch, createAddress, createContact, postalAddressSchema, renderAddress, renderContact } from "../domain/contacts";
import { applyPatch } from "../lib/json-patch";
import { notFound, validation } from "../http/errors";
import { account, body, idSetParam, intParam, readJson, type ApiEnv } from "../http/request";
import type { Contact } from "../state/types";
import { ok, searchRoute } from "./common";

const CONTACT_PAGE_MAX = 200;

export function contactService(ctx: SandboxContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  searchRoute(app, "/contact-service/contact-search", () => contactSearch, (a) => Object.values(a.contacts));

  app.get("/contact-service/contact/:ids", (c) => {
    const a = account(c);
    const ids = idSetParam(c.req.param("ids"), "contact");
    const found = ids.map((id) => a.contacts[id]).filter((x): x is Contact => x !== undefined);
    if (found.length === 0) throw notFound("No Contact Found");
    const desc = /^contactId[.|]DESC$/i.test(c.req.query("sort") ?? "");
    if (desc) found.reverse();
    const firstResult = Math.max(1, Number(c.req.query("firstResult") ?? 1) || 1);
    const pageSize = Math.min(CONTACT_PAGE_MAX, Math.max(1, Number(c.req.query("pageSize") ?? CONTACT_PAGE_MAX) || CONTACT_PAGE_MAX));
    const page = found.slice(firstResult - 1, firstResult - 1 + pageSize);
    return c.json({
      response: page.map((x) => renderContact(a, x)),
      pagination: {
        morePagesAvailable: firstResult - 1 + page.length < found.length,
        resultsReturned: page.length,
        firstResult,
        lastResult: firstResult + page.length - 1,
      },
      sorting: [{ filterable: { name: "contactId" }, direction: desc ? "DESC" : "ASC" }],
    });
  });

  app.post("/contact-service/contact", async (c) => {
    const contact = createContact(ctx, account(c), await body(c, contactBodySchema));
    return ok(c, contact.id);
  });

  app.patch("/contact-service/contact/:id", async (c) => {
    const a = account(c);
    const contact = contactOrThrow(a, intParam(c.req.param("id"), "contact"));
    const view = renderContact(a, contact);
    const patched = applyPatch(view, await readJson(c));
    applyContactView(contact, patched, a.reference.priceLists.map((l) => l.id));
    contact.updatedOn = ctx.now();
    ctx.changed();
    return ok(c, renderContact(a, contact));
  });

  app.post("/contact-service/postal-address", async (c) => {
    const address = createAddress(ctx, account(c), await body(c, postalAddressSchema));
    return ok(c, address.id);
  });

  app.get("/contact-service/postal-address/:ids", (c) => {
    const a = account(c);
    const found = idSetParam(c.req.param("ids"), "postal address").flatMap((id) => (a.addresses[id] ? [renderAddress(a.addresses[id]!)] : []));
    if (found.length === 0) throw notFound("No Postal Address Found");
    return ok(c, found);
  });

  return app;
}

type ContactView = ReturnType<typeof renderContact>;

/** Copies the fields a contact PATCH may change back from the patched view. */
function applyContactView(contact: Contact, view: ContactView, priceListIds: number[]): void {
  const str = (v: unknown, field: string, max = 255) => {
    if (typeof v !== "string" || v.length > max) throw validation(`${field} must be a string of at most ${max} characters`);
    return v;
  };
  contact.firstName = str(view.firstName, "firstName", 32);
  contact.lastName = str(view.lastName, "lastName", 32);
  contact.salutation = str(view.salutation, "salutation", 10);
  const emails = (view.communication?.emails ?? {}) as Record<string, { email?: unknown } | undefined>;
  for (const type of ["PRI", "SEC", "TER"] as const) {
    const e = emails[type];
    contact.emails[type] = e?.email === undefined ? undefined : str(e.email, `communication.emails.${type}.email`);
  }
  const phones = (view.communication?.telephones ?? {}) as Record<string, unknown>;
  for (const type of ["PRI", "SEC", "MOB", "FAX"] as const) contact.telephones[type] = phones[type] === undefined ? undefined : str(phones[type], `communication.telephones.${type}`);
  const priceListId = view.financialDetails?.priceListId;
  if (typeof priceListId !== "number" || !priceListIds.includes(priceListId)) throw validation("financialDetails.priceListId must be an existing price list");
  contact.priceListId = priceListId;
  contact.companyName = str(view.organisation?.name ?? "", "organisation.name");
  if (typeof view.marketingDetails?.isReceiveEmailNewsletter === "boolean") contact.receiveNewsletter = view.marketingDetails.isReceiveEmailNewsletter;
}
