// The product's configuration: every environment variable it reads, what each must look like, and
// the one-line message a misconfigured start prints. Pure (no server-only import) so the dev and
// test scripts validate with exactly the rules the app uses. The app reads it through lib/env.ts.
import { z } from "zod";

const KEY_BYTES = 32;

/** ENCRYPTION_KEYS: "keyId:base64key[,keyId:base64key...]"; the first key encrypts, all decrypt. */
export type EncryptionKey = { id: string; key: Buffer };

const encryptionKeys = z.string().transform((raw, ctx): EncryptionKey[] => {
  const keys: EncryptionKey[] = [];
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(part);
    const key = match ? Buffer.from(match[2]!, "base64") : undefined;
    if (!match || !key || key.length !== KEY_BYTES) {
      ctx.addIssue({ code: "custom", message: "malformed" });
      return z.NEVER;
    }
    if (keys.some((k) => k.id === match[1])) {
      ctx.addIssue({ code: "custom", message: "duplicate key id" });
      return z.NEVER;
    }
    keys.push({ id: match[1]!, key });
  }
  if (keys.length === 0) {
    ctx.addIssue({ code: "custom", message: "empty" });
    return z.NEVER;
  }
  return keys;
});

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u))
  .transform((u) => u.replace(/\/+$/, ""));

const postgresUrl = z.string().refine((u) => {
  try {
    return ["postgres:", "postgresql:"].includes(new URL(u).protocol);
  } catch {
    return false;
  }
});

const hostPatterns = z
  .string()
  .transform((raw) => raw.split(",").map((p) => p.trim().toLowerCase()).filter(Boolean))
  .refine((list) => list.length > 0 && list.every((p) => /^(\*\.)?[a-z0-9.-]+(:\d+)?$/.test(p)));

const positiveInt = z.coerce.number().int().positive();

/**
 * Each variable with the sentence that tells an operator what is expected. Order matters: the
 * first invalid variable is the one reported.
 */
const variables = {
  CONNECTOR_MODE: {
    schema: z.enum(["sandbox", "production"]),
    expected: '"sandbox" (local stand-ins for Brightpearl and Magento) or "production"',
  },
  APP_URL: { schema: httpUrl, expected: "the public http(s) URL of this app, e.g. https://connector.example.com" },
  DATABASE_URL: { schema: postgresUrl, expected: "a PostgreSQL URL, e.g. postgresql://user:pass@host:5432/db" },
  DATABASE_POOL_SIZE: { schema: positiveInt.default(10), expected: "a positive whole number of connections" },
  ENCRYPTION_KEYS: {
    schema: encryptionKeys,
    expected:
      "comma-separated keyId:key pairs, each key 32 random bytes in base64 (the first one encrypts), e.g. k1:$(openssl rand -base64 32)",
  },
  NEXTAUTH_SECRET: {
    schema: z.string().min(32),
    expected: "a random string of at least 32 characters (openssl rand -base64 32)",
  },
  BRIGHTPEARL_APP_REF: { schema: z.string().min(1), expected: "the app reference from the Brightpearl developer portal" },
  BRIGHTPEARL_DEV_REF: { schema: z.string().min(1), expected: "the developer reference from the Brightpearl developer portal" },
  BRIGHTPEARL_CLIENT_SECRET: { schema: z.string().min(1), expected: "the app's OAuth client secret from the Brightpearl developer portal" },
  BRIGHTPEARL_OAUTH_URL: {
    schema: httpUrl.default("https://oauth.brightpearl.com"),
    expected: "the Brightpearl OAuth host, e.g. https://oauth.brightpearl.com",
  },
  BRIGHTPEARL_REQUESTS_PER_MINUTE: {
    schema: positiveInt.default(200),
    expected: "the account's Brightpearl request limit per rolling minute (200 unless Brightpearl approved more)",
  },
  BRIGHTPEARL_TIMEOUT_MS: { schema: positiveInt.default(30_000), expected: "how long to wait for a Brightpearl answer, in milliseconds" },
  BRIGHTPEARL_API_HOSTS: {
    schema: hostPatterns.default(["*.brightpearlconnect.com", "*.brightpearl.com"]),
    expected: "comma-separated host names or *.domain patterns that api_domain may take, e.g. *.brightpearlconnect.com",
  },
  SANDBOX_BRIGHTPEARL_URL: { schema: httpUrl.optional(), expected: "the Brightpearl sandbox's URL (sandbox mode only)" },
  SANDBOX_MAGENTO_URL: { schema: httpUrl.optional(), expected: "the Magento sandbox's URL (sandbox mode only)" },
  MAGENTO_TIMEOUT_MS: {
    schema: positiveInt.default(15_000),
    expected: "how long to wait for a Magento store when checking its connection, in milliseconds, e.g. 15000",
  },
  LOG_LEVEL: { schema: z.enum(["debug", "info", "warn", "error"]).default("info"), expected: "debug, info, warn or error" },
  INNGEST_DEV: { schema: z.string().optional(), expected: "1, or the URL of a local Inngest engine" },
  INNGEST_BASE_URL: { schema: httpUrl.optional(), expected: "the URL of a self-hosted Inngest server" },
  INNGEST_SIGNING_KEY: {
    schema: z.string().regex(/^signkey-[a-z]+-[0-9a-f]+$/).optional(),
    expected: "the Inngest signing key (signkey-<env>-<hex>)",
  },
  INNGEST_EVENT_KEY: { schema: z.string().min(1).optional(), expected: "the Inngest event key" },
} as const;

type Variables = typeof variables;
export type Env = { [K in keyof Variables]: z.output<Variables[K]["schema"]> };
export type EnvSource = Record<string, string | undefined>;

/** A configuration problem, with the one line an operator needs to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: "missing" | "invalid",
    readonly expected: string,
  ) {
    super(`Configuration error: ${variable} is ${problem === "missing" ? "not set" : "invalid"}; expected ${expected}.`);
    this.name = "ConfigError";
  }
}

/** Validates the environment; throws ConfigError naming the first variable that is wrong. */
export function parseEnv(source: EnvSource): Env {
  const out: Record<string, unknown> = {};
  for (const [name, { schema, expected }] of Object.entries(variables)) {
    const raw = source[name];
    const value = raw === undefined || raw.trim() === "" ? undefined : raw.trim();
    const result = (schema as z.ZodType).safeParse(value);
    if (!result.success) throw new ConfigError(name, value === undefined ? "missing" : "invalid", expected);
    out[name] = result.data;
  }
  const env = out as Env;
  // Without a local engine the SDK talks to Inngest Cloud or a self-hosted server, which sign
  // their requests and need our event key.
  if (!env.INNGEST_DEV) {
    if (!env.INNGEST_SIGNING_KEY) {
      throw new ConfigError("INNGEST_SIGNING_KEY", "missing", `${variables.INNGEST_SIGNING_KEY.expected}, or INNGEST_DEV=<URL of a local engine>`);
    }
    if (!env.INNGEST_EVENT_KEY) throw new ConfigError("INNGEST_EVENT_KEY", "missing", variables.INNGEST_EVENT_KEY.expected);
  }
  if (env.CONNECTOR_MODE === "production" && env.INNGEST_DEV) {
    throw new ConfigError("INNGEST_DEV", "invalid", "to be unset in production (use INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY)");
  }
  return env;
}

/** The names of every variable the product reads, for documentation and tests. */
export const envVariableNames = Object.keys(variables);
