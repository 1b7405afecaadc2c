import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { faultInjector, Faults } from "@/sandbox/shared/faults";
import { RequestLog, requestLogger } from "@/sandbox/shared/request-log";

function sandbox(random = () => 0) {
  const faults = new Faults(random);
  const log = new RequestLog();
  let writes = 0;
  const app = new Hono();
  const account = (c: { req: { path: string } }) => c.req.path.split("/")[1];
  app.use("*", requestLogger(log, account));
  app.use("*", faultInjector(faults, account, (c, status) => c.json({ errors: [{ code: "SBX-500", message: "injected" }] }, status as 500)));
  app.get("/:account/things/:id", (c) => c.json({ id: c.req.param("id") }));
  app.post("/:account/things", (c) => {
    writes++;
    return c.json({ response: writes });
  });
  return { app, faults, log, writes: () => writes };
}

describe("sandbox fault injection", () => {
  it("fails matching requests before doing the work, with the sandbox's error shape", async () => {
    const s = sandbox();
    s.faults.add({ route: "/:account/things", method: "post", errorRate: 1, status: 503 });
    const res = await s.app.request("/acme/things", { method: "POST" });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ errors: [{ code: "SBX-500", message: "injected" }] });
    expect(s.writes()).toBe(0);
    expect((await s.app.request("/acme/things/1")).status).toBe(200);
  });

  it("can do the work and then lose the answer", async () => {
    const s = sandbox();
    s.faults.add({ route: "/:account/things", errorRate: 1, phase: "after", body: { lost: true } });
    const res = await s.app.request("/acme/things", { method: "POST" });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ lost: true });
    expect(s.writes()).toBe(1);
  });

  it("retires a rule after its count and scopes rules to an account", async () => {
    const s = sandbox();
    s.faults.add({ errorRate: 1, count: 2, account: "acme" });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await s.app.request("/acme/things/1")).status);
    expect(statuses).toEqual([500, 500, 200]);
    s.faults.add({ errorRate: 1, account: "other" });
    expect((await s.app.request("/acme/things/1")).status).toBe(200);
    expect(s.faults.list()).toHaveLength(1);
  });

  it("applies the error rate by chance", async () => {
    const rolls = [0.1, 0.9, 0.3, 0.7];
    const s = sandbox(() => rolls.shift() ?? 1);
    s.faults.add({ errorRate: 0.5 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await s.app.request("/acme/things/1")).status);
    expect(statuses).toEqual([500, 200, 500, 200]);
  });

  it("holds a timed-out request until the client gives up", async () => {
    const s = sandbox();
    s.faults.add({ timeoutRate: 1 });
    const controller = new AbortController();
    const pending = Promise.resolve(s.app.request("/acme/things/1", { signal: controller.signal }));
    const settled = await Promise.race([pending.then(() => "answered"), new Promise((r) => setTimeout(() => r("waiting"), 50))]);
    expect(settled).toBe("waiting");
    controller.abort();
    expect((await pending).status).toBe(504);
  });
});

describe("sandbox request log", () => {
  it("counts requests per account by route pattern and status", async () => {
    const s = sandbox();
    await s.app.request("/acme/things/1");
    await s.app.request("/acme/things/2");
    await s.app.request("/other/things/1");
    await s.app.request("/acme/things", { method: "POST" });
    expect(s.log.counts({ account: "acme" })).toEqual({
      total: 3,
      byRoute: { "GET /:account/things/:id": 2, "POST /:account/things": 1 },
      byStatus: { 200: 3 },
    });
    expect(s.log.counts().total).toBe(4);
  });
});
