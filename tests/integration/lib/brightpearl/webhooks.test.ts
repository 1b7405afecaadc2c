import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { reconcileWebhooks, WEBHOOK_BODY_TEMPLATE, webhookDestination, type WebhookSpec } from "@/lib/brightpearl/webhooks";
import { db } from "@/lib/db";
import { tenantDb } from "@/lib/tenants/scope";
import { startBrightpearl } from "../../../helpers/brightpearl";

const bp = await startBrightpearl();
const APP_URL = "https://connector.example.com";

afterAll(async () => {
  await db().$disconnect();
});

const wanted: WebhookSpec[] = [
  { event: "product.modified.on-hand-modified", qualityOfService: 1, idSetAccepted: true },
  { event: "goods-out-note.modified.shipped", qualityOfService: 1, idSetAccepted: true },
];

const hookList = z.array(z.object({ id: z.number(), subscribeTo: z.string(), uriTemplate: z.string() }).loose());

async function setUp() {
  const { tenantId, accountCode } = await bp.connect();
  const client = bp.client(tenantId, accountCode);
  const input = { tenantId, appUrl: APP_URL, secret: "s3cret-value", wanted };
  const list = () => client.get("/integration-service/webhook", hookList);
  return { tenantId, accountCode, client, input, list };
}

describe("webhook subscriptions", () => {
  it("run twice, leave exactly one subscription per event, pointing at the tenant's secret URL", async () => {
    const { tenantId, client, input, list } = await setUp();
    const first = await reconcileWebhooks(client, tenantDb(tenantId), input);
    const second = await reconcileWebhooks(client, tenantDb(tenantId), input);
    expect(first.created.sort()).toEqual(wanted.map((w) => w.event).sort());
    expect(second).toEqual({ created: [], kept: expect.arrayContaining(wanted.map((w) => w.event)), removed: 0 });
    const hooks = await list();
    expect(hooks.map((h) => h.subscribeTo).sort()).toEqual(wanted.map((w) => w.event).sort());
    expect(new Set(hooks.map((h) => h.uriTemplate))).toEqual(new Set([webhookDestination(APP_URL, tenantId, "s3cret-value")]));
    const stored = await tenantDb(tenantId).webhookSubscription.findMany({ orderBy: { event: "asc" } });
    expect(stored.map((s) => [s.event, s.brightpearlWebhookId])).toEqual(
      hooks.sort((a, b) => a.subscribeTo.localeCompare(b.subscribeTo)).map((h) => [h.subscribeTo, h.id]),
    );
  });

  it("leaves other integrations' webhooks alone and replaces our stale or duplicated ones", async () => {
    const { tenantId, client, input, list } = await setUp();
    const register = (event: string, uriTemplate: string) =>
      client.post(
        "/integration-service/webhook",
        { subscribeTo: event, httpMethod: "POST", uriTemplate, bodyTemplate: WEBHOOK_BODY_TEMPLATE, contentType: "application/json", idSetAccepted: true, qualityOfService: 1 },
        z.number(),
      );
    const foreign = await register("goods-out-note.modified.shipped", "https://other-vendor.example.com/hooks");
    const stale = await register("product.modified.on-hand-modified", webhookDestination(APP_URL, tenantId, "old-secret"));
    const current = await register("goods-out-note.modified.shipped", webhookDestination(APP_URL, tenantId, "s3cret-value"));
    const duplicate = await register("goods-out-note.modified.shipped", webhookDestination(APP_URL, tenantId, "s3cret-value"));
    const unwanted = await register("product.created", webhookDestination(APP_URL, tenantId, "s3cret-value"));

    const result = await reconcileWebhooks(client, tenantDb(tenantId), input);

    const ids = (await list()).map((h) => h.id);
    expect(ids).toContain(foreign);
    expect(ids).toContain(current);
    expect(ids).not.toContain(stale);
    expect(ids).not.toContain(duplicate);
    expect(ids).not.toContain(unwanted);
    expect(result).toMatchObject({ created: ["product.modified.on-hand-modified"], kept: ["goods-out-note.modified.shipped"], removed: 3 });
    expect((await list()).filter((h) => h.uriTemplate.startsWith(APP_URL))).toHaveLength(2);
  });

  it("removes every one of ours, and only ours, when nothing is wanted", async () => {
    const { tenantId, client, input, list } = await setUp();
    await reconcileWebhooks(client, tenantDb(tenantId), input);
    await client.post("/integration-service/webhook", { subscribeTo: "product.created", httpMethod: "POST", uriTemplate: "https://other.example.com/x", bodyTemplate: "{}", contentType: "application/json" }, z.number());
    await reconcileWebhooks(client, tenantDb(tenantId), { ...input, wanted: [] });
    expect((await list()).map((h) => h.uriTemplate)).toEqual(["https://other.example.com/x"]);
    expect(await tenantDb(tenantId).webhookSubscription.count()).toBe(0);
  });
});
