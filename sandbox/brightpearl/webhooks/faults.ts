// Lost webhooks: rules that make the sandbox silently not send a delivery, as Brightpearl does not
// guarantee a notification for every change. Separate from the per-route API faults.
import { z } from "zod";

export const webhookFaultSchema = z.object({
  account: z.string().optional(),
  /** exact event code, e.g. product.modified.on-hand-modified */
  event: z.string().optional(),
  webhookId: z.number().int().optional(),
  /** share of matching deliveries that are never sent (0..1) */
  dropRate: z.number().min(0).max(1).default(1),
  /** drop this many, then retire the rule */
  count: z.number().int().positive().optional(),
});
export type WebhookFaultInput = z.input<typeof webhookFaultSchema>;
export type WebhookFault = z.output<typeof webhookFaultSchema> & { id: string; dropped: number };

export class WebhookFaults {
  private rules: WebhookFault[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(input: WebhookFaultInput): WebhookFault {
    const rule: WebhookFault = { ...webhookFaultSchema.parse(input), id: `webhook-fault-${this.nextId++}`, dropped: 0 };
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): WebhookFault[] {
    return [...this.rules];
  }

  shouldDrop(account: string, event: string, webhookId: number): boolean {
    for (const rule of this.rules) {
      if (rule.account !== undefined && rule.account !== account) continue;
      if (rule.event !== undefined && rule.event !== event) continue;
      if (rule.webhookId !== undefined && rule.webhookId !== webhookId) continue;
      if (this.random() >= rule.dropRate) continue;
      rule.dropped++;
      if (rule.count !== undefined && rule.dropped >= rule.count) this.remove(rule.id);
      return true;
    }
    return false;
  }
}
