// What most end-to-end scenarios start from: one Chromium for the file, and a Brightpearl account
// connected through the real authorize page, signed in on the onboarding page.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { db } from "@/lib/db";
import { tenantDb, type TenantDb } from "@/lib/tenants/scope";
import { launchBrowser, type TestBrowser } from "../../helpers/browser";
import { accountCode, brightpearl, connectThroughBrightpearl, seedBrightpearlProducts, tenantByAccount } from "./stack";

/** Launches Chromium before the file's tests and closes it (and the database) after them. */
export function useBrowser(): () => TestBrowser {
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await db().$disconnect();
  });
  return () => browser!;
}

export type SignedIn = { code: string; page: Page; tenantId: string; scoped: TenantDb };

/** A new Brightpearl account with `products` products, connected and signed in. */
export async function signedInAccount(browser: TestBrowser, prefix: string, products: number): Promise<SignedIn> {
  const code = accountCode(prefix);
  await brightpearl.createAccount(code);
  if (products > 0) await seedBrightpearlProducts(code, products);
  const page = await browser.context.newPage();
  await connectThroughBrightpearl(page, code);
  await page.waitForURL(`${inject("appUrl")}/onboarding`);
  const tenantId = (await tenantByAccount(code))!.id;
  return { code, page, tenantId, scoped: tenantDb(tenantId) };
}
