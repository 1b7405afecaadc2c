import { describe, expect, it } from "vitest";
import { newAccount, startSandbox } from "./helpers";

const started = await startSandbox();
const control = started.sandbox.control;

describe("Brightpearl sandbox product custom fields", () => {
  it("are left out of the product GET unless includeOptional asks for them; nullCustomFields adds the empty ones", async () => {
    const api = newAccount(started, { products: 2 });
    control.setProductCustomFields(api.account, 1001, { PCF_MAGENTO: true, PCF_NOTE: null });
    const plain = (await api.get("/product-service/product/1001")).json.response[0];
    expect(plain.customFields).toBeUndefined();
    const withFields = (await api.get("/product-service/product/1001-1002?includeOptional=customFields")).json.response;
    expect(withFields.map((p: { customFields: unknown }) => p.customFields)).toEqual([{ PCF_MAGENTO: true }, {}]);
    const withNull = (await api.get("/product-service/product/1001?includeOptional=customFields,nullCustomFields")).json.response[0];
    expect(withNull.customFields).toEqual({ PCF_MAGENTO: true, PCF_NOTE: null });
  });
});
