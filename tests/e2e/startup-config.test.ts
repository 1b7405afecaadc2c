import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/free-port";
import { bin, ROOT } from "../../scripts/lib/paths";

describe("the built app started with bad configuration", () => {
  it("exits at start with one line naming the variable, and no stack trace", async () => {
    const { NEXTAUTH_SECRET: _, ...env } = process.env;
    const result = spawnSync(bin("next"), ["start", "--port", String(await freePort())], {
      cwd: ROOT,
      env: { ...env, NODE_ENV: "production" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    const errorLines = result.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(errorLines).toEqual([
      "Configuration error: NEXTAUTH_SECRET is not set; expected a random string of at least 32 characters (openssl rand -base64 32).",
    ]);
    expect(result.stdout + result.stderr).not.toMatch(/\bat .+:\d+:\d+\)?$/m);
  });
});
