import { afterAll, describe, expect, it } from "vitest";
import { SharedBudget } from "@/lib/brightpearl/shared-budget";
import { db } from "@/lib/db";

afterAll(async () => {
  await db().$disconnect();
});

async function tenant() {
  return (await db().tenant.create({ data: { accountCode: `budget${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, installationInstanceId: "1" } })).id;
}

describe("shared Brightpearl request budget", () => {
  it("lets through no more than the limit in a rolling minute, across budget instances, then waits for the window", async () => {
    const tenantId = await tenant();
    let clock = 1_000_000;
    const waits: number[] = [];
    // two "processes" sharing the tenant's budget (perMinute 10 → 5 after the safety margin)
    const make = () =>
      new SharedBudget(db(), tenantId, {
        perMinute: 10,
        now: () => clock,
        sleep: async (ms) => {
          waits.push(ms);
          await new Promise((r) => setTimeout(r, 20));
        },
      });
    const [a, b] = [make(), make()];
    const passed: number[] = [];
    const attempts = Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).beforeRequest(`acct-${tenantId}`).then(() => passed.push(i)));
    await new Promise((r) => setTimeout(r, 1000));
    expect(passed).toHaveLength(5);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(60_000);
    // a minute later the window has room for the three that waited
    clock += 62_000;
    await Promise.all(attempts);
    expect(passed).toHaveLength(8);
    const row = await db().brightpearlBudget.findUniqueOrThrow({ where: { tenantId } });
    expect(row.sentAt.map(Number).filter((t) => t > clock - 61_000)).toHaveLength(3);
  });

  it("keeps tenants' budgets apart", async () => {
    const [one, two] = [await tenant(), await tenant()];
    const clock = 5_000_000;
    for (let i = 0; i < 5; i++) await new SharedBudget(db(), one, { perMinute: 10, now: () => clock }).beforeRequest("one");
    const waited: number[] = [];
    await new SharedBudget(db(), two, { perMinute: 10, now: () => clock, sleep: async (ms) => void waited.push(ms) }).beforeRequest("two");
    expect(waited).toEqual([]);
  });
});
