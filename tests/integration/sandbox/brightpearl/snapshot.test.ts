import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startBrightpearlSandbox } from "@/sandbox/brightpearl/sandbox";
import { snapshotPath } from "@/sandbox/brightpearl/state/snapshot";
import { APP, apiFor, salesOrder } from "./helpers";

describe("Brightpearl sandbox snapshot", () => {
  it("keeps accounts, tokens and orders across a restart", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "bp-snapshot-"));
    let seeded = 0;
    const seed = () => void seeded++;
    const first = await startBrightpearlSandbox({ admin: true, app: APP, dataDir, seed });
    const control = first.sandbox.control;
    control.createAccount({ code: "persisted" });
    control.seedProducts("persisted", { count: 2, stock: 5 });
    const customer = control.createCustomer("persisted");
    const tokens = control.issueTokens("persisted");
    const api = apiFor(first.url, "persisted", tokens.accessToken);
    const orderId = (await api.call("POST", "/order-service/sales-order", salesOrder(customer, [1001]))).json.response;
    await first.close();
    expect(seeded).toBe(1);

    const second = await startBrightpearlSandbox({ admin: true, app: APP, dataDir, seed });
    try {
      expect(seeded).toBe(1);
      const again = apiFor(second.url, "persisted", tokens.accessToken);
      const order = await again.get(`/order-service/order/${orderId}`);
      expect(order.status).toBe(200);
      expect(order.json.response[0].id).toBe(orderId);
      expect((await again.get("/warehouse-service/product-availability/1001")).json.response["1001"].total.allocated).toBe(2);
      // Ids continue after the restored ones.
      const next = (await again.call("POST", "/order-service/sales-order", salesOrder(customer, [1002]))).json.response;
      expect(next).toBe(orderId + 1);
    } finally {
      await second.close();
    }
  });

  it("loads a snapshot written before goods-in notes existed, and books goods in on it", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "bp-snapshot-"));
    const first = await startBrightpearlSandbox({ admin: true, app: APP, dataDir });
    first.sandbox.control.createAccount({ code: "older" });
    first.sandbox.control.seedProducts("older", { count: 1, stock: 5 });
    const customer = first.sandbox.control.createCustomer("older");
    const tokens = first.sandbox.control.issueTokens("older");
    const creditId = (await apiFor(first.url, "older", tokens.accessToken).call("POST", "/order-service/sales-credit", salesOrder(customer, [1001]))).json.response as number;
    await first.close();
    const file = snapshotPath(dataDir);
    const saved = JSON.parse(readFileSync(file, "utf8"));
    for (const account of saved.accounts) delete account.goodsInNotes;
    writeFileSync(file, JSON.stringify(saved));

    const second = await startBrightpearlSandbox({ admin: true, app: APP, dataDir });
    try {
      expect(second.sandbox.control.receiveGoodsIn("older", { orderId: creditId }).goodsInNoteIds).toHaveLength(1);
      expect(second.sandbox.control.account("older").stock[1001]![2]!.inStock).toBe(7);
    } finally {
      await second.close();
    }
  });

  it("refuses to start from a file that is not a snapshot, naming it", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "bp-snapshot-"));
    writeFileSync(snapshotPath(dataDir), JSON.stringify({ version: 99 }));
    await expect(startBrightpearlSandbox({ dataDir })).rejects.toThrow(/not a version 1 sandbox snapshot/);
  });
});
