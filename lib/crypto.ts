import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { EncryptionKey } from "./env-schema";
import { env } from "./env";

// Ciphertext format: enc:v1:<keyId>:<iv>:<ciphertext>:<tag>, base64url parts. The key id lets keys
// rotate: encrypt with the first configured key, decrypt with whichever key a value names.
const PREFIX = "enc:v1";
const IV_BYTES = 12;

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

/**
 * `context` is bound into the ciphertext as additional authenticated data (e.g. "tenant:<id>:refresh"),
 * so a value copied into another row or field fails to decrypt instead of being misused.
 */
export function encryptSecret(plaintext: string, context: string, keys: EncryptionKey[] = env().ENCRYPTION_KEYS): string {
  const active = keys[0];
  if (!active) throw new Error("no encryption key configured");
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", active.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [PREFIX, active.id, iv.toString("base64url"), ciphertext.toString("base64url"), tag.toString("base64url")].join(":");
}

export function decryptSecret(value: string, context: string, keys: EncryptionKey[] = env().ENCRYPTION_KEYS): string {
  const parts = value.split(":");
  if (parts.length !== 6 || `${parts[0]}:${parts[1]}` !== PREFIX) throw new DecryptionError("not an encrypted value");
  const [, , keyId, iv, ciphertext, tag] = parts as [string, string, string, string, string, string];
  const key = keys.find((k) => k.id === keyId);
  if (!key) throw new DecryptionError(`encryption key "${keyId}" is not configured`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("value does not decrypt with its key and context");
  }
}

/** The id of the key a ciphertext was made with, to find values that still need re-encrypting. */
export function encryptionKeyIdOf(value: string): string | undefined {
  const parts = value.split(":");
  return parts.length === 6 && `${parts[0]}:${parts[1]}` === PREFIX ? parts[2] : undefined;
}
