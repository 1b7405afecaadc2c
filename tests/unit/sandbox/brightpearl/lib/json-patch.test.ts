import { describe, expect, it } from "vitest";
import { ApiError } from "@/sandbox/brightpearl/http/errors";
import { applyPatch } from "@/sandbox/brightpearl/lib/json-patch";

const doc = { reference: "#1", delivery: { deliveryDate: null as string | null }, tags: ["a"], custom: { PCF_X: { id: 1 } } };

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof ApiError ? `${e.status} ${e.errors[0]!.code}` : "other";
  }
  return undefined;
}

describe("sandbox JSON Patch", () => {
  it("replaces, adds new keys, removes and appends, leaving the original alone", () => {
    const out = applyPatch(doc, [
      { op: "replace", path: "/reference", value: "#2" },
      { op: "add", path: "/newKey", value: 5 },
      { op: "add", path: "/tags/-", value: "b" },
      { op: "remove", path: "/delivery/deliveryDate" },
      { op: "add", path: "/custom/PCF_X", value: { id: 2 } },
    ]);
    expect(out).toEqual({ reference: "#2", newKey: 5, tags: ["a", "b"], delivery: {}, custom: { PCF_X: { id: 2 } } });
    expect(doc.reference).toBe("#1");
  });

  it("answers 500 CMNC-044 for add onto an existing scalar", () => {
    expect(code(() => applyPatch(doc, [{ op: "add", path: "/reference", value: "#9" }]))).toBe("500 CMNC-044");
  });

  it("answers 500 CMNC-044 for replace or remove of missing paths, unknown ops and non-arrays", () => {
    expect(code(() => applyPatch(doc, [{ op: "replace", path: "/missing", value: 1 }]))).toBe("500 CMNC-044");
    expect(code(() => applyPatch(doc, [{ op: "remove", path: "/a/b" }]))).toBe("500 CMNC-044");
    expect(code(() => applyPatch(doc, [{ op: "move", path: "/reference", from: "/tags" }]))).toBe("500 CMNC-044");
    expect(code(() => applyPatch(doc, { op: "replace" }))).toBe("500 CMNC-044");
    expect(code(() => applyPatch(doc, []))).toBe("500 CMNC-044");
    expect(code(() => applyPatch(doc, [{ op: "test", path: "/reference", value: "#1" }]))).toBeUndefined();
  });
});
