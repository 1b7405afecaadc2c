// The control API (under ADMIN_PREFIX): instances, integrations, catalogue and order generation,
// merchant actions on orders, the store clock, fault injection, the request log, reset and
// snapshots. Refused unless the sandbox's admin switch is on.
import { Hono, type Context } from "hono";
import { z } from "zod";
import { faultRuleSchema } from "../../shared/faults";
import { DEFAULT_ORDER_EVERY_MS } from "../autopilot";
import { honoPattern, magentoRoutes } from "../api/index";
import { findOrder } from "../api/order-routes";
import { seedCatalogue } from "../domain/demo-catalogue";
import { parseMagentoDate } from "../domain/format";
import { salableQuantity } from "../domain/inventory";
import { generateOrders } from "../domain/order-generator";
import { addOrderComment, cancelOrder, holdOrder, invoiceOrder, refundOrder, shipOrder, unholdOrder } from "../domain/order-operations";
import { creditmemoOutput, invoiceOutput, orderOutput, setState, shipmentOutput } from "../domain/orders";
import { MagentoError } from "../http/errors";
import type { MagentoInstance } from "../instance";
import { configPatchSchema } from "../instance-config";
import type { MagentoSandbox } from "../sandbox";
import {
  catalogueInputSchema,
  clockSchema,
  createInstanceSchema,
  integrationInputSchema,
  integrationPatchSchema,
  orderActionSchema,
  ordersInputSchema,
  requestQuerySchema,
} from "./control-schemas";

class ControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

async function json(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, "the body is not valid JSON");
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ControlError(400, `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return result.data;
}

function toMs(value: number | string): number {
  if (typeof value === "number") return value;
  const ms = parseMagentoDate(value) ?? Date.parse(value);
  if (Number.isNaN(ms)) throw new ControlError(400, `not a date: ${value}`);
  return ms;
}

function orderDocuments(instance: MagentoInstance, orderId: number) {
  const s = instance.state;
  return {
    order: orderOutput(instance, findOrder(instance, orderId)),
    shipments: s.shipments.filter((x) => x.data.order_id === orderId).map((x) => shipmentOutput(instance, x)),
    invoices: s.invoices.filter((x) => x.data.order_id === orderId).map(invoiceOutput),
    creditmemos: s.creditmemos.filter((x) => x.data.order_id === orderId).map(creditmemoOutput),
  };
}

export function controlRoutes(sandbox: MagentoSandbox): Hono {
  const app = new Hono();
  const instanceOf = (c: Context): MagentoInstance => {
    const instance = sandbox.getInstance(c.req.param("id") ?? "");
    if (!instance) throw new ControlError(404, `no sandbox instance ${c.req.param("id")}`);
    return instance;
  };

  app.use("*", async (c, next) => {
    if (!sandbox.admin) return c.json({ error: "The sandbox control API is disabled (SANDBOX_ADMIN=off or NODE_ENV=production)." }, 403);
    await next();
  });
  app.onError((error, c) => {
    if (error instanceof ControlError) return c.json({ error: error.message }, error.status);
    if (error instanceof MagentoError) return c.json({ error: error.template, magento: error.body() }, 409);
    if (error instanceof z.ZodError) return c.json({ error: error.issues[0]?.message ?? "invalid input" }, 400);
    return c.json({ error: error.message }, 400);
  });

  app.get("/instances", (c) => c.json(sandbox.listInstances().map((i) => i.describe())));
  app.post("/instances", async (c) => {
    const input = parse(createInstanceSchema, await json(c));
    return c.json(sandbox.createInstance(input).describe(), 201);
  });
  app.get("/instances/:id", (c) => c.json(instanceOf(c).describe()));
  app.delete("/instances/:id", (c) => {
    const instance = instanceOf(c);
    if (instance.id === sandbox.defaultInstanceId) throw new ControlError(409, "the default instance cannot be deleted; reset it instead");
    sandbox.deleteInstance(instance.id);
    return c.json({ deleted: instance.id });
  });
  app.patch("/instances/:id/config", async (c) => {
    const instance = instanceOf(c);
    instance.updateConfig(parse(configPatchSchema, await json(c)));
    return c.json(instance.describe());
  });
  app.post("/instances/:id/reset", (c) => {
    const instance = instanceOf(c);
    instance.clearData();
    return c.json(instance.describe());
  });
  app.post("/instances/:id/integrations", async (c) => {
    const integration = instanceOf(c).createIntegration(parse(integrationInputSchema, await json(c)));
    return c.json(integration, 201);
  });
  app.patch("/instances/:id/integrations/:integrationId", async (c) => {
    const instance = instanceOf(c);
    const patch = parse(integrationPatchSchema, await json(c));
    let integration;
    try {
      integration = instance.integration(Number(c.req.param("integrationId")));
    } catch (error) {
      throw new ControlError(404, (error as Error).message);
    }
    if (patch.active !== undefined) integration.active = patch.active;
    if (patch.resources !== undefined) integration.resources = patch.resources;
    if (patch.revoked !== undefined) integration.revoked = patch.revoked;
    if (patch.reauthorize) instance.reauthorize(integration.id);
    return c.json(integration);
  });
  app.get("/autopilot", (c) => c.json(sandbox.autopilot.status()));
  app.post("/instances/:id/autopilot", async (c) => {
    const instance = instanceOf(c);
    const input = parse(z.object({ enabled: z.boolean(), orderEverySeconds: z.number().min(1).max(3600).optional() }), await json(c));
    if (!input.enabled) return c.json({ stopped: sandbox.autopilot.stop(instance.id) });
    return c.json(sandbox.autopilot.start(instance.id, input.orderEverySeconds === undefined ? DEFAULT_ORDER_EVERY_MS : input.orderEverySeconds * 1000));
  });
  app.post("/instances/:id/catalogue", async (c) => c.json(seedCatalogue(instanceOf(c), parse(catalogueInputSchema, await json(c)))));
  app.post("/instances/:id/orders", async (c) => {
    const instance = instanceOf(c);
    const input = parse(ordersInputSchema, await json(c));
    try {
      return c.json(generateOrders(instance, input), 201);
    } catch (error) {
      if (error instanceof MagentoError) throw error;
      throw new ControlError(409, (error as Error).message);
    }
  });
  app.get("/instances/:id/orders/:orderId", (c) => {
    const instance = instanceOf(c);
    const orderId = Number(c.req.param("orderId"));
    if (!instance.state.orders.some((o) => o.data.entity_id === orderId)) throw new ControlError(404, `no order ${orderId}`);
    return c.json(orderDocuments(instance, orderId));
  });
  app.post("/instances/:id/orders/:orderId/actions", async (c) => {
    const instance = instanceOf(c);
    const orderId = Number(c.req.param("orderId"));
    const order = instance.state.orders.find((o) => o.data.entity_id === orderId);
    if (!order) throw new ControlError(404, `no order ${orderId}`);
    const action = parse(orderActionSchema, await json(c));
    const run = (): unknown => {
      switch (action.action) {
        case "status":
          if (action.state) setState(order, action.state, action.status);
          return addOrderComment(instance, order, { comment: action.comment, status: action.status, is_customer_notified: action.notify ? 1 : 0, is_visible_on_front: 0 });
        case "comment":
          // The admin form always posts the order's current status along with the comment.
          return addOrderComment(instance, order, { comment: action.comment, status: action.status ?? String(order.data.status ?? ""), is_customer_notified: action.notify ? 1 : 0, is_visible_on_front: 0 });
        case "cancel":
          return cancelOrder(instance, order);
        case "hold":
          return holdOrder(instance, order);
        case "unhold":
          return unholdOrder(instance, order);
        case "invoice":
          return invoiceOrder(instance, order, { capture: action.capture ?? true });
        case "ship":
          return shipOrder(instance, order, {
            items: action.items,
            sourceCode: action.sourceCode,
            tracks: action.trackNumber ? [{ track_number: action.trackNumber, title: action.carrierCode ?? "Custom", carrier_code: action.carrierCode ?? "custom" }] : [],
          });
        case "refund":
          return refundOrder(instance, order, {
            items: action.items,
            shippingAmount: action.shippingAmount,
            returnToStockItems: action.returnToStock ? (action.items ?? order.items.map((i) => ({ order_item_id: Number(i.data.item_id) }))).map((i) => i.order_item_id) : undefined,
          });
        case "touch":
          order.data.updated_at = instance.nowString();
          return true;
      }
    };
    const result = action.at !== undefined ? instance.atTime(toMs(action.at), run) : run();
    return c.json({ result, ...orderDocuments(instance, orderId) });
  });
  app.get("/instances/:id/stock/:sku", (c) => {
    const instance = instanceOf(c);
    const sku = c.req.param("sku");
    const lower = sku.toLowerCase();
    return c.json({
      sku,
      sourceItems: instance.state.sourceItems.filter((s) => s.sku.toLowerCase() === lower),
      reservations: instance.state.reservations.filter((r) => r.sku.toLowerCase() === lower),
      salableQuantity: salableQuantity(instance, sku),
    });
  });
  app.put("/instances/:id/clock", async (c) => {
    const instance = instanceOf(c);
    const input = parse(clockSchema, await json(c));
    instance.state.clockOffsetMs = "offsetMs" in input ? input.offsetMs : toMs(input.now) - Date.now();
    return c.json({ now: instance.nowString(), offsetMs: instance.state.clockOffsetMs });
  });

  app.get("/routes", (c) => c.json(magentoRoutes.map((r) => ({ method: r.method, path: r.path, pattern: honoPattern(r), acl: r.acl, msiOnly: !!r.msi }))));

  app.get("/faults", (c) => c.json(sandbox.faults.list()));
  app.post("/faults", async (c) => c.json(sandbox.faults.add(parse(faultRuleSchema, await json(c))), 201));
  app.delete("/faults", (c) => {
    sandbox.faults.clear();
    return c.json({ cleared: true });
  });
  app.delete("/faults/:faultId", (c) => {
    if (!sandbox.faults.remove(c.req.param("faultId"))) throw new ControlError(404, `no fault rule ${c.req.param("faultId")}`);
    return c.json({ deleted: c.req.param("faultId") });
  });

  app.get("/requests", (c) => {
    const q = parse(requestQuerySchema, c.req.query());
    return c.json(sandbox.requests.list({ account: q.instance, since: q.since, route: q.route }));
  });
  app.get("/requests/counts", (c) => {
    const q = parse(requestQuerySchema, c.req.query());
    return c.json(sandbox.requests.counts({ account: q.instance, since: q.since }));
  });
  app.delete("/requests", (c) => {
    sandbox.requests.clear();
    return c.json({ cleared: true });
  });

  app.post("/reset", (c) => {
    sandbox.reset();
    return c.json({ reset: true, instances: sandbox.listInstances().map((i) => i.describe()) });
  });
  app.get("/snapshot", (c) => c.json(sandbox.snapshot()));
  app.put("/snapshot", async (c) => {
    try {
      sandbox.restore(await json(c));
    } catch (error) {
      throw new ControlError(400, (error as Error).message);
    }
    return c.json({ restored: sandbox.listInstances().map((i) => i.id) });
  });

  return app;
}
