import { describe, expect, it } from "vitest";
import type { BrightpearlClient } from "@/lib/brightpearl/client";
import { BrightpearlError } from "@/lib/brightpearl/errors";
import type { RestockLine } from "@/lib/sync/refunds/brightpearl-credits";
import { restockCredit, restockReference, RestockRefused, restockRefusal, stillToReceive } from "@/lib/sync/refunds/restock";
import type { TenantDb } from "@/lib/tenants/scope";

const line = (rowId: number, quantity: number, productId = 1000 + rowId): RestockLine => ({ rowId, productId, quantity, value: "4.5000", currency: "GBP" });

describe("stillToReceive", () => {
  it("takes what notes already received off each credited row, ignoring cancelled notes", () => {
    const lines = [line(1, 3), line(2, 1), line(3, 2)];
    const notes = [
      { id: 10, cancelled: false, moved: [{ rowId: 1, quantity: 2 }, { rowId: 2, quantity: 1 }] },
      { id: 11, cancelled: true, moved: [{ rowId: 3, quantity: 2 }] },
    ];
    expect(stillToReceive(lines, notes)).toEqual([line(1, 1), line(3, 2)]);
    expect(stillToReceive(lines, [])).toEqual(lines);
    expect(stillToReceive([line(1, 1)], [{ id: 12, cancelled: false, moved: [{ rowId: 1, quantity: 5 }] }])).toEqual([]);
  });
});

describe("restockRefusal", () => {
  it("takes a refusal for one, with Brightpearl's own words", () => {
    const refused = new BrightpearlError("invalid", "Brightpearl refused the request.", { errors: [{ code: "WHSC-001", message: "Location 9 is not in warehouse 2." }] });
    expect(restockRefusal(refused)).toBe('Brightpearl said: "Location 9 is not in warehouse 2"');
    expect(restockRefusal(new RestockRefused("sales credit 5 has no warehouse to receive them into"))).toBe("sales credit 5 has no warehouse to receive them into");
  });

  it("does not take an answer of the wrong shape, an outage or a lost connection for a refusal", () => {
    expect(restockRefusal(new BrightpearlError("malformed", "Brightpearl answered in a shape the connector does not know."))).toBeUndefined();
    expect(restockRefusal(new BrightpearlError("unavailable", "Brightpearl is not answering."))).toBeUndefined();
    expect(restockRefusal(new BrightpearlError("auth", "Brightpearl is disconnected."))).toBeUndefined();
    expect(restockRefusal(new Error("socket hang up"))).toBeUndefined();
  });
});

describe("restockReference", () => {
  it("names the credit memo and the credit, within 64 characters", () => {
    expect(restockReference("000000042", 100123)).toBe("M2-CM-000000042-SC-100123");
    expect(restockReference("x".repeat(80), 1)).toHaveLength(64);
  });
});

type Call = { method: string; path: string; body?: unknown };

/** A Brightpearl stand-in answering from a script: each path maps to a function of the call. */
function fakeClient(answers: Record<string, (call: Call) => unknown>) {
  const calls: Call[] = [];
  const answer = (call: Call) => {
    calls.push(call);
    const key = Object.keys(answers).find((k) => `${call.method} ${call.path}`.startsWith(k));
    if (!key) throw new Error(`unexpected ${call.method} ${call.path}`);
    return answers[key]!(call);
  };
  const client = {
    get: async (path: string, schema: { parse: (v: unknown) => unknown }) => schema.parse(answer({ method: "GET", path })),
    post: async (path: string, body: unknown, schema: { parse: (v: unknown) => unknown }) => schema.parse(answer({ method: "POST", path, body })),
  } as unknown as BrightpearlClient;
  return { client, calls };
}

/** The one table restock touches, in memory. */
function fakeDb(cursors: Record<string, string> = {}) {
  const scoped = {
    syncCursor: {
      findFirst: async ({ where }: { where: { name: string } }) => (where.name in cursors ? { value: cursors[where.name] } : null),
      upsert: async ({ create }: { create: { name: string; value: string } }) => {
        cursors[create.name] = create.value;
      },
    },
  } as unknown as TenantDb;
  return { scoped, cursors };
}

const credit = {
  id: 500,
  warehouseId: 2,
  currency: { orderCurrencyCode: "GBP" },
  orderRows: {
    "7": { productId: 1001, quantity: { magnitude: "2.0000" }, itemCost: { currencyCode: "GBP", value: "4.5000" }, productPrice: { currencyCode: "GBP", value: "10.0000" } },
    "8": { productId: 1002, quantity: { magnitude: "1.0000" }, itemCost: { currencyCode: "GBP", value: "0.0000" }, productPrice: { currencyCode: "GBP", value: "12.0000" } },
    "9": { productId: 0, quantity: { magnitude: "1.0000" }, productPrice: { currencyCode: "GBP", value: "3.9900" } },
  },
};
const refused = () => {
  throw new BrightpearlError("invalid", "Brightpearl rejected the request: WHSC-044 location is not in warehouse 2.", { status: 400, errors: [{ code: "WHSC-044", message: "location is not in warehouse 2" }] });
};

const input = (client: BrightpearlClient, scoped: TenantDb, started = false) => {
  const marks: string[] = [];
  return {
    marks,
    run: () =>
      restockCredit({
        client,
        scoped,
        tenantId: "t1",
        creditId: 500,
        reference: "M2-CM-1-SC-500",
        started,
        markStarted: async () => void marks.push("started"),
        notStockTracked: async () => new Set<number>(),
      }),
  };
};

describe("restockCredit", () => {
  it("books every product row into the default location with the reference, after marking the POST as started; the location is read once per warehouse", async () => {
    const { client, calls } = fakeClient({
      "GET /order-service/order/500": () => [credit],
      "GET /warehouse-service/warehouse/2/location/default": () => 201,
      "POST /warehouse-service/order/500/goods-note/goods-in": () => 3001,
    });
    const { scoped, cursors } = fakeDb();
    const first = input(client, scoped);
    expect(await first.run()).toEqual({ status: "booked", noteId: 3001, units: 3, recovered: false });
    expect(first.marks).toEqual(["started"]);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /order-service/order/500", "GET /warehouse-service/warehouse/2/location/default", "POST /warehouse-service/order/500/goods-note/goods-in"]);
    expect(calls[2]!.body).toEqual({
      transfer: false,
      warehouseId: 2,
      userBatchReference: "M2-CM-1-SC-500",
      goodsMoved: [
        { productId: 1001, purchaseOrderRowId: 7, quantity: 2, destinationLocationId: 201, productValue: { currency: "GBP", value: 4.5 } },
        // no cost on the row: its net unit price
        { productId: 1002, purchaseOrderRowId: 8, quantity: 1, destinationLocationId: 201, productValue: { currency: "GBP", value: 12 } },
      ],
    });
    expect(cursors).toEqual({ "default-location:2": "201" });

    calls.length = 0;
    await input(client, scoped).run();
    expect(calls.map((c) => c.method + " " + c.path)).not.toContain("GET /warehouse-service/warehouse/2/location/default");
  });

  it("after an attempt that may have posted, finds its note by reference and posts nothing", async () => {
    const { client, calls } = fakeClient({
      "GET /order-service/order/500": () => [credit],
      "GET /warehouse-service/order/500/goods-note/goods-in/": () => ({ "3001": { goodsNoteId: 3001, userBatchReference: "M2-CM-1-SC-500", goodsMoved: [{ purchaseOrderRowId: 7, quantity: 2 }] } }),
    });
    const run = input(client, fakeDb().scoped, true);
    expect(await run.run()).toEqual({ status: "booked", noteId: 3001, units: 3, recovered: true });
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("after an attempt that may have posted, books only what others have not received, and nothing when they received it all", async () => {
    const others = { "4000": { goodsNoteId: 4000, userBatchReference: "by hand", goodsMoved: [{ purchaseOrderRowId: 7, Quantity: 2 }] } };
    const { client, calls } = fakeClient({
      "GET /order-service/order/500": () => [credit],
      "GET /warehouse-service/order/500/goods-note/goods-in/": () => others,
      "POST /warehouse-service/order/500/goods-note/goods-in": () => 3002,
    });
    const { scoped } = fakeDb({ "default-location:2": "201" });
    expect(await input(client, scoped, true).run()).toMatchObject({ status: "booked", noteId: 3002, units: 1 });
    expect((calls.at(-1)!.body as { goodsMoved: { purchaseOrderRowId: number }[] }).goodsMoved.map((g) => g.purchaseOrderRowId)).toEqual([8]);

    others["4000"].goodsMoved.push({ purchaseOrderRowId: 8, Quantity: 1 });
    expect(await input(client, scoped, true).run()).toEqual({ status: "already-received" });
  });

  it("reads none when the notes GET answers 404", async () => {
    const { client } = fakeClient({
      "GET /order-service/order/500": () => [credit],
      "GET /warehouse-service/order/500/goods-note/goods-in/": () => {
        throw new BrightpearlError("not-found", "Brightpearl has no such record.", { status: 404 });
      },
      "POST /warehouse-service/order/500/goods-note/goods-in": () => 3003,
    });
    expect(await input(client, fakeDb({ "default-location:2": "201" }).scoped, true).run()).toMatchObject({ status: "booked", noteId: 3003, recovered: false });
  });

  it("on a refusal with a cached location, asks for the location again and retries once only if it moved", async () => {
    let posts = 0;
    const { client, calls } = fakeClient({
      "GET /order-service/order/500": () => [credit],
      "GET /warehouse-service/order/500/goods-note/goods-in/": () => ({}),
      "GET /warehouse-service/warehouse/2/location/default": () => 205,
      "POST /warehouse-service/order/500/goods-note/goods-in": (call) => {
        posts++;
        return (call.body as { goodsMoved: { destinationLocationId: number }[] }).goodsMoved[0]!.destinationLocationId === 205 ? 3004 : refused();
      },
    });
    const { scoped, cursors } = fakeDb({ "default-location:2": "201" });
    expect(await input(client, scoped).run()).toMatchObject({ status: "booked", noteId: 3004 });
    expect(posts).toBe(2);
    expect(cursors["default-location:2"]).toBe("205");

    expect(calls.filter((c) => c.path.endsWith("/location/default"))).toHaveLength(1);

    // The location did not move: the refusal stands after one look.
    const { client: stubborn } = fakeClient({
      "GET /order-service/order/500": () => [credit],
      "GET /warehouse-service/order/500/goods-note/goods-in/": () => ({}),
      "GET /warehouse-service/warehouse/2/location/default": () => 201,
      "POST /warehouse-service/order/500/goods-note/goods-in": refused,
    });
    await expect(input(stubborn, fakeDb({ "default-location:2": "201" }).scoped).run()).rejects.toThrow(/WHSC-044/);
  });

  it("believes a refused POST only after the notes show the goods are not in already", async () => {
    const { client } = fakeClient({
      "GET /order-service/order/500": () => [credit],
      "GET /warehouse-service/order/500/goods-note/goods-in/": () => ({ "3005": { goodsNoteId: 3005, userBatchReference: "M2-CM-1-SC-500", goodsMoved: [] } }),
      "GET /warehouse-service/warehouse/2/location/default": () => 201,
      "POST /warehouse-service/order/500/goods-note/goods-in": refused,
    });
    expect(await input(client, fakeDb().scoped).run()).toEqual({ status: "booked", noteId: 3005, units: 3, recovered: true });
  });

  it("leaves out products the catalogue knows are not stock tracked, and books nothing when none are left", async () => {
    const { client, calls } = fakeClient({ "GET /order-service/order/500": () => [credit] });
    const result = await restockCredit({
      client,
      scoped: fakeDb().scoped,
      tenantId: "t1",
      creditId: 500,
      reference: "r",
      started: false,
      markStarted: async () => undefined,
      notStockTracked: async (ids) => new Set(ids),
    });
    expect(result).toEqual({ status: "nothing-to-book" });
    expect(calls).toHaveLength(1);
  });

  it("refuses in plain words when the credit has no warehouse", async () => {
    const { client } = fakeClient({ "GET /order-service/order/500": () => [{ ...credit, warehouseId: null }] });
    await expect(input(client, fakeDb().scoped).run()).rejects.toThrow(new RestockRefused("sales credit 500 has no warehouse to receive them into"));
  });
});
