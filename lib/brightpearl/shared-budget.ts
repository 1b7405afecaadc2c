import "server-only";
import type { Db } from "@/lib/db";
import { processBudget, type BudgetGate } from "./budget";

// One request budget per tenant, shared by every function, step and process: before each request
// a slot in the rolling minute is taken from the tenant's budget row (locked for the moment it
// takes). Brightpearl allows 200 a rolling minute; a small margin and a slightly longer window
// absorb the time between our clock and Brightpearl's counting.

export const BRIGHTPEARL_REQUESTS_PER_MINUTE = 200;
const MARGIN = 5;
const WINDOW_MS = 61_000;

export class SharedBudget implements BudgetGate {
  private readonly limit: number;

  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
    options: { perMinute?: number; sleep?: (ms: number) => Promise<void>; now?: () => number } = {},
  ) {
    this.limit = Math.max(1, (options.perMinute ?? BRIGHTPEARL_REQUESTS_PER_MINUTE) - MARGIN);
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
  }

  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  /** Takes a slot, waiting until the rolling minute has one. */
  async beforeRequest(account: string): Promise<void> {
    for (;;) {
      const wait = await this.take();
      if (wait <= 0) break;
      await this.sleep(wait + Math.floor(Math.random() * 50));
    }
    // Brightpearl's own count (from its headers) may know of requests we did not make.
    await processBudget.beforeRequest(account);
  }

  afterResponse(account: string, headers: Headers): void {
    processBudget.afterResponse(account, headers);
  }

  /** 0 when a slot was taken, else how long until the oldest request leaves the window. */
  private take(): Promise<number> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "BrightpearlBudget" ("tenantId", "sentAt") VALUES (${this.tenantId}, ARRAY[]::bigint[]) ON CONFLICT ("tenantId") DO NOTHING`;
      const rows = await tx.$queryRaw<{ sentAt: (bigint | number | string)[] }[]>`SELECT "sentAt" FROM "BrightpearlBudget" WHERE "tenantId" = ${this.tenantId} FOR UPDATE`;
      const now = this.now();
      const recent = (rows[0]?.sentAt ?? []).map(Number).filter((t) => t > now - WINDOW_MS);
      if (recent.length >= this.limit) return recent[0]! + WINDOW_MS - now;
      recent.push(now);
      await tx.$executeRaw`UPDATE "BrightpearlBudget" SET "sentAt" = ${recent.map((t) => BigInt(t))}::bigint[] WHERE "tenantId" = ${this.tenantId}`;
      return 0;
    });
  }
}
