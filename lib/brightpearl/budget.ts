// What this process knows about each account's request budget (200 a rolling minute). Every
// response says how many requests remain and when the window resets; when nothing remains we wait
// for the reset instead of spending a request on a 503.

type AccountBudget = { remaining: number; resetsAt: number };

/** What the client asks before each request and tells after each answer. */
export interface BudgetGate {
  beforeRequest(account: string): Promise<void>;
  afterResponse(account: string, headers: Headers): void;
}

export class RequestBudget implements BudgetGate {
  private accounts = new Map<string, AccountBudget>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Waits while the account's budget is known to be spent. */
  async beforeRequest(account: string): Promise<void> {
    const budget = this.accounts.get(account);
    if (!budget) return;
    const wait = budget.resetsAt - this.now();
    if (budget.remaining > 0 || wait <= 0) {
      if (budget.remaining > 0) budget.remaining--;
      return;
    }
    await this.sleep(wait);
  }

  /** Records the headers of a response (present on every Brightpearl answer, errors included). */
  afterResponse(account: string, headers: Headers): void {
    const remaining = Number(headers.get("brightpearl-requests-remaining"));
    const nextPeriod = Number(headers.get("brightpearl-next-throttle-period"));
    if (!headers.has("brightpearl-requests-remaining") || !Number.isFinite(remaining)) return;
    this.accounts.set(account, {
      remaining,
      resetsAt: this.now() + (Number.isFinite(nextPeriod) && nextPeriod > 0 ? nextPeriod : 60_000),
    });
  }

  /** Milliseconds until the account's window resets, if known. */
  resetInMs(account: string): number | undefined {
    const budget = this.accounts.get(account);
    return budget ? Math.max(0, budget.resetsAt - this.now()) : undefined;
  }
}

/** One budget tracker per process, shared by every client of an account. */
export const processBudget = new RequestBudget();
