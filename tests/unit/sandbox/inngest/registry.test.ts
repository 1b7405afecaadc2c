import { describe, expect, it } from "vitest";
import { cancelRules, concurrencySlots, eventNameMatches, registerFunction, Registry, throttleFor } from "@/sandbox/inngest/registry";

const step = { step: { id: "step", name: "step", runtime: { type: "http", url: "http://app/api/inngest?fnId=x&stepId=step" } } };
const event = { id: "e", name: "shop/order.created", data: { tenantId: "t9", priority: 7 }, ts: 0 };

describe("function registry", () => {
  it("matches exact trigger names and prefix wildcards", () => {
    expect(eventNameMatches("shop/order.created", "shop/order.created")).toBe(true);
    expect(eventNameMatches("shop/*", "shop/order.created")).toBe(true);
    expect(eventNameMatches("shop/*", "shopping/order.created")).toBe(false);
    expect(eventNameMatches("shop/order.created", "shop/order.updated")).toBe(false);
  });

  it("starts only functions whose trigger expression holds", () => {
    const registry = new Registry();
    registry.replaceApp("app", [
      registerFunction("app", { id: "app-urgent", triggers: [{ event: "shop/*", expression: "event.data.priority > 5" }], steps: step }).fn,
      registerFunction("app", { id: "app-calm", triggers: [{ event: "shop/*", expression: "event.data.priority <= 5" }], steps: step }).fn,
    ]);
    expect(registry.triggeredBy(event).map((f) => f.id)).toEqual(["app-urgent"]);
  });

  it("derives concurrency slots per key, per function or shared by scope", () => {
    const { fn } = registerFunction("app", {
      id: "app-sync",
      triggers: [{ event: "shop/order.created" }],
      steps: step,
      concurrency: [{ key: "event.data.tenantId", limit: 1 }, { key: "'bp-' + event.data.tenantId", limit: 3, scope: "env" }],
    });
    expect(concurrencySlots(fn, event)).toEqual([
      { key: "fn:app-sync:0:t9", limit: 1 },
      { key: "env:bp-t9", limit: 3 },
    ]);
    const plain = registerFunction("app", { id: "app-one", triggers: [], steps: step, concurrency: 2 }).fn;
    expect(concurrencySlots(plain, event)).toEqual([{ key: "fn:app-one:0:", limit: 2 }]);
  });

  it("scales throttle periods and cancel timeouts with the engine's time scale", () => {
    const { fn } = registerFunction("app", {
      id: "app-t",
      triggers: [],
      steps: step,
      throttle: { key: "event.data.tenantId", limit: 10, period: "1m", burst: 2 },
      cancel: [{ event: "shop/order.cancelled", if: "async.data.id == event.data.id", timeout: "1h" }],
    });
    expect(throttleFor(fn, event, 0.5)).toEqual({ key: "app-t:t9", spec: { limit: 10, periodMs: 30_000, burst: 2 } });
    expect(cancelRules(fn, 1_000, 0.5)).toEqual([{ event: "shop/order.cancelled", if: "async.data.id == event.data.id", expiresAt: 1_000 + 1_800_000 }]);
  });

  it("takes retries from the declaration (default 4, so 5 attempts) and warns about options it does not enforce", () => {
    expect(registerFunction("app", { id: "a", triggers: [], steps: step }).fn.maxAttempts).toBe(5);
    const declared = registerFunction("app", { id: "b", triggers: [], steps: { step: { ...step.step, retries: { attempts: 0 } } }, debounce: { period: "5s" } });
    expect(declared.fn.maxAttempts).toBe(1);
    expect(declared.warnings).toEqual(['function b: "debounce" is not enforced by the local engine']);
  });

  it("refuses a declaration with invalid CEL or an invalid cron, naming the function", () => {
    expect(() => registerFunction("app", { id: "bad", triggers: [{ event: "x", expression: "event.data ==" }], steps: step })).toThrow(/function bad: expression "event.data =="/);
    expect(() => registerFunction("app", { id: "bad-cron", triggers: [{ cron: "TZ=Nowhere/X * * * * *" }], steps: step })).toThrow(/unknown time zone/);
  });
});
