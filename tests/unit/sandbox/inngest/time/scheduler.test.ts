import { describe, expect, it } from "vitest";
import { ManualClock } from "@/sandbox/inngest/time/clock";
import { Scheduler } from "@/sandbox/inngest/time/scheduler";

describe("the engine's timer queue", () => {
  it("fires entries in time order once a manual clock reaches them, and never cancelled ones", () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    const scheduler = new Scheduler(clock, (id) => fired.push(id));
    scheduler.start();
    scheduler.schedule("late", 5_000);
    scheduler.schedule("early", 2_000);
    scheduler.schedule("gone", 3_000);
    scheduler.cancel("gone");

    expect(scheduler.fireDue()).toBe(0);
    clock.set(4_000);
    expect(scheduler.fireDue()).toBe(1);
    clock.set(9_000);
    scheduler.fireDue();

    expect(fired).toEqual(["early", "late"]);
    expect(scheduler.size).toBe(0);
    scheduler.stop();
  });

  it("replaces an entry rescheduled under the same id", () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    const scheduler = new Scheduler(clock, (id) => fired.push(id));
    scheduler.schedule("job", 100);
    scheduler.schedule("job", 500);
    clock.set(200);
    scheduler.fireDue();
    expect(fired).toEqual([]);
    expect(scheduler.dueAt("job")).toBe(500);
  });

  it("fires chosen future entries early (fast-forward) and leaves the rest", () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    const scheduler = new Scheduler(clock, (id) => fired.push(id));
    scheduler.schedule("sleep-1", 3_600_000);
    scheduler.schedule("cron", 60_000, "cron");
    scheduler.schedule("sleep-2", 7_200_000);

    const early = scheduler.fireEarly((id, kind) => kind === "job" && id.startsWith("sleep"));

    expect(early).toEqual(["sleep-1", "sleep-2"]);
    expect(fired).toEqual(["sleep-1", "sleep-2"]);
    expect(scheduler.nextAt()).toBe(60_000);
  });

  it("fires a due entry on its own with the wall clock", async () => {
    const fired: string[] = [];
    const scheduler = new Scheduler({ now: () => Date.now(), manual: false }, (id) => fired.push(id));
    scheduler.start();
    scheduler.schedule("soon", Date.now() + 30);
    await new Promise((r) => setTimeout(r, 100));
    scheduler.stop();
    expect(fired).toEqual(["soon"]);
  });
});
