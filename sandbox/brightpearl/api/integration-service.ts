// integration-service: webhook definitions and the simulate call.
import { Hono } from "hono";
import type { SandboxContext } from "../context";
import { createWebhook, deleteWebhook, renderWebhook, simulateBodySchema, webhookBodySchema } from "../domain/webhooks";
import { invalid, notFound } from "../http/errors";
import { account, body, idSetParam, intParam, type ApiEnv } from "../http/request";
import { parseIdSet } from "../lib/id-set";
import type { WebhookDispatcher } from "../webhooks/dispatcher";
import { empty, ok } from "./common";

const SIMULATE_MAX_IDS = 10;

export function integrationService(ctx: SandboxContext, dispatcher: WebhookDispatcher): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/integration-service/webhook", async (c) => {
    const webhook = createWebhook(ctx, account(c), await body(c, webhookBodySchema));
    return ok(c, webhook.id);
  });
  app.get("/integration-service/webhook", (c) => ok(c, Object.values(account(c).webhooks).map(renderWebhook)));
  app.get("/integration-service/webhook/:ids", (c) => {
    const a = account(c);
    const found = idSetParam(c.req.param("ids"), "webhook").flatMap((id) => (a.webhooks[id] ? [renderWebhook(a.webhooks[id]!)] : []));
    if (found.length === 0) throw notFound("Webhook not found");
    return ok(c, found);
  });
  app.delete("/integration-service/webhook/:id", (c) => {
    deleteWebhook(ctx, account(c), intParam(c.req.param("id"), "webhook"));
    return empty(c);
  });
  app.post("/integration-service/webhook/:id/simulate", async (c) => {
    const a = account(c);
    const webhook = a.webhooks[intParam(c.req.param("id"), "webhook")];
    if (!webhook) throw notFound("Webhook not found");
    const { testData } = await body(c, simulateBodySchema);
    const ids = testData["${resource-id}"];
    if (ids !== undefined) {
      let count: number;
      try {
        count = parseIdSet(ids).length;
      } catch {
        throw invalid("INTC-070", `\${resource-id} "${ids}" is not an ID set`);
      }
      if (count > SIMULATE_MAX_IDS) throw invalid("INTC-071", `At most ${SIMULATE_MAX_IDS} ids may be simulated`);
    }
    dispatcher.simulate(a, webhook, testData);
    // UNVERIFIED: simulate answers {} once the delivery is queued.
    return empty(c);
  });

  return app;
}
