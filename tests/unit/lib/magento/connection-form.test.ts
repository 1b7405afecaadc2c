import { describe, expect, it } from "vitest";
import { credentialsFromPaste, fieldErrors, magentoConnectionForm } from "@/lib/magento/connection-form";

const KEY = "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6";
const SECRET = "q7r8s9t0u1v2w3x4y5z6a7b8c9d0e1f2";
const TOKEN = "g3h4i5j6k7l8m9n0o1p2q3r4s5t6u7v8";
const TOKEN_SECRET = "w9x0y1z2a3b4c5d6e7f8g9h0i1j2k3l4";
const valid = { baseUrl: "https://shop.example.com", storeCode: "default", consumerKey: KEY, consumerSecret: SECRET, accessToken: TOKEN, accessTokenSecret: TOKEN_SECRET };

const production = magentoConnectionForm("production");
const sandbox = magentoConnectionForm("sandbox", { sandboxUrl: "http://magento-sandbox:3002" });

function errorsOf(schema: typeof production, input: Partial<typeof valid>) {
  const result = schema.safeParse({ ...valid, ...input });
  return result.success ? {} : fieldErrors(result.error);
}

describe("the Magento connection form", () => {
  it("accepts the six values, trimmed, with the base address cleaned up", () => {
    const parsed = production.parse({ ...valid, baseUrl: " shop.example.com/admin_1x2y/dashboard/ ", storeCode: " Default ", consumerKey: ` ${KEY}\n` });
    expect(parsed).toEqual({ ...valid, baseUrl: "https://shop.example.com", storeCode: "default" });
    expect(production.parse({ ...valid, baseUrl: "https://shop.example.com/magento/rest/default/V1" }).baseUrl).toBe("https://shop.example.com/magento");
    expect(production.parse({ ...valid, baseUrl: "https://shop.example.com/index.php/rest/V1" }).baseUrl).toBe("https://shop.example.com");
  });

  it("uses the default store view when the store code is left empty", () => {
    expect(production.parse({ ...valid, storeCode: "" }).storeCode).toBe("default");
  });

  it("gives one message per field, for every field at once", () => {
    const errors = errorsOf(production, { baseUrl: "", storeCode: "9 lives", consumerKey: "", consumerSecret: "short", accessToken: KEY.toUpperCase(), accessTokenSecret: `${TOKEN_SECRET}x` });
    expect(errors).toEqual({
      baseUrl: "Enter your store's address, e.g. https://shop.example.com.",
      storeCode: "A store view code starts with a letter and has only a-z, 0-9 and _ (e.g. default). Find it in Stores › All Stores.",
      consumerKey: "Paste the Consumer Key from the integration's details.",
      consumerSecret: "The Consumer Secret is 32 characters long; this is 5. Copy it again from the integration's details.",
      accessToken: "The Access Token has only lower-case letters and digits; this has other characters. Copy it again from the integration's details.",
      accessTokenSecret: "The Access Token Secret is 32 characters long; this is 33. Copy it again from the integration's details.",
    });
  });

  it("never repeats a piece of a secret in a message", () => {
    const errors = errorsOf(production, { consumerSecret: "Q7R8S9T0U1V2W3X4Y5Z6A7B8C9D0E1F2" });
    expect(errors.consumerSecret).not.toMatch(/q7r8|Q7R8/i);
  });

  it("requires https for a store", () => {
    expect(errorsOf(production, { baseUrl: "http://shop.example.com" }).baseUrl).toBe("Use https:// — the connector sends your credentials only over an encrypted connection.");
    expect(errorsOf(sandbox, { baseUrl: "http://shop.example.com" }).baseUrl).toMatch(/^Use https:\/\//);
    expect(errorsOf(production, { baseUrl: "ftp://shop.example.com" }).baseUrl).toMatch(/^Use https:\/\//);
  });

  it("accepts plain http only for localhost and the sandbox, in sandbox mode", () => {
    expect(sandbox.parse({ ...valid, baseUrl: "http://localhost:3002" }).baseUrl).toBe("http://localhost:3002");
    expect(sandbox.parse({ ...valid, baseUrl: "http://127.0.0.1:3002/m/acme" }).baseUrl).toBe("http://127.0.0.1:3002/m/acme");
    expect(sandbox.parse({ ...valid, baseUrl: "http://magento-sandbox:3002/m/acme" }).baseUrl).toBe("http://magento-sandbox:3002/m/acme");
    expect(errorsOf(sandbox, { baseUrl: "http://magento-sandbox:3003" }).baseUrl).toMatch(/^Use https:\/\//);
  });

  it("refuses loopback addresses in production", () => {
    for (const baseUrl of ["https://localhost", "https://127.0.0.1:8443", "https://shop.localhost", "https://[::1]"]) {
      expect(errorsOf(production, { baseUrl }).baseUrl, baseUrl).toBe("That address points at the connector itself. Use your store's public address.");
    }
  });

  it("refuses addresses with a query, fragment or user name, and text that is no address", () => {
    expect(errorsOf(production, { baseUrl: "https://shop.example.com/?___store=fr" }).baseUrl).toBe("Use just the store's address, without ?…, #… or a user name.");
    expect(errorsOf(production, { baseUrl: "https://admin:pw@shop.example.com" }).baseUrl).toBe("Use just the store's address, without ?…, #… or a user name.");
    expect(errorsOf(production, { baseUrl: "https://shop example com" }).baseUrl).toBe("That is not a web address. Use your store's address, e.g. https://shop.example.com.");
  });
});

describe("pasting the integration's details in one go", () => {
  it("reads the four labelled values, whatever their order", () => {
    const copied = `Integration Tokens for Extensions\nAccess Token Secret\t${TOKEN_SECRET}\nConsumer Key\t${KEY}\nAccess Token\t${TOKEN}\nConsumer Secret\t${SECRET}\n`;
    expect(credentialsFromPaste(copied)).toEqual({ consumerKey: KEY, consumerSecret: SECRET, accessToken: TOKEN, accessTokenSecret: TOKEN_SECRET });
  });

  it("takes four bare values in the order Magento lists them", () => {
    expect(credentialsFromPaste(`${KEY}\n${SECRET}\n${TOKEN}\n${TOKEN_SECRET}`)).toEqual({ consumerKey: KEY, consumerSecret: SECRET, accessToken: TOKEN, accessTokenSecret: TOKEN_SECRET });
  });

  it("leaves an ordinary paste of one value alone", () => {
    expect(credentialsFromPaste(KEY)).toBeUndefined();
    expect(credentialsFromPaste(`Consumer Key ${KEY}`)).toBeUndefined();
  });
});
