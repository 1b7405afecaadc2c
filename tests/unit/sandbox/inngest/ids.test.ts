import { describe, expect, it } from "vitest";
import { ulid, ulidTime } from "@/sandbox/inngest/ids";

describe("ULIDs", () => {
  it("are 26 Crockford base32 characters carrying their creation time", () => {
    const id = ulid(1_767_225_600_000);
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(ulidTime(id)).toBe(1_767_225_600_000);
  });

  it("sort in creation order, also within one millisecond", () => {
    const ids = Array.from({ length: 500 }, () => ulid(1_767_225_600_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(500);
  });
});
