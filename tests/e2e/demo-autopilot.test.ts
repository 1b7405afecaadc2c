import { describe, expect, inject, it } from "vitest";
import { useBrowser } from "./helpers/signed-in";
import { accountCode, brightpearl, connectThroughBrightpearl } from "./helpers/stack";

const browser = useBrowser();

const running = async (base: string) => ((await (await fetch(`${base}/__sandbox/autopilot`)).json()) as { key: string }[]).map((s) => s.key);

describe("demo autopilot (sandbox mode)", () => {
  it("is switched on and off from the dashboard, for the signed-in account's sandboxes", async () => {
    const code = accountCode("autopilot");
    await brightpearl.createAccount(code);
    const page = await browser().context.newPage();
    await connectThroughBrightpearl(page, code);
    await page.waitForURL(`${inject("appUrl")}/onboarding`);
    await page.goto(`${inject("appUrl")}/dashboard`);
    await expect(page.getByTestId("autopilot-state").textContent()).resolves.toBe("Off");

    await page.getByRole("button", { name: "Start the autopilot" }).click();
    await page.getByRole("button", { name: "Stop the autopilot" }).waitFor();
    await expect(page.getByTestId("autopilot-state").textContent()).resolves.toBe("On");
    expect(await running(inject("brightpearlUrl"))).toContain(code);
    expect(await running(inject("magentoUrl"))).toContain("default");

    await page.getByRole("button", { name: "Stop the autopilot" }).click();
    await page.getByRole("button", { name: "Start the autopilot" }).waitFor();
    expect(await running(inject("brightpearlUrl"))).not.toContain(code);
    expect(await running(inject("magentoUrl"))).not.toContain("default");
    await page.close();
  });
});
