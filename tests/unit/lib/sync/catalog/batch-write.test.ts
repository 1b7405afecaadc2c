import { describe, expect, it } from "vitest";
import { MagentoError } from "@/lib/magento/errors";
import { writeInBatches } from "@/lib/sync/catalog/batch-write";

const invalid = (sku: string) => new MagentoError("invalid", "invalid", `The SKU ${sku} is not valid.`, { status: 400 });

/** A Magento stand-in that refuses any call containing a bad row, as a 400 for the whole call. */
function store(bad: Set<string>, refusal: (sku: string) => Error = invalid) {
  const calls: string[][] = [];
  const saved: string[] = [];
  const send = async (rows: string[]) => {
    calls.push(rows);
    const culprit = rows.find((r) => bad.has(r));
    if (culprit) throw refusal(culprit);
    saved.push(...rows);
  };
  return { calls, saved, send };
}

const rows = Array.from({ length: 20 }, (_, i) => `SKU-${i}`);

describe("writing a batch where one bad row refuses the whole call", () => {
  it("halves a refused batch until the bad rows are found; every other row is written", async () => {
    const s = store(new Set(["SKU-3", "SKU-17"]));
    const failures = await writeInBatches(rows, s.send);
    expect(failures.map((f) => f.row)).toEqual(["SKU-3", "SKU-17"]);
    expect(failures[0]!.error.message).toBe("The SKU SKU-3 is not valid.");
    expect(s.saved.sort()).toEqual(rows.filter((r) => r !== "SKU-3" && r !== "SKU-17").sort());
    // far fewer calls than one per row
    expect(s.calls.length).toBeLessThan(20);
  });

  it("stops on credentials refused, without failing any row", async () => {
    const s = store(new Set(["SKU-3"]), () => new MagentoError("auth", "token-revoked", "The access token has been revoked.", { status: 401 }));
    await expect(writeInBatches(rows, s.send)).rejects.toMatchObject({ kind: "auth" });
    expect(s.calls).toHaveLength(1);
  });

  it("does not bisect on a 4xx that is no row's fault (403, 404, 429)", async () => {
    for (const error of [
      new MagentoError("invalid", "invalid", "Forbidden", { status: 403 }),
      new MagentoError("not-found", "no-route", "Request does not match any route.", { status: 404 }),
      new MagentoError("unavailable", "throttled", "Too many requests", { status: 429 }),
    ]) {
      const s = store(new Set(["SKU-3"]), () => error);
      await expect(writeInBatches(rows, s.send)).rejects.toBe(error);
      expect(s.calls).toHaveLength(1);
    }
  });
});
