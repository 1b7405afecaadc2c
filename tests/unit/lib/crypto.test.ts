import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, DecryptionError, encryptionKeyIdOf, encryptSecret } from "@/lib/crypto";
import type { EncryptionKey } from "@/lib/env-schema";

const k = (id: string): EncryptionKey => ({ id, key: randomBytes(32) });

describe("secret encryption", () => {
  const old = k("k1");
  const current = k("k2");

  it("round-trips and never contains the plaintext", () => {
    const value = encryptSecret("refresh-token+/=", "tenant:a:refresh", [current]);
    expect(value).not.toContain("refresh-token");
    expect(value.startsWith("enc:v1:k2:")).toBe(true);
    expect(decryptSecret(value, "tenant:a:refresh", [current])).toBe("refresh-token+/=");
  });

  it("uses a fresh IV for every encryption", () => {
    expect(encryptSecret("same", "c", [current])).not.toBe(encryptSecret("same", "c", [current]));
  });

  it("encrypts with the first key and still decrypts values made with an older one", () => {
    const legacy = encryptSecret("s3cret", "ctx", [old]);
    const rotated = [current, old];
    expect(decryptSecret(legacy, "ctx", rotated)).toBe("s3cret");
    const fresh = encryptSecret("s3cret", "ctx", rotated);
    expect(encryptionKeyIdOf(fresh)).toBe("k2");
    expect(encryptionKeyIdOf(legacy)).toBe("k1");
  });

  it("refuses a value whose key is no longer configured", () => {
    const legacy = encryptSecret("s3cret", "ctx", [old]);
    expect(() => decryptSecret(legacy, "ctx", [current])).toThrow(/"k1" is not configured/);
  });

  it("refuses a value moved to another context (row or field)", () => {
    const value = encryptSecret("token-of-a", "tenant:a:access", [current]);
    expect(() => decryptSecret(value, "tenant:b:access", [current])).toThrow(DecryptionError);
  });

  it("refuses a tampered value", () => {
    const value = encryptSecret("s3cret", "ctx", [current]);
    const parts = value.split(":");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => decryptSecret(parts.join(":"), "ctx", [current])).toThrow(DecryptionError);
    expect(() => decryptSecret("plain text", "ctx", [current])).toThrow(/not an encrypted value/);
  });
});
