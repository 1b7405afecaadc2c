import { describe, expect, it } from "vitest";
import { createCustomer, newAccount, rows, salesOrder, startSandbox } from "./helpers";

describe("Brightpearl sandbox demo autopilot", () => {
  it("ships the sales orders the connector created once they are old enough, with a tracking number", async () => {
    const bp = await startSandbox();
    const api = newAccount(bp, { products: 3, stock: 20 });
    const control = bp.sandbox.control;
    const customer = await createCustomer(api);
    const products = rows((await api.get("/product-service/product-search")).json).map((p) => p.productId as number);
    const created = await api.call("POST", "/order-service/sales-order", salesOrder(customer, products, { externalRef: "m-1", installedIntegrationInstanceId: api.installationId }));
    expect(created.status).toBe(200);
    const orderId = created.json.response as number;

    control.startAutopilot(api.account, 500);
    expect(control.autopilotStatus().map((s) => s.key)).toEqual([api.account]);
    const deadline = Date.now() + 8000;
    let notes: Record<string, { status: { shipped: boolean }; shipping: { reference?: string } }> = {};
    while (Date.now() < deadline) {
      const res = await api.get(`/warehouse-service/order/${orderId}/goods-note/goods-out`);
      notes = res.status === 200 ? res.json.response : {};
      if (Object.values(notes).some((n) => n.status.shipped)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    control.stopAutopilot(api.account);
    const shipped = Object.values(notes);
    expect(shipped).toHaveLength(1);
    expect(shipped[0]!.status.shipped).toBe(true);
    expect(shipped[0]!.shipping.reference).toBe(`DEMO${orderId}`);
    expect(control.autopilotStatus()).toEqual([]);
  });
});
