import { describe, expect, it } from "vitest";
import { newAccount, rows, startSandbox } from "./helpers";

const started = await startSandbox();

async function address(api: ReturnType<typeof newAccount>, body: Record<string, unknown> = {}) {
  return api.call("POST", "/contact-service/postal-address", { addressLine1: "1 High St", addressLine3: "Leeds", postalCode: "LS1 1AA", countryIsoCode: "GBR", ...body });
}

describe("Brightpearl sandbox contacts", () => {
  it("creates a postal address and a contact, and answers the recorded GET shape", async () => {
    const api = newAccount(started);
    const addr = await address(api);
    expect(addr.status).toBe(200);
    expect(typeof addr.json.response).toBe("number");
    const created = await api.call("POST", "/contact-service/contact", {
      firstName: "Jane",
      lastName: "Doe",
      postAddressIds: { DEF: addr.json.response },
      communication: { emails: { PRI: { email: "jane@example.com" } }, telephones: { PRI: "+44 113 000" } },
      financialDetails: { priceListId: 2 },
    });
    expect(created.status).toBe(200);
    const id = created.json.response;
    const res = await api.get(`/contact-service/contact/${id}`);
    expect(res.json.response[0]).toMatchObject({
      contactId: id,
      firstName: "Jane",
      lastName: "Doe",
      postAddressIds: { DEF: addr.json.response, BIL: addr.json.response, DEL: addr.json.response },
      communication: { emails: { PRI: { email: "jane@example.com" } }, telephones: { PRI: "+44 113 000" } },
      relationshipToAccount: { isSupplier: false, isStaff: false },
      financialDetails: { priceListId: 2 },
    });
    expect(res.json.pagination).toMatchObject({ morePagesAvailable: false, resultsReturned: 1, firstResult: 1, lastResult: 1 });
    const a = await api.get(`/contact-service/postal-address/${addr.json.response}`);
    expect(a.json.response[0]).toMatchObject({ addressLine1: "1 High St", countryIsoCode: "GBR", countryId: 222 });
  });

  it("answers 404 CMNC-404 'No Contact Found' for unknown ids", async () => {
    const api = newAccount(started);
    const res = await api.get("/contact-service/contact/99999");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ errors: [{ code: "CMNC-404", message: "No Contact Found" }] });
  });

  it("wants 3-letter country codes on postal addresses and names of at most 32 characters", async () => {
    const api = newAccount(started);
    expect((await address(api, { countryIsoCode: "GB" })).status).toBe(400);
    expect((await address(api, { addressLine1: undefined })).status).toBe(400);
    expect((await api.call("POST", "/contact-service/contact", { firstName: "x".repeat(33), lastName: "Doe" })).status).toBe(400);
    expect((await api.call("POST", "/contact-service/contact", { firstName: "A", postAddressIds: { DEF: 123456 } })).status).toBe(400);
  });

  it("finds contacts by e-mail fuzzily: duplicates and near matches come back, so clients must filter", async () => {
    const api = newAccount(started);
    const mk = (email: string, rel = {}) => api.call("POST", "/contact-service/contact", { firstName: "A", lastName: "B", communication: { emails: { PRI: { email } } }, relationshipToAccount: rel });
    const a = (await mk("sam@example.com")).json.response;
    const b = (await mk("sam@example.com")).json.response;
    const c = (await mk("xsam@example.com")).json.response;
    const staff = (await mk("sam@example.com", { isStaff: true })).json.response;
    const res = await api.get("/contact-service/contact-search?primaryEmail=sam@example.com");
    const found = rows(res.json);
    expect(found.map((r) => r.contactId)).toEqual([a, b, c, staff]);
    expect(found.find((r) => r.contactId === staff)).toMatchObject({ isStaff: true });
    expect(res.json.response.metaData.columns.map((x: { name: string }) => x.name).slice(0, 3)).toEqual(["contactId", "primaryEmail", "secondaryEmail"]);
  });

  it("pages contact GETs by 200 and can sort descending", async () => {
    const api = newAccount(started);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.call("POST", "/contact-service/contact", { firstName: `N${i}` })).json.response);
    const res = await api.get(`/contact-service/contact/${ids[0]}-${ids[2]}?pageSize=2&sort=contactId.DESC`);
    expect(res.json.response.map((c: { contactId: number }) => c.contactId)).toEqual([ids[2], ids[1]]);
    expect(res.json.pagination.morePagesAvailable).toBe(true);
  });

  it("patches with replace and refuses add on an existing scalar with 500 CMNC-044", async () => {
    const api = newAccount(started);
    const id = (await api.call("POST", "/contact-service/contact", { firstName: "Old", lastName: "Name" })).json.response;
    const res = await api.call("PATCH", `/contact-service/contact/${id}`, [{ op: "replace", path: "/firstName", value: "New" }]);
    expect(res.status).toBe(200);
    expect(res.json.response.firstName).toBe("New");
    const bad = await api.call("PATCH", `/contact-service/contact/${id}`, [{ op: "add", path: "/lastName", value: "X" }]);
    expect(bad.status).toBe(500);
    expect(bad.json.errors[0].code).toBe("CMNC-044");
    const missing = await api.call("PATCH", `/contact-service/contact/${id}`, [{ op: "replace", path: "/nope/deeper", value: 1 }]);
    expect(missing.status).toBe(500);
    expect((await api.get(`/contact-service/contact/${id}`)).json.response[0].lastName).toBe("Name");
  });

  it("makes created contacts appear in searches", async () => {
    const api = newAccount(started);
    const id = (await api.call("POST", "/contact-service/contact", { firstName: "Zed", lastName: "Unique", communication: { emails: { PRI: { email: "zed@unique.example" } } } })).json.response;
    expect(rows((await api.get("/contact-service/contact-search?lastName=Unique")).json).map((r) => r.contactId)).toEqual([id]);
  });
});
