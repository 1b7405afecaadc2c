import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bin, ROOT } from "../../../../scripts/lib/paths";
import { freePort } from "../../../../scripts/lib/free-port";

const MAIN = path.join(ROOT, "sandbox/brightpearl/main.ts");
const baseEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "test" };

describe("sandbox/brightpearl/main.ts", () => {
  it("stops with one line naming a bad variable", () => {
    const cases: [string, string][] = [
      ["PORT", "seventy"],
      ["SANDBOX_REDIRECT_URI", "not-a-url"],
      ["SANDBOX_DEMO", "maybe"],
    ];
    for (const [name, value] of cases) {
      const r = spawnSync(bin("tsx"), [MAIN], { env: { ...baseEnv, [name]: value }, encoding: "utf8", timeout: 30_000 });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${name} is invalid; expected `));
    }
  });

  it("serves /health and, in development, the seeded demo account", async () => {
    const port = await freePort();
    const child = spawn(bin("tsx"), [MAIN], {
      env: { ...baseEnv, NODE_ENV: "development", PORT: String(port), SANDBOX_DATA_DIR: mkdtempSync(path.join(tmpdir(), "bp-main-")), SANDBOX_ADMIN: "on" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = `http://localhost:${port}`;
      const deadline = Date.now() + 30_000;
      for (;;) {
        const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
        if (ok) break;
        if (Date.now() > deadline) throw new Error("the sandbox did not start");
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: "ok", service: "brightpearl" });
      const summary = (await (await fetch(`${url}/__sandbox/accounts/sandboxdemo`)).json()) as { counts: { products: number; contacts: number } };
      expect(summary.counts.products).toBe(200);
      const page = await fetch(`${url}/authorize/sandboxdemo?response_type=code&client_id=connector-sandbox&redirect_uri=${encodeURIComponent("http://localhost:3000/api/brightpearl/callback")}&state=x`);
      expect(page.status).toBe(200);
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  });
});
