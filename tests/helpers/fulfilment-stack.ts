// Both sandboxes, the local engine driving the app's real serve route, and a webhook receiver on a
// free port that hands each delivery to the app's real receiver route, so Brightpearl's webhooks
// travel the whole way: sandbox → receiver → engine → functions. Tenants get orders imported by
// the orders flow, the fulfilment flows on and their webhooks registered.
import { afterAll } from "vitest";
import { db } from "@/lib/db";
import { tenantDb } from "@/lib/tenants/scope";
import { saveFlowSwitches, saveOptions, setGoLive, type SettingsOptions } from "@/lib/tenants/settings";
import { webhookSecretOf } from "@/lib/tenants/tenants";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { startAppEngine } from "@/tests/helpers/app-engine";
import { startBrightpearl } from "@/tests/helpers/brightpearl";
import { startMagento } from "@/tests/helpers/magento";
import { mapEverythingForOrders } from "@/tests/helpers/order-mappings";
import { startWebhookReceiver } from "@/tests/helpers/webhook-receiver";
import type { CreateInstanceInput } from "@/sandbox/magento/sandbox";

export async function startFulfilmentStack() {
  const receiver = await startWebhookReceiver();
  afterAll(receiver.close);
  const appUrl = receiver.url;

  const bp = await startBrightpearl();
  const mg = await startMagento();
  const engine = await startAppEngine(bp, { APP_URL: appUrl });
  const control = bp.started.sandbox.control;
  control.configure({ webhooks: { batchWindowMs: 20, retryDelaysMs: [50, 200, 500] } });

  /** The delivery Brightpearl would send, posted to the receiver again (a QoS 1 redelivery). */
  const redeliver = async (tenantId: string, delivery: { accountCode: string; fullEvent: string; id: string }) => {
    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
    const [resourceType, lifecycleEvent] = delivery.fullEvent.split(".");
    const response = await fetch(`${appUrl}/api/brightpearl/webhooks/${tenantId}?k=${encodeURIComponent(webhookSecretOf(tenant))}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...delivery, resourceType, lifecycleEvent, raisedOn: new Date().toISOString() }),
    });
    return response.status;
  };

  /** What a merchant does to an order in the Magento admin (the sandbox's control API). */
  const magentoAction = async (instanceId: string, orderId: number, action: Record<string, unknown>) => {
    const response = await fetch(`${mg.started.url}/__sandbox/instances/${instanceId}/orders/${orderId}/actions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(action),
    });
    if (response.status >= 300) throw new Error(`magento action ${JSON.stringify(action)}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ result: unknown }>;
  };

  return { bp, mg, engine, control, appUrl, redeliver, magentoAction };
}

export type FulfilmentStack = Awaited<ReturnType<typeof startFulfilmentStack>>;

const ALL_ON = { orders: true, inventory: false, prices: false, products: false, shipments: true, refunds: true };

/**
 * A connected tenant whose Magento orders are all imported into Brightpearl (the orders flow ran),
 * with the shipments and refunds flows on and their webhooks registered.
 */
export async function tenantWithImportedOrders(
  stack: FulfilmentStack,
  input: { orders: CreateInstanceInput["orders"]; catalogue?: CreateInstanceInput["catalogue"]; options?: Partial<SettingsOptions>; config?: CreateInstanceInput["config"]; autoAllocate?: boolean },
) {
  const { bp, mg, engine, control } = stack;
  const { tenantId, accountCode } = await bp.connect();
  control.seedProducts(accountCode, { count: 30 });
  // An account that allocates by hand leaves rows unreserved, so any warehouse can ship them.
  if (input.autoAllocate === false) control.account(accountCode).settings.autoAllocate = false;
  const { instance, client } = await mg.connect(tenantId, { catalogue: input.catalogue ?? { count: 30 }, orders: input.orders, ...(input.config ? { config: input.config } : {}) });
  const scoped = tenantDb(tenantId);
  await setGoLive(scoped, tenantId, new Date(Date.now() - 10 * 86_400_000));
  await mapEverythingForOrders(scoped, tenantId);
  if (input.options) await saveOptions(scoped, tenantId, input.options);
  await saveFlowSwitches(scoped, tenantId, ALL_ON);

  const eligible = instance.state.orders.filter((o) => o.data.status !== "canceled").map((o) => Number(o.data.entity_id));
  await engine.engine.send(eligible.map((orderId) => ({ name: "magento/order.detected", data: { tenantId, orderId } })));
  await eventually(async () => (await scoped.syncRecord.count({ where: { flow: "ORDERS", status: "SUCCEEDED" } })) === eligible.length, 30_000, "every order imported");

  await engine.engine.send({ name: "brightpearl/webhooks.sync.requested", data: { tenantId, reason: "test" } });
  await eventually(async () => (await scoped.webhookSubscription.count()) >= 3, 20_000, "webhooks registered");

  const brightpearlOrderOf = async (magentoOrderId: number) => Number((await scoped.syncRecord.findFirstOrThrow({ where: { flow: "ORDERS", sourceId: String(magentoOrderId) } })).targetId);
  const magentoOrder = (magentoOrderId: number) => instance.state.orders.find((o) => Number(o.data.entity_id) === magentoOrderId)!;
  const shipmentsOf = (magentoOrderId: number) => instance.state.shipments.filter((s) => Number(s.data.order_id) === magentoOrderId);
  return { tenantId, accountCode, instance, client, scoped, eligible, brightpearlOrderOf, magentoOrder, shipmentsOf };
}
