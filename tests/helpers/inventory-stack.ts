// The stack the stock, prices and products tests drive: both sandboxes, the local engine (real
// time: the flush's gathering wait is real) serving the app's real serve route, and a local HTTP
// server at the app's public URL that hands Brightpearl's webhook deliveries to the real receiver.
import { afterAll } from "vitest";
import { saveMapping } from "@/lib/tenants/mappings";
import { tenantDb } from "@/lib/tenants/scope";
import { saveFlowSwitches, type FlowSwitches } from "@/lib/tenants/settings";
import { eventually } from "@/tests/fixtures/inngest/engine-harness";
import { startAppEngine } from "./app-engine";
import { startBrightpearl } from "./brightpearl";
import { startMagento } from "./magento";
import { startWebhookReceiver } from "./webhook-receiver";

export async function startStack(options: { perMinute?: number } = {}) {
  const receiver = await startWebhookReceiver();
  afterAll(receiver.close);
  const appUrl = receiver.url;
  const perMinute = options.perMinute ?? 200;

  const bp = await startBrightpearl({ throttle: { limit: perMinute, windowMs: 60_000 } });
  const mg = await startMagento();
  const engine = await startAppEngine(bp, { APP_URL: appUrl, BRIGHTPEARL_REQUESTS_PER_MINUTE: String(perMinute) }, { timeScale: 1 });
  const fnId = engine.fnId;
  const control = bp.started.sandbox.control;

  const FLOWS_OFF: FlowSwitches = { orders: false, inventory: false, prices: false, products: false, shipments: false, refunds: false };

  /** A tenant with `count` shared products, the given flows on and their webhooks registered. */
  async function tenant(input: {
    count?: number;
    flows: Partial<FlowSwitches>;
    magento?: Parameters<typeof mg.connect>[1];
    stock?: number | Record<string, number>;
    sources?: Record<string, number[]>;
  }) {
    const { tenantId, accountCode } = await bp.connect();
    const products = control.seedProducts(accountCode, { count: input.count ?? 20, stock: input.stock ?? { 2: 10 } });
    const { instance, client } = await mg.connect(tenantId, { catalogue: { count: input.count ?? 20 }, ...input.magento });
    const scoped = tenantDb(tenantId);
    for (const [code, warehouseIds] of Object.entries(input.sources ?? { default: [2] })) await saveMapping(scoped, tenantId, "source-warehouses", code, { warehouseIds });
    await saveMapping(scoped, tenantId, "store-view", "default", { channelId: 2, priceListId: 2 });
    await saveFlowSwitches(scoped, tenantId, { ...FLOWS_OFF, ...input.flows });
    await engine.engine.send({ name: "brightpearl/webhooks.sync.requested", data: { tenantId, reason: "flows switched" } });
    await eventually(async () => (await scoped.webhookSubscription.count()) > 0, 20_000, "webhooks registered");
    const productId = (sku: string) => products.find((p) => p.sku === sku)!.productId;
    return { tenantId, accountCode, instance, client, scoped, products, productId };
  }

  /** Waits until the tenant's latest report of a flow is finished, and returns it. */
  async function reportAfter(tenantId: string, flow: "INVENTORY" | "PRICES", since: Date) {
    return eventually(
      async () => (await tenantDb(tenantId).driftReport.findFirst({ where: { flow, startedAt: { gte: since }, finishedAt: { not: null } }, orderBy: { startedAt: "desc" } })) ?? undefined,
      60_000,
      `${flow} report`,
    );
  }

  /** Waits until Brightpearl has sent every notification and the tenant's flushes are done. */
  async function settled(tenantId: string) {
    await control.webhooksIdle();
    // the notifications' own runs first: they record the changes and ask for the flush
    await engine.engine.whenIdle(30_000);
    await eventually(
      async () => {
        const scoped = tenantDb(tenantId);
        const [pending, flush] = await Promise.all([scoped.pendingProductChange.count(), scoped.productChangeFlush.findFirst()]);
        return pending === 0 && !flush?.requestedAt;
      },
      60_000,
      "pending changes flushed",
    );
    await engine.engine.whenIdle(30_000);
  }

  return { bp, mg, engine, fnId, control, tenant, reportAfter, settled };
}
