import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMagentoSandbox, startMagentoSandbox } from "@/sandbox/magento/sandbox";
import { loadSnapshot, saveSnapshot } from "@/sandbox/magento/snapshot-file";
import { type Credentials, MagentoHarness, oauthHeader, sc } from "./harness";

let h: MagentoHarness;
const admin = (p: string, init?: { method?: string; body?: unknown }) =>
  fetch(`${h.url}/__sandbox${p}`, { method: init?.method ?? "GET", body: init?.body === undefined ? undefined : JSON.stringify(init.body) });

beforeAll(async () => {
  h = await MagentoHarness.start({ catalogue: { count: 30 }, orders: { count: 5, seed: 9, paymentMethods: ["checkmo"] } });
});
afterAll(async () => h.close());

describe("the control API", () => {
  it("is refused when the admin switch is off", async () => {
    const { app } = createMagentoSandbox({ admin: false });
    const res = await app.request("/__sandbox/instances");
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/disabled/);
  });

  it("creates an instance with its store setup, integration, catalogue and orders", async () => {
    const res = await admin("/instances", {
      method: "POST",
      body: {
        id: "acme-store",
        config: { msi: false, integrationAsBearer: true, storeViews: [{ code: "default", name: "Default Store View" }, { code: "de", name: "Deutsch" }] },
        integrations: [{ name: "connector", resources: ["Magento_Sales::actions_view", "Magento_Backend::store"] }],
        catalogue: { count: 12, extra: 1 },
        orders: { count: 4, seed: 2 },
      },
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created).toMatchObject({ id: "acme-store", baseUrl: `${h.url}/m/acme-store`, counts: { orders: 4 } });
    expect(created.integrations[0].consumerKey).toMatch(/^[a-z0-9]{32}$/);
    const url = `${h.url}/m/acme-store/rest/de/V1/orders`;
    const orders = await fetch(`${url}?searchCriteria=`, { headers: { Authorization: oauthHeader(url, "GET", { searchCriteria: "" }, created.integrations[0]) } });
    expect((await orders.json()).total_count).toBe(4);
    const bad = await admin("/instances", { method: "POST", body: { id: "x", config: { storeViews: [{ code: "Bad Code", name: "x" }] } } });
    expect(bad.status).toBe(400);
  });

  it("deactivates, revokes and re-authorises integrations", async () => {
    const created = await (await admin(`/instances/${h.instance.id}/integrations`, { method: "POST", body: { name: "extra" } })).json();
    const creds: Credentials = created;
    const call = (c: Credentials) => h.get("/V1/store/websites", { credentials: c });
    expect((await call(creds)).status).toBe(200);
    await admin(`/instances/${h.instance.id}/integrations/${created.id}`, { method: "PATCH", body: { active: false } });
    expect((await call(creds)).status).toBe(401);
    await admin(`/instances/${h.instance.id}/integrations/${created.id}`, { method: "PATCH", body: { active: true, revoked: true } });
    expect((await call(creds)).body).toEqual({ message: "Access token has been revoked" });
    const renewed = await (await admin(`/instances/${h.instance.id}/integrations/${created.id}`, { method: "PATCH", body: { reauthorize: true } })).json();
    expect(renewed.accessToken).not.toBe(creds.accessToken);
    expect((await call(creds)).body).toEqual({ message: "Specified token does not exist" });
    expect((await call(renewed)).status).toBe(200);
  });

  it("changes orders as a merchant would, at a chosen time", async () => {
    const order = h.instance.state.orders[0]!;
    const res = await admin(`/instances/${h.instance.id}/orders/${order.data.entity_id}/actions`, {
      method: "POST",
      body: { action: "status", status: "awaiting_stock", comment: "Waiting for the supplier", at: "2030-01-02 03:04:05" },
    });
    expect(res.status).toBe(200);
    const api = (await h.get(`/V1/orders/${order.data.entity_id}`)).body;
    expect(api).toMatchObject({ status: "awaiting_stock", state: "new", updated_at: "2030-01-02 03:04:05" });
    expect(api.status_histories[0]).toMatchObject({ comment: "Waiting for the supplier", status: "awaiting_stock", created_at: "2030-01-02 03:04:05" });

    const cancel = await (await admin(`/instances/${h.instance.id}/orders/${order.data.entity_id}/actions`, { method: "POST", body: { action: "cancel" } })).json();
    expect(cancel.result).toBe(true);
    expect(cancel.order.state).toBe("canceled");
    const refused = await admin(`/instances/${h.instance.id}/orders/${order.data.entity_id}/actions`, { method: "POST", body: { action: "ship" } });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toContain("A shipment cannot be created when an order has a status of canceled");
  });

  it("generates orders over a chosen time window", async () => {
    const res = await admin(`/instances/${h.instance.id}/orders`, { method: "POST", body: { count: 3, seed: 4, from: "2024-06-01 00:00:00", to: "2024-06-01 06:00:00", guestShare: 1 } });
    expect(res.status).toBe(201);
    const { orderIds } = await res.json();
    for (const id of orderIds) {
      const order = (await h.get(`/V1/orders/${id}`)).body;
      expect(order.created_at >= "2024-06-01 00:00:00" && order.created_at <= "2024-06-01 06:00:00").toBe(true);
      expect(order.customer_is_guest).toBe(1);
    }
    expect((await admin(`/instances/${h.instance.id}/orders`, { method: "POST", body: { count: 0 } })).status).toBe(400);
  });

  it("injects faults by route pattern and instance, before or after the work", async () => {
    const routes = (await (await admin("/routes")).json()) as { path: string; method: string; pattern: string }[];
    const ship = routes.find((r) => r.path === "/V1/order/:orderId/ship")!.pattern;
    const order = h.instance.state.orders.find((o) => o.data.state === "new")!;
    await admin("/faults", { method: "POST", body: { route: ship, account: h.instance.id, errorRate: 1, phase: "after", count: 1 } });
    const lost = await h.post(`/V1/order/${order.data.entity_id}/ship`, {});
    expect(lost.status).toBe(500);
    expect(lost.body.message).toMatch(/^Internal Error\. Details are available in Magento log file\. Report ID: webapi-[0-9a-f]+$/);
    // The shipment was made even though the answer was lost.
    const shipments = await h.get("/V1/shipments", { query: sc({ groups: [[{ field: "order_id", value: String(order.data.entity_id) }]] }) });
    expect(shipments.body.total_count).toBe(1);

    await admin("/faults", { method: "POST", body: { route: "*", account: h.instance.id, status: 503, errorRate: 1, count: 1 } });
    const unavailable = await h.get("/V1/store/websites");
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("content-type")).toContain("text/html");
    expect((await h.get("/V1/store/websites")).status).toBe(200);
  });

  it("counts requests per instance and route", async () => {
    await admin("/requests", { method: "DELETE" });
    const since = Date.now();
    await h.get("/V1/store/websites");
    await h.get("/V1/store/websites");
    await h.get("/V1/orders/999");
    const counts = await (await admin(`/requests/counts?instance=${h.instance.id}&since=${since}`)).json();
    expect(counts.total).toBe(3);
    expect(counts.byRoute["GET /m/:instance/rest/:store/V1/store/websites"]).toBe(2);
    expect(counts.byStatus).toEqual({ 200: 2, 404: 1 });
  });

  it("moves the store clock, which the OAuth timestamp check follows", async () => {
    const res = await admin(`/instances/${h.instance.id}/clock`, { method: "PUT", body: { offsetMs: -3_600_000 } });
    expect(res.status).toBe(200);
    try {
      const skewed = await h.get("/V1/store/websites");
      expect(skewed.body).toEqual({ message: "Incorrect timestamp value in the oauth_timestamp parameter" });
    } finally {
      await admin(`/instances/${h.instance.id}/clock`, { method: "PUT", body: { offsetMs: 0 } });
    }
  });
});

describe("reset and snapshots", () => {
  it("resets everything to the default instance and its seed", async () => {
    const { url, sandbox, close } = await startMagentoSandbox({ admin: true, seedDefault: (i) => i.createIntegration({ name: "seeded" }) });
    try {
      sandbox.createInstance({ id: "temp" });
      sandbox.faults.add({ errorRate: 1 });
      const res = await fetch(`${url}/__sandbox/reset`, { method: "POST" });
      expect(res.status).toBe(200);
      expect(sandbox.listInstances().map((i) => i.id)).toEqual(["default"]);
      expect(sandbox.defaultInstance.state.integrations.map((i) => i.name)).toEqual(["seeded"]);
      expect(sandbox.faults.list()).toEqual([]);
    } finally {
      await close();
    }
  });

  it("writes a snapshot to the data directory and loads it back", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "magento-sandbox-"));
    try {
      const first = createMagentoSandbox({ admin: true }).sandbox;
      const instance = first.createInstance({ id: "kept", integrations: [{ name: "i" }], catalogue: { count: 5 }, orders: { count: 2, seed: 1 } });
      saveSnapshot(first, dir);
      const second = createMagentoSandbox({ admin: true }).sandbox;
      expect(loadSnapshot(second, dir)).toBe(true);
      const restored = second.instance("kept");
      expect(restored.state.orders.map((o) => o.data.increment_id)).toEqual(instance.state.orders.map((o) => o.data.increment_id));
      expect(restored.state.integrations[0]!.consumerKey).toBe(instance.state.integrations[0]!.consumerKey);
      expect(restored.productBySku("SKU-00001")?.id).toBe(instance.productBySku("SKU-00001")?.id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
