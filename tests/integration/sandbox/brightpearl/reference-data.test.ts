import { describe, expect, it } from "vitest";
import { apiFor, newAccount, rows, startSandbox } from "./helpers";

const started = await startSandbox();

describe("Brightpearl sandbox reference data", () => {
  it("lists warehouses, channels, shipping methods and order statuses, filterable by ID set", async () => {
    const api = newAccount(started);
    expect((await api.get("/warehouse-service/warehouse")).json.response.map((w: { id: number }) => w.id)).toEqual([2, 3]);
    expect((await api.get("/warehouse-service/warehouse/3")).json.response).toEqual([expect.objectContaining({ id: 3, name: "Overflow Warehouse" })]);
    expect((await api.get("/product-service/channel")).json.response[1]).toMatchObject({ id: 2, defaultWarehouseId: 2, defaultPriceListId: 2, warehouseIds: [2, 3] });
    expect((await api.get("/warehouse-service/shipping-method/1-2")).json.response.map((m: { code: string }) => m.code)).toEqual(["STD", "NXD"]);
    const statuses = (await api.get("/order-service/order-status")).json.response;
    expect(statuses.find((s: { statusId: number }) => s.statusId === 4)).toMatchObject({ name: "Invoiced", orderTypeCode: "SO", visible: true });
    expect((await api.get("/order-service/order-shipping-status")).json.response.map((s: { code: string }) => s.code)).toEqual(["NST", "SNS", "SPS", "ASS"]);
  });

  it("answers tax codes with a numeric rate, omitted when a code has none", async () => {
    const api = newAccount(started);
    const codes = (await api.get("/accounting-service/tax-code")).json.response;
    expect(codes.find((t: { code: string }) => t.code === "T")).toEqual({ id: 2, code: "T", description: "Standard rate", rate: 20 });
    expect(codes.find((t: { code: string }) => t.code === "Z")).toEqual({ id: 1, code: "Z", description: "Zero rated" });
  });

  it("lists nominal codes, payment methods, currencies (search) and exchange rates", async () => {
    const api = newAccount(started);
    expect((await api.get("/accounting-service/nominal-code")).json.response.map((n: { code: string }) => n.code)).toContain("4040");
    expect(rows((await api.get("/accounting-service/nominal-code-search?code=4000")).json)).toEqual([expect.objectContaining({ name: "Sales" })]);
    expect((await api.get("/accounting-service/payment-method")).json.response.find((m: { code: string }) => m.code === "PAYPAL")).toMatchObject({ isActive: true, bankAccounts: [{ currencyIsoCode: "GBP", bankAccountNominalCode: "1210" }] });
    expect(rows((await api.get("/accounting-service/payment-method-search?code=CARD")).json)).toHaveLength(1);
    expect(rows((await api.get("/accounting-service/currency-search?code=EUR")).json)).toEqual([expect.objectContaining({ code: "EUR", isDefault: false, exchangeRate: "1.170000" })]);
    expect((await api.get("/accounting-service/exchange-rate")).json.response).toContainEqual(expect.objectContaining({ currencyCode: "USD", rate: "1.270000" }));
  });

  it("takes per-account reference data and offsets from the control API", async () => {
    started.sandbox.control.createAccount({
      code: "usaccount",
      timezoneOffset: "-05:00",
      baseCurrency: "USD",
      reference: { warehouses: [{ id: 7, name: "Newark", typeCode: "OWN", typeDescription: "Own warehouse", addressId: 1, clickAndCollectEnabled: false }] },
      settings: { defaultWarehouseId: 7 },
    });
    const t = started.sandbox.control.issueTokens("usaccount");
    const api = apiFor(started.url, "usaccount", t.accessToken);
    expect((await api.get("/warehouse-service/warehouse")).json.response.map((w: { id: number }) => w.id)).toEqual([7]);
    const contact = await api.call("POST", "/contact-service/contact", { firstName: "Ann" });
    expect((await api.get(`/contact-service/contact/${contact.json.response}`)).json.response[0].createdOn).toMatch(/-05:00$/);
  });

  it("answers 404 with an errors body for unknown API paths", async () => {
    const api = newAccount(started);
    const res = await api.get("/order-service/nothing-here");
    expect(res.status).toBe(404);
    expect(res.json.errors[0].code).toBe("CMNC-404");
  });
});
