import { describe, expect, it } from "vitest";
import { ADMIN_PREFIX } from "@/sandbox/shared/admin";
import { apiFor, salesOrder, startSandbox } from "./helpers";

const started = await startSandbox({ seed: (control) => void control.createAccount({ code: "seeded" }) });
const admin = (method: string, path: string, body?: unknown) =>
  fetch(`${started.url}${ADMIN_PREFIX}${path}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).then(
    async (r) => ({ status: r.status, json: (await r.json()) as any }),
  );

async function account(code: string, products = 3) {
  expect((await admin("POST", "/accounts", { code })).status).toBe(201);
  expect((await admin("POST", `/accounts/${code}/products`, { count: products, stock: 10 })).status).toBe(201);
  const tokens = (await admin("POST", `/accounts/${code}/tokens`)).json;
  return apiFor(started.url, code, tokens.accessToken, tokens.installationId);
}

describe("Brightpearl sandbox control API over HTTP", () => {
  it("creates accounts with reference data, seeds products, customers and stock", async () => {
    const api = await account("ctlone");
    const customer = (await admin("POST", "/accounts/ctlone/customers", { email: "c@example.com" })).json.contactId;
    expect(customer).toBeGreaterThan(0);
    expect((await admin("POST", "/accounts/ctlone/stock", { sku: "SKU-00002", warehouseId: 3, inStock: 7 })).json).toMatchObject({ productId: 1002, warehouseId: 3, inStock: 7, onHand: 7 });
    expect((await api.get("/warehouse-service/product-availability/1002")).json.response["1002"].warehouses["3"].inStock).toBe(7);
    const summary = (await admin("GET", "/accounts/ctlone")).json;
    expect(summary.counts).toMatchObject({ products: 3 });
    expect((await admin("POST", "/accounts", { code: "ctlone" })).status).toBe(400);
    expect((await admin("POST", "/accounts", { code: "Bad Code!" })).status).toBe(400);
  });

  it("ships orders, changes statuses and invoices through HTTP", async () => {
    const api = await account("ctltwo");
    const customer = (await admin("POST", "/accounts/ctltwo/customers", {})).json.contactId;
    const orderId = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response;
    const shipped = await admin("POST", "/accounts/ctltwo/goods-out-notes/ship", { orderId, trackingReference: "ZX1" });
    expect(shipped.json.goodsOutNoteIds).toHaveLength(1);
    expect((await api.get(`/order-service/order/${orderId}`)).json.response[0].shippingStatusCode).toBe("ASS");
    expect((await admin("PUT", `/accounts/ctltwo/orders/${orderId}/status`, { orderStatusId: 7 })).status).toBe(200);
    expect((await admin("POST", `/accounts/ctltwo/orders/${orderId}/invoice`, {})).status).toBe(200);
    const order = (await api.get(`/order-service/order/${orderId}`)).json.response[0];
    expect(order.orderStatus.orderStatusId).toBe(7);
    expect(order.invoices[0].invoiceReference).toMatch(/^SI-/);
    expect((await admin("PUT", `/accounts/ctltwo/orders/${orderId}/status`, { orderStatusId: 5 })).status).toBe(400);
  });

  it("injects faults per route and account: errors, forced 503s, failures after the work is done", async () => {
    const api = await account("ctlfault");
    const other = await account("ctlcalm");
    const rule = (await admin("POST", "/faults", { route: "/public-api/:account/product-service/product/:ids", account: "ctlfault", errorRate: 1, status: 502, count: 1 })).json;
    const failed = await api.get("/product-service/product/1001");
    expect(failed.status).toBe(502);
    expect(failed.json.errors[0].code).toBe("CMNC-500");
    expect(failed.headers.get("brightpearl-requests-remaining")).not.toBeNull();
    expect((await api.get("/product-service/product/1001")).status).toBe(200);
    expect((await admin("GET", "/faults")).json.some((r: { id: string }) => r.id === rule.id)).toBe(false);

    await admin("POST", "/faults", { route: "*", account: "ctlfault", errorRate: 1, status: 503, count: 1 });
    const unavailable = await api.get("/warehouse-service/warehouse");
    expect(unavailable.status).toBe(503);
    expect(unavailable.text.toLowerCase()).not.toContain("too many requests");
    expect((await other.get("/warehouse-service/warehouse")).status).toBe(200);

    const customer = (await admin("POST", "/accounts/ctlfault/customers", {})).json.contactId;
    await admin("POST", "/faults", { route: "/public-api/:account/order-service/sales-order", method: "POST", errorRate: 1, phase: "after", count: 1 });
    const lost = await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001], { externalRef: "lost-1", installedIntegrationInstanceId: api.installationId }));
    expect(lost.status).toBe(500);
    const found = await api.get("/order-service/order-search?externalRef=lost-1");
    expect(found.json.response.metaData.resultsAvailable).toBe(1);
  });

  it("adds latency and timeouts", async () => {
    const api = await account("ctlslow");
    await admin("POST", "/faults", { account: "ctlslow", latencyMs: 150, count: 1, errorRate: 0 });
    const t0 = Date.now();
    await api.get("/warehouse-service/warehouse");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await admin("DELETE", "/faults");
    await admin("POST", "/faults", { account: "ctlslow", timeoutRate: 1, count: 1 });
    const aborted = await fetch(`${started.url}/public-api/ctlslow/warehouse-service/warehouse`, { headers: { authorization: `Bearer ${api.token}` }, signal: AbortSignal.timeout(300) }).then(
      () => "answered",
      (e: Error) => e.name,
    );
    expect(aborted).toBe("TimeoutError");
  });

  it("counts requests per account and route for benchmarks", async () => {
    const api = await account("ctlcount");
    await admin("DELETE", "/requests");
    await api.get("/product-service/product/1001");
    await api.get("/product-service/product/1002");
    await api.get("/warehouse-service/warehouse");
    const counts = (await admin("GET", "/requests?account=ctlcount")).json;
    expect(counts.total).toBe(3);
    expect(counts.byRoute).toEqual({ "GET /public-api/:account/product-service/product/:ids": 2, "GET /public-api/:account/warehouse-service/warehouse": 1 });
    expect(counts.byStatus).toEqual({ "200": 3 });
    const entries = (await admin("GET", "/requests?account=ctlcount&entries=true")).json.entries;
    expect(entries[0]).toMatchObject({ method: "GET", path: "/public-api/ctlcount/product-service/product/1001", status: 200 });
  });

  it("changes the token lifetime, expires and revokes tokens", async () => {
    const api = await account("ctltok");
    expect((await admin("PATCH", "/config", { tokenLifetimeSeconds: 30 })).json.tokenLifetimeSeconds).toBe(30);
    expect((await admin("POST", "/accounts/ctltok/tokens")).json.expiresIn).toBe(30);
    await admin("PATCH", "/config", { tokenLifetimeSeconds: 604800 });
    expect((await admin("POST", "/tokens/expire", { account: "ctltok" })).json.expired).toBeGreaterThan(0);
    expect((await api.get("/warehouse-service/warehouse")).json).toEqual({ response: "Authorization token expired" });
    const fresh = (await admin("POST", "/accounts/ctltok/tokens")).json;
    expect((await admin("POST", "/accounts/ctltok/revoke", {})).json.revoked).toEqual([fresh.installationId]);
    expect((await apiFor(started.url, "ctltok", fresh.accessToken).get("/warehouse-service/warehouse")).status).toBe(401);
    const code = (await admin("POST", "/accounts/ctltok/authorization-code", {})).json.code;
    expect(code).toMatch(/.{16,}/);
  });

  it("resets to the configured seed", async () => {
    await account("ctlgone");
    expect((await admin("POST", "/reset", {})).status).toBe(200);
    expect((await admin("GET", "/accounts")).json.map((a: { code: string }) => a.code)).toEqual(["seeded"]);
    await admin("POST", "/reset", { reseed: false });
    expect((await admin("GET", "/accounts")).json).toEqual([]);
  });
});

describe("Brightpearl sandbox control API switch", () => {
  it("refuses the control API when it is disabled", async () => {
    const { startBrightpearlSandbox } = await import("@/sandbox/brightpearl/sandbox");
    const off = await startBrightpearlSandbox({ admin: false });
    try {
      const res = await fetch(`${off.url}${ADMIN_PREFIX}/accounts`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ code: "nope" }) });
      expect(res.status).toBe(403);
      expect(off.sandbox.control.listAccounts()).toEqual([]);
      expect((await fetch(`${off.url}/health`)).status).toBe(200);
    } finally {
      await off.close();
    }
  });
});
