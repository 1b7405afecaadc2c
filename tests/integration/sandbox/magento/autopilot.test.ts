import { afterAll, describe, expect, it } from "vitest";
import { startMagentoSandbox } from "@/sandbox/magento/sandbox";

describe("Magento sandbox demo autopilot", () => {
  it("places an order every interval until stopped, switched through the control API", async () => {
    const mg = await startMagentoSandbox({ admin: true, log: () => {} });
    afterAll(() => mg.close());
    const instance = mg.sandbox.createInstance({ catalogue: { count: 20 } });
    const control = (path: string, body: unknown) =>
      fetch(`${mg.url}/__sandbox${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(instance.state.orders).toHaveLength(0);

    expect((await control(`/instances/${instance.id}/autopilot`, { enabled: true, orderEverySeconds: 1 })).status).toBe(200);
    const status = (await (await fetch(`${mg.url}/__sandbox/autopilot`)).json()) as { key: string; everyMs: number }[];
    expect(status).toEqual([expect.objectContaining({ key: instance.id, everyMs: 1000 })]);
    await new Promise((r) => setTimeout(r, 2600));
    expect((await control(`/instances/${instance.id}/autopilot`, { enabled: false })).status).toBe(200);
    const placed = instance.state.orders.length;
    expect(placed).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 1300));
    expect(instance.state.orders.length).toBe(placed);
    expect((await control(`/instances/${instance.id}/autopilot`, { enabled: true, orderEverySeconds: 0 })).status).toBe(400);
  });
});
