import "server-only";
import { z } from "zod";
import type { TenantDb } from "@/lib/tenants/scope";
import type { BrightpearlClient } from "./client";

// Webhook subscriptions. Brightpearl signs nothing it delivers, so each destination URL carries a
// per-tenant secret; deliveries carry only ids, which the flows re-fetch through the API.

export type WebhookSpec = {
  /** e.g. product.modified.on-hand-modified */
  event: string;
  /** 1: at-least-once (retried on anything but 4xx); 0: at-most-once (retried only on 503) */
  qualityOfService: 0 | 1;
  /** several ids per delivery as an ID set ("1-5,9") instead of one request per id */
  idSetAccepted: boolean;
};

/** The body Brightpearl renders for every delivery; the receiver validates exactly these fields. */
export const WEBHOOK_BODY_TEMPLATE = JSON.stringify({
  accountCode: "${account-code}",
  resourceType: "${resource-type}",
  id: "${resource-id}",
  lifecycleEvent: "${lifecycle-event}",
  fullEvent: "${full-event}",
  raisedOn: "${raised-on}",
  brightpearlVersion: "${brightpearl-version}",
});

export function webhookDestinationBase(appUrl: string, tenantId: string): string {
  return `${appUrl}/api/brightpearl/webhooks/${tenantId}`;
}

export function webhookDestination(appUrl: string, tenantId: string, secret: string): string {
  return `${webhookDestinationBase(appUrl, tenantId)}?k=${encodeURIComponent(secret)}`;
}

const registered = z
  .object({
    id: z.number().int(),
    subscribeTo: z.string(),
    httpMethod: z.string().optional(),
    uriTemplate: z.string(),
    bodyTemplate: z.string().optional(),
    contentType: z.string().optional(),
    idSetAccepted: z.boolean().optional(),
    qualityOfService: z.number().int().optional(),
  })
  .loose();
type Registered = z.output<typeof registered>;

export type ReconcileResult = { created: string[]; kept: string[]; removed: number };

/**
 * Makes the account's webhooks that point at this tenant's destination exactly `wanted`: one per
 * event with the current secret, template and options. Ours that are outdated, duplicated or no
 * longer wanted are deleted; webhooks of other integrations (any other destination) are left alone.
 * Running it again changes nothing.
 */
export async function reconcileWebhooks(
  client: BrightpearlClient,
  scoped: TenantDb,
  input: { tenantId: string; appUrl: string; secret: string; wanted: WebhookSpec[] },
): Promise<ReconcileResult> {
  const existing = await client.get("/integration-service/webhook", z.array(registered));
  const base = webhookDestinationBase(input.appUrl, input.tenantId);
  const destination = webhookDestination(input.appUrl, input.tenantId, input.secret);
  const ours = existing.filter((w) => w.uriTemplate === base || w.uriTemplate.startsWith(`${base}?`));

  const matches = (w: Registered, spec: WebhookSpec) =>
    w.subscribeTo === spec.event &&
    w.uriTemplate === destination &&
    (w.httpMethod ?? "POST").toUpperCase() === "POST" &&
    w.bodyTemplate === WEBHOOK_BODY_TEMPLATE &&
    (w.idSetAccepted ?? false) === spec.idSetAccepted &&
    (w.qualityOfService ?? 0) === spec.qualityOfService;

  const keep = new Map<string, Registered>();
  for (const spec of input.wanted) {
    const found = ours.find((w) => matches(w, spec));
    if (found) keep.set(spec.event, found);
  }
  const stale = ours.filter((w) => ![...keep.values()].includes(w));
  for (const w of stale) await client.delete(`/integration-service/webhook/${w.id}`, z.unknown());

  const created: string[] = [];
  for (const spec of input.wanted) {
    if (keep.has(spec.event)) continue;
    const id = await client.post(
      "/integration-service/webhook",
      {
        subscribeTo: spec.event,
        httpMethod: "POST",
        uriTemplate: destination,
        bodyTemplate: WEBHOOK_BODY_TEMPLATE,
        contentType: "application/json",
        idSetAccepted: spec.idSetAccepted,
        qualityOfService: spec.qualityOfService,
      },
      z.number().int(),
    );
    keep.set(spec.event, { id, subscribeTo: spec.event, uriTemplate: destination });
    created.push(spec.event);
  }

  await scoped.webhookSubscription.deleteMany({ where: { event: { notIn: [...keep.keys()] } } });
  for (const [event, w] of keep) {
    await scoped.webhookSubscription.upsert({
      where: { tenantId_event: { tenantId: input.tenantId, event } },
      create: { tenantId: input.tenantId, event, brightpearlWebhookId: w.id },
      update: { brightpearlWebhookId: w.id },
    });
  }
  return { created, kept: [...keep.keys()].filter((e) => !created.includes(e)), removed: stale.length };
}

/** What a delivery must contain (our body template, rendered by Brightpearl). */
export const webhookDelivery = z.object({
  accountCode: z.string().min(1),
  resourceType: z.string().min(1),
  id: z.string().min(1),
  lifecycleEvent: z.string().min(1),
  fullEvent: z.string().min(1),
  raisedOn: z.string().optional(),
  brightpearlVersion: z.string().optional(),
});
