import { describe, expect, it } from "vitest";
import { assertExpression, evaluateKey, expressionMatches } from "@/sandbox/inngest/expressions";

const event = { name: "app/order.created", data: { tenantId: "t1", total: 120, items: 3, tags: ["rush"] } };

describe("CEL expressions", () => {
  it("matches waitForEvent and cancelOn conditions over `event` and `async`", () => {
    const async = { name: "app/order.paid", data: { tenantId: "t1", amount: 120.0 } };
    expect(expressionMatches("async.data.tenantId == event.data.tenantId", { event, async })).toBe(true);
    expect(expressionMatches("async.data.amount >= event.data.total && 'rush' in event.data.tags", { event, async })).toBe(true);
    expect(expressionMatches("async.data.tenantId == 't2'", { event, async })).toBe(false);
  });

  it("does integer arithmetic on JSON numbers", () => {
    expect(expressionMatches("event.data.items + 1 == 4", { event })).toBe(true);
  });

  it("treats an expression that cannot be evaluated as not matching, and none as matching", () => {
    expect(expressionMatches("event.data.missing == 'x'", { event })).toBe(false);
    expect(expressionMatches("event.data.tenantId", { event })).toBe(false);
    expect(expressionMatches(undefined, { event })).toBe(true);
  });

  it("evaluates concurrency and throttle keys to stable strings", () => {
    expect(evaluateKey("event.data.tenantId", { event })).toBe("t1");
    expect(evaluateKey("event.data.items", { event })).toBe("3");
    expect(evaluateKey("event.data.tenantId + '-' + string(event.data.items)", { event })).toBe("t1-3");
    expect(evaluateKey("event.data.nope", { event })).toBe("null");
  });

  it("rejects invalid CEL up front", () => {
    expect(() => assertExpression("event.data.a ==")).toThrow();
    expect(() => assertExpression("event.data.a == 1")).not.toThrow();
  });
});
