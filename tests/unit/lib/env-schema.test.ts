import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, type EnvSource } from "@/lib/env-schema";

const key = () => randomBytes(32).toString("base64");

const valid: EnvSource = {
  CONNECTOR_MODE: "sandbox",
  APP_URL: "http://localhost:3000/",
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/test",
  ENCRYPTION_KEYS: `k2:${key()},k1:${key()}`,
  NEXTAUTH_SECRET: "x".repeat(32),
  BRIGHTPEARL_APP_REF: "app",
  BRIGHTPEARL_DEV_REF: "dev",
  BRIGHTPEARL_CLIENT_SECRET: "secret",
  INNGEST_DEV: "http://127.0.0.1:8288",
};

function errorFor(source: EnvSource): ConfigError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseEnv", () => {
  it("accepts a complete sandbox configuration and applies defaults", () => {
    const env = parseEnv(valid);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.ENCRYPTION_KEYS.map((k) => k.id)).toEqual(["k2", "k1"]);
    expect(env.ENCRYPTION_KEYS[0]!.key).toHaveLength(32);
    expect(env.BRIGHTPEARL_OAUTH_URL).toBe("https://oauth.brightpearl.com");
    expect(env.BRIGHTPEARL_API_HOSTS).toEqual(["*.brightpearlconnect.com", "*.brightpearl.com"]);
    expect(env.DATABASE_POOL_SIZE).toBe(10);
  });

  it("names a missing variable and what it expects, in one line", () => {
    const { DATABASE_URL: _, ...rest } = valid;
    const error = errorFor(rest);
    expect(error.variable).toBe("DATABASE_URL");
    expect(error.message).toBe("Configuration error: DATABASE_URL is not set; expected a PostgreSQL URL, e.g. postgresql://user:pass@host:5432/db.");
    expect(error.message).not.toContain("\n");
  });

  it.each([
    ["ENCRYPTION_KEYS", "k1:dG9vLXNob3J0"],
    ["ENCRYPTION_KEYS", `k1:${key()},k1:${key()}`],
    ["ENCRYPTION_KEYS", "not a key"],
    ["DATABASE_URL", "mysql://root@localhost/db"],
    ["APP_URL", "localhost:3000"],
    ["CONNECTOR_MODE", "staging"],
    ["NEXTAUTH_SECRET", "short"],
    ["BRIGHTPEARL_API_HOSTS", "https://evil.example.com/path"],
    ["DATABASE_POOL_SIZE", "-1"],
  ])("rejects a malformed %s (%s)", (variable, value) => {
    const error = errorFor({ ...valid, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.problem).toBe("invalid");
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} is invalid; expected .+\\.$`));
  });

  it("never echoes the offending value, which may be a secret", () => {
    const secret = "k1:c2VjcmV0LXZhbHVlLXRoYXQtaXMtbm90LTMyLWJ5dGVz";
    expect(errorFor({ ...valid, ENCRYPTION_KEYS: secret }).message).not.toContain("c2VjcmV0");
  });

  it("requires Inngest keys when no local engine is configured", () => {
    const { INNGEST_DEV: _, ...cloud } = valid;
    expect(errorFor(cloud).variable).toBe("INNGEST_SIGNING_KEY");
    expect(errorFor({ ...cloud, INNGEST_SIGNING_KEY: "signkey-prod-abcdef" }).variable).toBe("INNGEST_EVENT_KEY");
    expect(parseEnv({ ...cloud, INNGEST_SIGNING_KEY: "signkey-prod-abcdef", INNGEST_EVENT_KEY: "evt" }).INNGEST_EVENT_KEY).toBe("evt");
  });

  it("refuses the local engine in production", () => {
    expect(errorFor({ ...valid, CONNECTOR_MODE: "production" }).variable).toBe("INNGEST_DEV");
  });
});
