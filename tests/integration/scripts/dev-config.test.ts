import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bin, ROOT } from "../../../scripts/lib/paths";

function runDev(env: Record<string, string>) {
  return spawnSync(bin("tsx"), [path.join(ROOT, "scripts/dev.ts")], {
    cwd: ROOT,
    // Only what the test sets: nothing from the surrounding environment may make the config valid.
    env: { NODE_ENV: "development", PATH: process.env.PATH ?? "", CONNECTOR_DATA_DIR: mkdtempSync(path.join(tmpdir(), "dev-data-")), ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm run dev with bad configuration", () => {
  it("stops before starting anything, with one line naming the variable", () => {
    const result = runDev({ ENCRYPTION_KEYS: "k1:not-base64-of-32-bytes" });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: ENCRYPTION_KEYS is invalid; expected comma-separated keyId:key pairs/);
    expect(result.stdout).not.toContain("embedded PostgreSQL");
  });

  it("reports a malformed database URL the same way", () => {
    const result = runDev({ DATABASE_URL: "mysql://root@localhost/shop" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("Configuration error: DATABASE_URL is invalid; expected a PostgreSQL URL, e.g. postgresql://user:pass@host:5432/db.");
  });
});
