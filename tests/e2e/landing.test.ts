import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type TestBrowser } from "../helpers/browser";

describe("landing page", () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders in Chromium under its Content Security Policy without violations", async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const response = await page.goto(inject("appUrl"), { waitUntil: "networkidle" });
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Brightpearl ↔ Magento 2 connector");
    const csp = response?.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/frame-ancestors 'self' https:\/\/\*\.brightpearl\.com/);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    // Next.js scripts carry the nonce (browsers hide its value from the DOM, not the attribute);
    // a script without it would be refused and reported as a violation.
    expect(await page.locator("script[nonce]").count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    await page.close();
  });

  it("sends a different nonce on every request", async () => {
    const first = await fetch(inject("appUrl"));
    const second = await fetch(inject("appUrl"));
    const nonce = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce(first)).toBeTruthy();
    expect(nonce(first)).not.toBe(nonce(second));
  });
});
