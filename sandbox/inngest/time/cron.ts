// Cron triggers: standard 5-field expressions (6 with seconds), optionally prefixed with
// "TZ=Area/City " (or "CRON_TZ=") as Inngest accepts; without a prefix the schedule is UTC.
import { Cron } from "croner";

export type CronSchedule = { expression: string; pattern: string; timezone: string; cron: Cron };

const TZ_PREFIX = /^(?:CRON_)?TZ=(\S+)\s+(.+)$/;

function assertTimezone(timezone: string, expression: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw new Error(`cron "${expression}": unknown time zone "${timezone}"`);
  }
}

/** Parses a cron trigger; throws an Error naming the expression when it is not valid. */
export function parseCron(expression: string): CronSchedule {
  const trimmed = expression.trim();
  const prefixed = TZ_PREFIX.exec(trimmed);
  const timezone = prefixed ? prefixed[1]! : "UTC";
  const pattern = prefixed ? prefixed[2]!.trim() : trimmed;
  assertTimezone(timezone, expression);
  try {
    const cron = new Cron(pattern, { paused: true, timezone, mode: "5-or-6-parts" });
    return { expression, pattern, timezone, cron };
  } catch (error) {
    throw new Error(`cron "${expression}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The first time strictly after `after` (ms) the schedule fires, or undefined if never. */
export function nextCronTime(schedule: CronSchedule, after: number): number | undefined {
  return schedule.cron.nextRun(new Date(after))?.getTime();
}
