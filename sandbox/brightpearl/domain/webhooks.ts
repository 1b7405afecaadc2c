// integration-service webhook definitions: register with validation, list, delete.
import { z } from "zod";
import type { SandboxContext } from "../context";
import { invalid, notFound } from "../http/errors";
import { nextId } from "../state/accounts";
import type { AccountState, Webhook } from "../state/types";
import { SUBSCRIBABLE_EVENTS } from "../webhooks/events";

export const webhookBodySchema = z.object({
  subscribeTo: z.string(),
  httpMethod: z.string(),
  uriTemplate: z.string(),
  bodyTemplate: z.string().nullable().optional(),
  contentType: z.string().nullable().optional(),
  idSetAccepted: z.boolean().optional(),
  qualityOfService: z.number().int().optional(),
});

export function createWebhook(ctx: SandboxContext, account: AccountState, body: z.infer<typeof webhookBodySchema>): Webhook {
  // Recorded wording, "too" included.
  if (!SUBSCRIBABLE_EVENTS.has(body.subscribeTo)) throw invalid("INTC-064", `${body.subscribeTo} either does not exist or cannot be subscribed too`);
  const method = body.httpMethod.toUpperCase();
  if (!["GET", "POST", "PUT", "DELETE"].includes(method)) throw invalid("INTC-060", `httpMethod must be GET, POST, PUT or DELETE, not ${body.httpMethod}`);
  // The template must be an absolute http(s) URI once its ${...} placeholders are filled in.
  let uri: URL | undefined;
  try {
    uri = new URL(body.uriTemplate.replace(/\$\{[a-z-]+\}/g, "x"));
  } catch {
    uri = undefined;
  }
  if (!uri || !["http:", "https:"].includes(uri.protocol)) throw invalid("INTC-061", "uriTemplate must be an absolute http(s) URI");
  const withBody = method === "POST" || method === "PUT";
  if (withBody && (!body.bodyTemplate || !body.contentType)) throw invalid("INTC-062", "bodyTemplate and contentType are required for POST and PUT webhooks");
  const qos = body.qualityOfService ?? 0;
  if (qos !== 0 && qos !== 1) throw invalid("INTC-063", "qualityOfService must be 0 or 1");
  const webhook: Webhook = {
    id: nextId(account, "webhook", 1),
    subscribeTo: body.subscribeTo,
    httpMethod: method as Webhook["httpMethod"],
    uriTemplate: body.uriTemplate,
    bodyTemplate: body.bodyTemplate ?? null,
    contentType: body.contentType ?? null,
    idSetAccepted: body.idSetAccepted ?? false,
    qualityOfService: qos,
  };
  account.webhooks[webhook.id] = webhook;
  ctx.changed();
  return webhook;
}

export function deleteWebhook(ctx: SandboxContext, account: AccountState, id: number): void {
  if (!account.webhooks[id]) throw notFound(`Webhook ${id} not found`);
  delete account.webhooks[id];
  ctx.changed();
}

export function renderWebhook(w: Webhook) {
  return {
    id: w.id,
    subscribeTo: w.subscribeTo,
    httpMethod: w.httpMethod,
    uriTemplate: w.uriTemplate,
    bodyTemplate: w.bodyTemplate,
    contentType: w.contentType,
    idSetAccepted: w.idSetAccepted,
    qualityOfService: w.qualityOfService,
  };
}

export const simulateBodySchema = z.object({ testData: z.record(z.string(), z.string()) });
