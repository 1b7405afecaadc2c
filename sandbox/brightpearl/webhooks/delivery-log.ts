// Every webhook delivery attempt, for tests and demos to read: what was sent where, and what came
// back (or that a fault dropped it).
export type DeliveryOutcome = "delivered" | "will-retry" | "failed" | "dropped";

export type DeliveryAttempt = {
  at: number;
  /** one logical delivery (one ID set for one hook); its attempts share this id */
  deliveryId: string;
  attempt: number;
  account: string;
  webhookId: number;
  event: string;
  resourceIds: string;
  method: string;
  url: string;
  body: string | null;
  status: number | null;
  error: string | null;
  durationMs: number;
  outcome: DeliveryOutcome;
  simulated: boolean;
};

export class DeliveryLog {
  private entries: DeliveryAttempt[] = [];

  constructor(private readonly capacity = 50_000) {}

  record(entry: DeliveryAttempt): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(filter: { account?: string; webhookId?: number; event?: string; since?: number } = {}): DeliveryAttempt[] {
    return this.entries.filter(
      (e) =>
        (filter.account === undefined || e.account === filter.account) &&
        (filter.webhookId === undefined || e.webhookId === filter.webhookId) &&
        (filter.event === undefined || e.event === filter.event) &&
        (filter.since === undefined || e.at >= filter.since),
    );
  }

  clear(): void {
    this.entries = [];
  }
}
