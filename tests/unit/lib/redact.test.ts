import { describe, expect, it } from "vitest";
import { REDACTED, redact } from "@/lib/redact";

describe("redact", () => {
  it("removes secrets at any depth and masks personal data", () => {
    const input = {
      access_token: "abc",
      headers: { Authorization: "Bearer xyz", "content-type": "application/json" },
      order: { customer_email: "jane.doe@example.com", items: [{ sku: "A-1", qty: 2 }], billing_address: { street: ["1 High St"], postcode: "SW1A 1AA" } },
      credentials: { consumerKey: "k" },
    };
    const out = redact(input) as typeof input;
    expect(out.access_token).toBe(REDACTED);
    expect(out.headers.Authorization).toBe(REDACTED);
    expect(out.headers["content-type"]).toBe("application/json");
    expect(out.order.customer_email).toBe("j***@example.com");
    expect(out.order.items).toEqual([{ sku: "A-1", qty: 2 }]);
    expect(out.order.billing_address.street).toEqual(["1***t"]);
    expect(out.order.billing_address.postcode).toBe("S***A");
    expect(out.credentials).toBe(REDACTED);
    expect(input.access_token).toBe("abc");
  });
});
