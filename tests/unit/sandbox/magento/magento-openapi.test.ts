import { describe, expect, it } from "vitest";
import { expectMagentoResponse, MagentoOpenApi } from "@/tests/helpers/magento-openapi";

const api = MagentoOpenApi.load();

const order = {
  entity_id: 1,
  increment_id: "000000001",
  base_grand_total: 10,
  grand_total: 10,
  customer_email: "a@example.com",
  items: [{ item_id: 1, sku: "A", qty_ordered: 1, price: 10 }],
  payment: { method: "checkmo", account_status: null, cc_last4: null, additional_information: ["Check / Money order"] },
};

describe("the Magento OpenAPI validator", () => {
  it("accepts a body that follows the schema", () => {
    expect(api.validateResponse("/V1/orders/{id}", "get", 200, order)).toEqual({ valid: true, errors: [] });
  });

  it("fails a wrong-typed field", () => {
    const result = api.validateResponse("/V1/orders/{id}", "get", 200, { ...order, entity_id: "1" });
    expect(result.valid).toBe(false);
    expect(result.errors.join("\n")).toContain("/entity_id: must be integer");
  });

  it("fails a property the data interface does not have, at any depth", () => {
    expect(api.validateResponse("/V1/orders/{id}", "get", 200, { ...order, shipping_method: "flatrate_flatrate" }).errors).toContain('(root): unexpected property "shipping_method"');
    const nested = { ...order, items: [{ sku: "A", parentItem: {} }] };
    expect(api.validateResponse("/V1/orders/{id}", "get", 200, nested).errors).toContain('/items/0: unexpected property "parentItem"');
  });

  it("allows null only where the getter is required, as Magento omits other nulls", () => {
    expect(api.validateResponse("/V1/orders/{id}", "get", 200, { ...order, status: null }).valid).toBe(false);
    expect(api.validateResponse("/V1/orders/{id}", "get", 200, { ...order, payment: { ...order.payment, cc_last4: null } }).valid).toBe(true);
  });

  it("fails a body missing a required property", () => {
    const { customer_email: _omitted, ...withoutEmail } = order;
    expect(api.validateResponse("/V1/orders/{id}", "get", 200, withoutEmail).errors.join()).toContain("customer_email");
  });

  it("checks bare scalar answers and void operations", () => {
    expect(api.validateResponse("/V1/order/{orderId}/ship", "post", 200, 12).valid).toBe(true);
    expect(api.validateResponse("/V1/order/{orderId}/ship", "post", 200, "12").valid).toBe(false);
    expect(api.validateResponse("/V1/orders/{id}/cancel", "post", 200, 1).valid).toBe(false);
    expect(api.validateResponse("/V1/inventory/source-items", "post", 200, []).valid).toBe(true);
    expect(api.validateResponse("/V1/inventory/source-items", "post", 200, [1]).valid).toBe(false);
  });

  it("validates error bodies with positional or named parameters, and nothing else", () => {
    expect(api.validateResponse("/V1/orders", "get", 400, { message: "Signature method %1 is not supported", parameters: ["HMAC-SHA1"] }).valid).toBe(true);
    expect(api.validateResponse("/V1/orders", "get", 401, { message: "x %resources", parameters: { resources: "Magento_Sales::actions_view" } }).valid).toBe(true);
    expect(api.validateResponse("/V1/orders", "get", 400, { error: "x" }).valid).toBe(false);
    expect(api.validateResponse("/V1/orders", "get", 400, { message: "x", parameters: "y" }).valid).toBe(false);
  });

  it("accepts list values for custom attributes but not objects", () => {
    const product = { sku: "A", custom_attributes: [{ attribute_code: "category_ids", value: ["2", "3"] }] };
    expect(api.validateResponse("/V1/products/{sku}", "get", 200, product).valid).toBe(true);
    expect(api.validateResponse("/V1/products/{sku}", "get", 200, { sku: "A", custom_attributes: [{ attribute_code: "x", value: { a: 1 } }] }).valid).toBe(false);
  });

  it("refuses operations and statuses the schema does not declare", () => {
    expect(() => api.validateResponse("/V1/orders/{id}", "delete", 200, {})).toThrow(/no DELETE/);
    expect(() => api.validateResponse("/V1/nope", "get", 200, {})).toThrow(/no GET/);
    expect(() => expectMagentoResponse("/V1/orders/{id}", "get", 200, { ...order, grand_total: "10" })).toThrow(/grand_total: must be number/);
  });
});
