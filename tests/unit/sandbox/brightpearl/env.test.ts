import { describe, expect, it } from "vitest";
import { demoWanted, parseSandboxEnv, SandboxConfigError } from "@/sandbox/brightpearl/env";

describe("Brightpearl sandbox environment", () => {
  it("fills defaults that match the dev stack's app registration", () => {
    const env = parseSandboxEnv({});
    expect(env).toMatchObject({ PORT: 3001, SANDBOX_APP_REF: "connector-sandbox", SANDBOX_DEV_REF: "connector-dev", SANDBOX_REDIRECT_URI: ["http://localhost:3000/api/brightpearl/callback"] });
  });

  it("reads several redirect URIs and the throttle settings", () => {
    const env = parseSandboxEnv({ SANDBOX_REDIRECT_URI: "http://a.test/cb, http://b.test/cb", SANDBOX_THROTTLE_LIMIT: "100000", PORT: "0" });
    expect(env.SANDBOX_REDIRECT_URI).toEqual(["http://a.test/cb", "http://b.test/cb"]);
    expect(env.SANDBOX_THROTTLE_LIMIT).toBe(100000);
    expect(env.PORT).toBe(0);
  });

  it("names the variable and what it expects", () => {
    expect(() => parseSandboxEnv({ PUBLIC_URL: "ftp://x" })).toThrow(new SandboxConfigError("Configuration error: PUBLIC_URL is invalid; expected the sandbox's public http(s) URL, e.g. http://localhost:3001."));
    expect(() => parseSandboxEnv({ SANDBOX_THROTTLE_WINDOW_MS: "-5" })).toThrow(/SANDBOX_THROTTLE_WINDOW_MS/);
  });

  it("seeds the demo in development unless told otherwise", () => {
    expect(demoWanted(parseSandboxEnv({}), "development")).toBe(true);
    expect(demoWanted(parseSandboxEnv({}), "production")).toBe(false);
    expect(demoWanted(parseSandboxEnv({ SANDBOX_DEMO: "off" }), "development")).toBe(false);
    expect(demoWanted(parseSandboxEnv({ SANDBOX_DEMO: "on" }), "test")).toBe(true);
  });
});
