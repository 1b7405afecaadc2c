import { describe, expect, it } from "vitest";
import { retryTarget } from "@/lib/sync/dashboard";

describe("retryTarget: what a Retry on a fulfilment record queues again", () => {
  it("names the note, the Brightpearl order or the credit memo of the record", () => {
    expect(retryTarget("SHIPMENTS", "gon:42")).toEqual({ flow: "SHIPMENTS", kind: "goods-out", noteId: 42 });
    expect(retryTarget("SHIPMENTS", "dropship:7")).toEqual({ flow: "SHIPMENTS", kind: "drop-ship", noteId: 7 });
    expect(retryTarget("ORDER_STATUS", "to-magento:100003")).toEqual({ flow: "ORDER_STATUS", orderId: 100003 });
    expect(retryTarget("REFUNDS", "55")).toEqual({ flow: "REFUNDS", creditMemoId: 55 });
  });

  it("queues nothing for a record it cannot name an event for", () => {
    // the orders flow's own status records are keyed by the Magento order id
    expect(retryTarget("ORDER_STATUS", "1234")).toBeUndefined();
    expect(retryTarget("SHIPMENTS", "gon:")).toBeUndefined();
    expect(retryTarget("REFUNDS", "creditmemo:5")).toBeUndefined();
  });
});
