import { describe, expect, it } from "vitest";
import { newAccountState } from "@/sandbox/brightpearl/state/accounts";
import { eventVariables, renderTemplate } from "@/sandbox/brightpearl/webhooks/dispatcher";
import { eventParts, SUBSCRIBABLE_EVENTS, subscriptionMatches } from "@/sandbox/brightpearl/webhooks/events";

describe("webhook templates and events", () => {
  it("fills every documented variable and leaves unknown placeholders alone", () => {
    const account = newAccountState({ code: "acme", timezoneOffset: "+01:00" }, 0);
    const vars = eventVariables(account, "product.modified.on-hand-modified", "1-5,99", Date.UTC(2026, 0, 1), "7.0.0");
    expect(vars).toEqual({
      "account-code": "acme",
      "resource-type": "product",
      "resource-id": "1-5,99",
      "lifecycle-event": "modified",
      "resource-specifier": "on-hand-modified",
      "full-event": "product.modified.on-hand-modified",
      "raised-on": "2026-01-01T01:00:00.000+01:00",
      "brightpearl-version": "7.0.0",
    });
    expect(renderTemplate('{"a":"${account-code}","id":"${resource-id}","x":"${other}"}', vars)).toBe('{"a":"acme","id":"1-5,99","x":"${other}"}');
  });

  it("matches exact events, and bare resources match all their events", () => {
    expect(subscriptionMatches("goods-out-note.modified.shipped", "goods-out-note.modified.shipped")).toBe(true);
    expect(subscriptionMatches("goods-out-note.modified", "goods-out-note.modified.shipped")).toBe(false);
    expect(subscriptionMatches("product", "product.modified.on-hand-modified")).toBe(true);
    expect(subscriptionMatches("product", "production.created")).toBe(false);
    expect(eventParts("sales-order.created")).toEqual({ resourceType: "sales-order", lifecycleEvent: "created", resourceSpecifier: "" });
  });

  it("does not list order.created or contact events as subscribable", () => {
    expect(SUBSCRIBABLE_EVENTS.has("order.created")).toBe(false);
    expect([...SUBSCRIBABLE_EVENTS].some((e) => e.startsWith("contact"))).toBe(false);
    expect(SUBSCRIBABLE_EVENTS.has("sales-order.created")).toBe(true);
  });
});
