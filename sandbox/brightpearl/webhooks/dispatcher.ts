// Delivers webhook events the way Brightpearl documents them: the registered uriTemplate and
// bodyTemplate rendered with the event's variables; with idSetAccepted the ids raised for a hook
// and event within a short window go out as one ID set; QoS 0 is retried only when the receiver
// answers 503, QoS 1 on anything but a 2xx or 4xx, with growing delays.
import { randomUUID } from "node:crypto";
import type { WebhookConfig } from "../context";
import { formatInOffset } from "../lib/datetime";
import { chunkIdSets, formatIdSet } from "../lib/id-set";
import { offsetOf } from "../state/accounts";
import type { AccountState, Webhook } from "../state/types";
import type { DeliveryLog } from "./delivery-log";
import { eventParts, subscriptionMatches } from "./events";
import type { WebhookFaults } from "./faults";

export type TemplateVariables = Record<string, string>;

/** Replaces ${name} placeholders; unknown placeholders stay as they are. */
export function renderTemplate(template: string, vars: TemplateVariables): string {
  return template.replace(/\$\{([a-z-]+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

export function eventVariables(account: AccountState, event: string, resourceIds: string, raisedOn: number, version: string): TemplateVariables {
  const parts = eventParts(event);
  return {
    "account-code": account.code,
    "resource-type": parts.resourceType,
    "resource-id": resourceIds,
    "lifecycle-event": parts.lifecycleEvent,
    "resource-specifier": parts.resourceSpecifier,
    "full-event": event,
    "raised-on": formatInOffset(raisedOn, offsetOf(account)),
    "brightpearl-version": version,
  };
}

type Delivery = {
  id: string;
  account: string;
  webhook: Webhook;
  event: string;
  resourceIds: string;
  url: string;
  body: string | null;
  simulated: boolean;
};

type Batch = { account: AccountState; webhook: Webhook; event: string; ids: Set<number>; raisedOn: number; timer: NodeJS.Timeout };

export type DispatcherDeps = {
  config: () => WebhookConfig;
  now: () => number;
  version: () => string;
  log: DeliveryLog;
  faults: WebhookFaults;
};

export class WebhookDispatcher {
  private batches = new Map<string, Batch>();
  private timers = new Set<NodeJS.Timeout>();
  private outstanding = 0;
  private waiters: (() => void)[] = [];
  private closed = false;
  /** bumped by cancelAll, so attempts already in flight do not settle work queued after it */
  private generation = 0;

  constructor(private readonly deps: DispatcherDeps) {}

  /** An event happened to these ids: queue a delivery for every hook subscribed to it. */
  emit(account: AccountState, event: string, ids: number[]): void {
    if (this.closed || ids.length === 0) return;
    for (const stored of Object.values(account.webhooks)) {
      if (!subscriptionMatches(stored.subscribeTo, event)) continue;
      const webhook = { ...stored };
      if (!webhook.idSetAccepted) {
        for (const id of new Set(ids)) this.send(account, webhook, event, String(id), this.deps.now());
        continue;
      }
      const key = `${account.code}|${webhook.id}|${event}`;
      let batch = this.batches.get(key);
      if (!batch) {
        this.outstanding++;
        const timer = setTimeout(() => this.flushBatch(key), this.deps.config().batchWindowMs);
        timer.unref();
        batch = { account, webhook, event, ids: new Set(), raisedOn: this.deps.now(), timer };
        this.batches.set(key, batch);
      }
      for (const id of ids) batch.ids.add(id);
      if (batch.ids.size >= this.deps.config().maxIdsPerDelivery) this.flushBatch(key);
    }
  }

  private flushBatch(key: string): void {
    const batch = this.batches.get(key);
    if (!batch) return;
    this.batches.delete(key);
    clearTimeout(batch.timer);
    for (const set of chunkIdSets(batch.ids, this.deps.config().maxIdsPerDelivery)) this.send(batch.account, batch.webhook, batch.event, set, batch.raisedOn);
    this.done();
  }

  /** Sends every batch now instead of at the end of its window. */
  flush(): void {
    for (const key of [...this.batches.keys()]) this.flushBatch(key);
  }

  private send(account: AccountState, webhook: Webhook, event: string, resourceIds: string, raisedOn: number, simulated = false, vars?: TemplateVariables): void {
    const v = vars ?? eventVariables(account, event, resourceIds, raisedOn, this.deps.version());
    const withBody = webhook.httpMethod === "POST" || webhook.httpMethod === "PUT";
    const delivery: Delivery = {
      id: randomUUID(),
      account: account.code,
      webhook,
      event,
      resourceIds: v["resource-id"] ?? resourceIds,
      url: renderTemplate(webhook.uriTemplate, v),
      body: withBody && webhook.bodyTemplate !== null ? renderTemplate(webhook.bodyTemplate, v) : null,
      simulated,
    };
    if (!simulated && this.deps.faults.shouldDrop(account.code, event, webhook.id)) {
      this.record(delivery, 1, null, "dropped by a sandbox fault rule", 0, "dropped");
      return;
    }
    this.track(this.attempt(delivery, 1));
  }

  /** POST /integration-service/webhook/{id}/simulate: one delivery built from the test data. */
  simulate(account: AccountState, webhook: Webhook, testData: Record<string, string>): void {
    const vars = eventVariables(account, webhook.subscribeTo, testData["${resource-id}"] ?? "", this.deps.now(), this.deps.version());
    for (const [k, v] of Object.entries(testData)) {
      const m = /^\$\{([a-z-]+)\}$/.exec(k);
      if (m) vars[m[1]!] = v;
    }
    const event = [vars["resource-type"], vars["lifecycle-event"], vars["resource-specifier"]].filter(Boolean).join(".");
    vars["full-event"] = testData["${full-event}"] ?? event;
    this.send(account, webhook, vars["full-event"]!, vars["resource-id"] ?? "", this.deps.now(), true, vars);
  }

  private async attempt(d: Delivery, n: number): Promise<void> {
    const config = this.deps.config();
    const generation = this.generation;
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: d.webhook.httpMethod,
        headers: d.body !== null ? { "content-type": d.webhook.contentType ?? "application/json", "user-agent": "Brightpearl-Webhooks/sandbox" } : { "user-agent": "Brightpearl-Webhooks/sandbox" },
        body: d.body,
        redirect: "manual",
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? (e.name === "TimeoutError" ? `no answer within ${config.timeoutMs} ms` : e.message) : String(e);
    }
    const ok = status !== null && status >= 200 && status < 300;
    const retryable = !ok && (d.webhook.qualityOfService === 1 ? !(status !== null && status >= 400 && status < 500) : status === 503);
    const delay = config.retryDelaysMs[n - 1];
    const willRetry = retryable && delay !== undefined && !this.closed && !d.simulated && generation === this.generation;
    this.record(d, n, status, error, performance.now() - started, ok ? "delivered" : willRetry ? "will-retry" : "failed");
    if (!willRetry) return;
    this.outstanding++;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) this.track(this.attempt(d, n + 1));
      this.done();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private record(d: Delivery, attempt: number, status: number | null, error: string | null, durationMs: number, outcome: "delivered" | "will-retry" | "failed" | "dropped"): void {
    this.deps.log.record({
      at: this.deps.now(),
      deliveryId: d.id,
      attempt,
      account: d.account,
      webhookId: d.webhook.id,
      event: d.event,
      resourceIds: d.resourceIds,
      method: d.webhook.httpMethod,
      url: d.url,
      body: d.body,
      status,
      error,
      durationMs: Math.round(durationMs),
      outcome,
      simulated: d.simulated,
    });
  }

  private track(p: Promise<void>): void {
    const generation = this.generation;
    this.outstanding++;
    void p.finally(() => {
      if (generation === this.generation) this.done();
    });
  }

  private done(): void {
    this.outstanding--;
    if (this.outstanding <= 0) {
      this.outstanding = 0;
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
  }

  /** Resolves when nothing is batched, in flight or waiting to be retried. */
  idle(): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Forgets queued batches and retries (reset). */
  cancelAll(): void {
    for (const b of this.batches.values()) clearTimeout(b.timer);
    this.batches.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    // Attempts already in flight finish on their own; only the queued work is dropped.
    this.generation++;
    this.outstanding = 0;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  close(): void {
    this.closed = true;
    this.cancelAll();
  }

  /** ID-set text for a list of ids (exposed for the simulate endpoint's validation). */
  static idSet(ids: number[]): string {
    return formatIdSet(ids);
  }
}
