import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { ordersOfNotes } from "@/lib/sync/shipments/brightpearl-notes";

/** A client whose every GET answers `body`, parsed with the caller's schema as the real one does. */
const answering = (body: unknown) => ({ get: async (_path: string, schema: z.ZodType) => schema.parse(body) }) as unknown as BrightpearlClient;

describe("the orders of the notes a shipped webhook names", () => {
  it("are read for every note whose order is readable, whatever else a note lacks", async () => {
    const client = answering({
      "11": { orderId: 501, status: { shipped: true }, orderRows: {} },
      "12": { orderId: 502, status: {} }, // no shipped flag, no rows: its own attempt reports that
      "13": { orderId: "five hundred and three" },
      "14": null,
    });
    expect(await ordersOfNotes(client, "goods-out", [11, 12, 13, 14])).toEqual(new Map([[11, 501], [12, 502]]));
  });
});
