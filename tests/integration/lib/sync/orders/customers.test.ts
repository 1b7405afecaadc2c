import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { searchContact } from "@/lib/sync/orders/customers";
import { startBrightpearl } from "../../../../helpers/brightpearl";

const bp = await startBrightpearl();

afterAll(async () => {
  await db().$disconnect();
});

describe("finding a customer's Brightpearl contact", () => {
  it("matches the email exactly, never staff or suppliers, and takes the lowest id of several", async () => {
    const { tenantId, accountCode } = await bp.connect();
    const client = bp.client(tenantId, accountCode);
    const contact = (email: string, relation: { isStaff?: boolean; isSupplier?: boolean } = {}) =>
      client.post(
        "/contact-service/contact",
        { firstName: "Sam", lastName: "Lee", communication: { emails: { PRI: { email } } }, relationshipToAccount: { isStaff: false, isSupplier: false, ...relation } },
        z.number(),
      );
    const staff = await contact("sam@shop.example", { isStaff: true });
    const supplier = await contact("sam@shop.example", { isSupplier: true });
    const first = await contact("SAM@shop.example");
    const second = await contact("sam@shop.example");
    await contact("samuel@shop.example.org"); // a fuzzy match Brightpearl may return too
    expect([staff, supplier].every((id) => id < first)).toBe(true);
    expect(await searchContact(client, "sam@shop.example")).toBe(Math.min(first, second));
    expect(await searchContact(client, "nobody@shop.example")).toBeUndefined();
  });
});
