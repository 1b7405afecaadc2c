// Chromium for the end-to-end tests (playwright-core drives the Chromium that `npm test` found or
// installed). Playwright gives each launch a fresh temporary profile; the flags keep Chromium off
// the network.
import { chromium, type Browser, type BrowserContext } from "playwright-core";

export type TestBrowser = { browser: Browser; context: BrowserContext; newContext: () => Promise<BrowserContext>; close: () => Promise<void> };

export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error("CHROMIUM_PATH is not set: run the end-to-end tests through `npm test`");
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext();
  return { browser, context, newContext: () => browser.newContext(), close: () => browser.close() };
}
